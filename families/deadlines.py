"""What is due next for a family, by the standards a supervisor is held to (DOMAIN.md):
first contact within 24 hours or 10 days of a referral; every child seen in person each
calendar month. Later capabilities (meetings, case plans) add their own deadlines here.

Pure functions of a caseload row (annotated by families.selectors.with_caseload_columns):
no queries.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Family, FamilyStatus


@dataclass(frozen=True)
class DueItem:
    what: str
    due: date
    overdue: bool


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_due(family: Family, *, today: date) -> DueItem | None:
    """The most pressing thing due for this family, or None when nothing is."""
    if family.status == FamilyStatus.CLOSED:
        return None
    if family.status == FamilyStatus.REFERRAL and family.first_contact_at is None:
        due = family.first_contact_due
        return DueItem(_("First contact"), due, overdue=due < today)
    unseen = getattr(family, "children_unseen", 0)
    if unseen:
        what = ngettext(
            "Visit: %(count)s child not yet seen", "Visit: %(count)s children not yet seen", unseen
        ) % {"count": unseen}
        return DueItem(what, month_end(today), overdue=False)
    return None
