"""The caseload's first-meeting column: held, due or overdue (60 days from opening, 30 under
ICWA), and the family's overdue action items (annotated by selectors.with_meeting_columns)."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from families.caseload import NOTHING, OVERDUE, day

from .selectors import first_meeting_of


def first_meeting_cell(family) -> SafeString:
    first = first_meeting_of(family)
    if first is None:
        state = NOTHING
    elif first.state == "held":
        state = format_html(
            '<span class="text-success">{}</span>', _("held %(day)s") % {"day": day(first.on)}
        )
    elif first.state == "overdue":
        state = format_html("{} {}", OVERDUE, _("since %(day)s") % {"day": day(first.on)})
    else:
        state = format_html("{}", _("due by %(day)s") % {"day": day(first.on)})
    overdue = family.overdue_action_items
    if not overdue:
        return state
    return format_html(
        '{}<br><span class="small text-danger-emphasis">{}</span>',
        state,
        ngettext("%(n)d action item overdue", "%(n)d action items overdue", overdue) % {"n": overdue},
    )
