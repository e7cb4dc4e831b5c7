"""The caseload's case-plan column: when the first plan or the next review is due
(annotated by selectors.with_case_plan_columns)."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from families.caseload import NOTHING, OVERDUE, day

from .selectors import case_plan_due_of


def case_plan_cell(family) -> SafeString:
    due = case_plan_due_of(family)
    if due is None:
        return NOTHING
    when = day(due.on)
    what = _("review by %(day)s") if due.what == "review" else _("first plan by %(day)s")
    return format_html("{}{}", format_html("{} ", OVERDUE) if due.overdue else "", what % {"day": when})
