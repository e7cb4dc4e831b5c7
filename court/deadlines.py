"""When a court report is due: ten days before its hearing (day -10 on time, day -9 late),
until the hearing is held. Pure functions; supervision's rule "court_report" is the same in
SQL (tests/court/test_report_due.py checks both on each side of the edge)."""

from dataclasses import dataclass
from datetime import date, timedelta

from .models import REPORT_DUE_DAYS_BEFORE


def report_due_on(hearing_on: date) -> date:
    return hearing_on - timedelta(days=REPORT_DUE_DAYS_BEFORE)


@dataclass(frozen=True)
class ReportDue:
    on: date
    overdue: bool


def report_due(*, hearing_on: date, final: bool, today: date) -> ReportDue:
    """A report not final by its due date is overdue until the hearing is held."""
    due = report_due_on(hearing_on)
    return ReportDue(due, overdue=not final and due < today <= hearing_on)
