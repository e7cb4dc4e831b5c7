"""When a case plan is due: the first within 60 days of a family opening; then reviewed at
least every six months (by the review date the approved plan sets). Pure functions."""

from dataclasses import dataclass
from datetime import date, timedelta

FIRST_PLAN_DAYS = 60


@dataclass(frozen=True)
class PlanDue:
    what: str  # "first plan" or "review"
    on: date
    overdue: bool


def case_plan_due(*, opened_on: date | None, active_review_on: date | None, today: date) -> PlanDue | None:
    if active_review_on is not None:
        return PlanDue("review", active_review_on, overdue=today > active_review_on)
    if opened_on is None:
        return None
    due = opened_on + timedelta(days=FIRST_PLAN_DAYS)
    return PlanDue("first plan", due, overdue=today > due)
