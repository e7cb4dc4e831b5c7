"""Placements' part of the court report (court.document_kind draws the rest; the sections
plug in through families.extensions.register_report_section, so court imports nothing of
placements): where each child has lived, and family time held against the plan.

An address is printed only through Placement.address_for_family_documents (never one the
court ordered kept from the parents, never a resource family's), and none at all when such
an order stands for the family (`withhold_addresses`)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from families.extensions import ReportSection

from .models import Setting
from .selectors import family_time_summary, placement_history


def _carer(placement) -> str:
    if placement.setting == Setting.RESOURCE_FAMILY:
        return str(_("a resource family"))
    if placement.carer_name and placement.carer_relationship:
        return f"{placement.carer_name} ({placement.carer_relationship})"
    return placement.carer_name


def placement_history_section(*, family, as_of: date | None, withhold_addresses: bool) -> dict:
    """Every placement begun by `as_of` (a final report: the day it was approved). Queries: 1."""
    rows = []
    for placement in placement_history(family):
        if as_of is not None and placement.started_on > as_of:
            continue
        ended = (
            placement.ended_on
            if placement.ended_on and (as_of is None or placement.ended_on <= as_of)
            else None
        )
        rows.append(
            {
                "child": placement.child.called,
                "setting": placement.get_setting_display(),
                "started_on": placement.started_on,
                "ended_on": ended,
                "carer": _carer(placement),
                "address": "" if withhold_addresses else placement.address_for_family_documents,
                "reason": placement.reason,
                "moves_before": placement.moves_before,
            }
        )
    return {"placements": rows}


def family_time_section(*, family, as_of: date | None, withhold_addresses: bool) -> dict:
    """Each family-time plan with the visits planned, held, cancelled and missed. Queries: 2."""
    summary = family_time_summary(family)
    return {
        "plans": [
            {
                "child": p.plan.child.called,
                "with_whom": p.plan.with_whom,
                "planned": p.planned,
                "held": p.held,
                "cancelled": p.cancelled,
                "missed": p.missed,
                "rate": p.rate,
            }
            for p in summary.plans
        ],
        "planned": summary.planned,
        "held": summary.held,
        "rate": summary.rate,
    }


SECTIONS = (
    ReportSection(
        key="placement_history",
        heading=_("Where the children have lived"),
        template="pdf/_court_placement_history.html",
        context=placement_history_section,
        order=40,
    ),
    ReportSection(
        key="family_time",
        heading=_("Family time"),
        template="pdf/_court_family_time.html",
        context=family_time_section,
        order=45,
    ),
)
