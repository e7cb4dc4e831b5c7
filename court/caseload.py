"""The caseload's court column: the next hearing, and when its report is due (annotated by
selectors.with_court_columns)."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from families.caseload import NOTHING, OVERDUE, day
from families.models import FamilyStatus

from .models import HearingKind
from .selectors import next_hearing_of

KINDS = dict(HearingKind.choices)


def court_cell(family) -> SafeString:
    upcoming = next_hearing_of(family) if family.status != FamilyStatus.CLOSED else None
    if upcoming is None:
        return NOTHING
    on, kind, due = upcoming
    hearing = _("%(kind)s, %(day)s") % {"kind": KINDS.get(kind, kind), "day": day(on)}
    if due.overdue:
        return format_html("{}<br>{} {}", hearing, OVERDUE, _("report due %(day)s") % {"day": day(due.on)})
    if family.next_hearing_report_final:
        return format_html('{}<br><span class="small text-success">{}</span>', hearing, _("report final"))
    return format_html(
        '{}<br><span class="small">{}</span>', hearing, _("report due %(day)s") % {"day": day(due.on)}
    )


def court_value(family):
    """In an export: the next hearing's date."""
    return family.next_hearing_on
