"""When the first Family Team Meeting is due: within 60 days of a family opening, 30 where
the Indian Child Welfare Act applies. Pure functions of dates."""

from dataclasses import dataclass
from datetime import date, timedelta

FIRST_MEETING_DAYS = 60
FIRST_MEETING_DAYS_ICWA = 30


def first_meeting_due(opened_on: date, *, icwa: bool) -> date:
    return opened_on + timedelta(days=FIRST_MEETING_DAYS_ICWA if icwa else FIRST_MEETING_DAYS)


@dataclass(frozen=True)
class FirstMeeting:
    state: str  # "held", "due" or "overdue"
    on: date  # the day it was held, or is due


def first_meeting_state(
    *, opened_on: date | None, icwa: bool, first_held_on: date | None, today: date, closed: bool = False
) -> FirstMeeting | None:
    """None for a family not (yet) opened, or closed without one: nothing is due of a closed
    family. Due on the last day is still on time."""
    if first_held_on is not None:
        return FirstMeeting("held", first_held_on)
    if opened_on is None or closed:
        return None
    due = first_meeting_due(opened_on, icwa=icwa)
    return FirstMeeting("overdue" if today > due else "due", due)
