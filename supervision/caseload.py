"""The caseload's "From supervision" column: what waits for the supervisor, what they decided
lately, and the consultation actions still open (annotated by
selectors.with_supervision_columns)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from families.caseload import NOTHING

WAITING, RETURNED, APPROVED = "text-bg-info", "text-bg-warning", "text-bg-success"

# selectors.with_supervision_columns' codes: the row's words and their badge.
OUTCOMES = {
    "plan_waiting": (_("Case plan waiting for the supervisor"), WAITING),
    "plan_returned": (_("Case plan returned"), RETURNED),
    "plan_approved": (_("Case plan approved"), APPROVED),
    "override_waiting": (_("Risk override waiting for the supervisor"), WAITING),
    "override_approved": (_("Risk override approved"), APPROVED),
    "override_rejected": (_("Risk override not approved"), RETURNED),
    "safety_override_waiting": (_("Safety override waiting for the supervisor"), WAITING),
    "safety_override_approved": (_("Safety override approved"), APPROVED),
    "safety_override_rejected": (_("Safety override not approved"), RETURNED),
    "reunification_override_waiting": (_("Reunification override waiting for the supervisor"), WAITING),
    "reunification_override_approved": (_("Reunification override approved"), APPROVED),
    "reunification_override_rejected": (_("Reunification override not approved"), RETURNED),
    "closure_waiting": (_("Closure waiting for the supervisor"), WAITING),
    "closure_returned": (_("Closure returned"), RETURNED),
    "closure_approved": (_("Closure approved"), APPROVED),
}


def outcomes_of(family) -> list[str]:
    """The row's codes from supervision, e.g. "plan_returned" (OUTCOMES)."""
    codes = (
        family.plan_outcome,
        family.override_outcome,
        family.safety_override_outcome,
        family.reunification_override_outcome,
        family.closure_outcome,
    )
    return [code for code in codes if code]


def supervision_cell(family) -> SafeString:
    outcomes = outcomes_of(family)
    badges = format_html_join(
        "",
        '<span class="badge {}">{}</span><br>',
        ((OUTCOMES[code][1], OUTCOMES[code][0]) for code in outcomes),
    )
    if not family.agreed_open:
        return badges if outcomes else NOTHING
    overdue = (
        format_html(
            ' <span class="badge text-bg-danger">{}</span>',
            ngettext("%(count)s overdue", "%(count)s overdue", family.agreed_overdue)
            % {"count": family.agreed_overdue},
        )
        if family.agreed_overdue
        else ""
    )
    agreed = ngettext("%(count)s agreed action", "%(count)s agreed actions", family.agreed_open) % {
        "count": family.agreed_open
    }
    return format_html(
        '{}<a class="small" href="{}">{}</a>{}',
        badges,
        reverse("supervision:consultations", args=[family.public_id]),
        agreed,
        overdue,
    )
