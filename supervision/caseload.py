"""The caseload's "From supervision" column: what waits for the supervisor, what they decided
lately, and the consultation actions still open (annotated by
selectors.with_supervision_columns)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from families.caseload import NOTHING, plural


def outcomes_of(family) -> list[str]:
    """The row's words from supervision, e.g. "Case plan returned"."""
    return [o for o in (family.plan_outcome, family.override_outcome, family.closure_outcome) if o]


def _badge(outcome: str) -> str:
    if "waiting" in outcome:
        return "text-bg-info"
    if "returned" in outcome or "not approved" in outcome:
        return "text-bg-warning"
    return "text-bg-success"


def supervision_cell(family) -> SafeString:
    outcomes = outcomes_of(family)
    badges = format_html_join(
        "", '<span class="badge {}">{}</span><br>', ((_badge(outcome), outcome) for outcome in outcomes)
    )
    if not family.agreed_open:
        return badges if outcomes else NOTHING
    overdue = (
        format_html(' <span class="badge text-bg-danger">{} overdue</span>', family.agreed_overdue)
        if family.agreed_overdue
        else ""
    )
    return format_html(
        '{}<a class="small" href="{}">{} {}</a>{}',
        badges,
        reverse("supervision:consultations", args=[family.public_id]),
        family.agreed_open,
        plural(family.agreed_open, "agreed action", "agreed actions"),
        overdue,
    )
