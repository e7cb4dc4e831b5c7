"""When a case plan is due: the first within 60 days of a family opening; then reviewed at
least every six months: by the review date the approved plan sets, and never later than six
months to the day after its approval. Pure functions."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_PLAN_DAYS = 60
# An approved plan is signed by the caregivers within 30 days of its approval (day 30 on
# time, day 31 late): supervision's rule "case_plan_unsigned".
SIGNED_WITHIN_DAYS = 30


def six_months_after(day: date) -> date:
    """The same day six months later; the month's last day where that month is shorter
    (Aug 31 → Feb 28, or Feb 29 in a leap year), as PostgreSQL's + interval '6 months'."""
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PlanDue:
    what: str  # "first plan" or "review"
    on: date
    overdue: bool


def case_plan_due(
    *, opened_on: date | None, active_review_on: date | None, today: date, approved_on: date | None = None
) -> PlanDue | None:
    if active_review_on is not None or approved_on is not None:
        due = min(d for d in (active_review_on, approved_on and six_months_after(approved_on)) if d)
        return PlanDue("review", due, overdue=today > due)
    if opened_on is None:
        return None
    due = opened_on + timedelta(days=FIRST_PLAN_DAYS)
    return PlanDue("first plan", due, overdue=today > due)
