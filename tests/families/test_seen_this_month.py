"""Every child is to be seen in person each calendar month, in the agency's time zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from families.models import Family
from families.selectors import children_with_last_seen, month_start, seen_this_month, with_caseload_columns
from tests.factories import ChildFactory, ContactFactory

AGENCY = ZoneInfo("America/Los_Angeles")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=AGENCY)


@pytest.mark.parametrize(
    ("last_seen", "now", "expected"),
    [
        (at(2026, 11, 30, 23, 59), at(2026, 11, 30, 23, 59, 30), True),  # last minute of the month
        (at(2026, 10, 31, 23, 59), at(2026, 11, 1, 0, 1), False),  # just after midnight on the 1st
        (at(2026, 11, 1, 0, 0), at(2026, 11, 1, 0, 0), True),  # seen at the stroke of the month
        (at(2028, 2, 29, 12, 0), at(2028, 2, 29, 18, 0), True),  # leap day, same month
        (at(2028, 2, 29, 12, 0), at(2028, 3, 1, 8, 0), False),  # leap day, then March
        (at(2026, 12, 31, 10, 0), at(2027, 1, 1, 9, 0), False),  # across a year
        (None, at(2026, 11, 15), False),  # never seen
    ],
)
def test_seen_this_month_at_the_month_boundaries(last_seen, now, expected):
    assert seen_this_month(last_seen, now) is expected


def test_the_month_starts_at_local_midnight_not_utc():
    # 1 Nov 05:00 UTC is still 31 Oct in California (UTC-7)
    now = datetime(2026, 11, 1, 5, 0, tzinfo=ZoneInfo("UTC"))
    assert month_start(now) == at(2026, 10, 1)


@pytest.mark.django_db
def test_caseload_counts_children_not_seen_this_month(family):
    seen, unseen, left = ChildFactory.create_batch(3, family=family)
    left.left_household_on = timezone.localdate()
    left.save()
    ContactFactory(family=family, children_seen=[seen])
    ContactFactory(family=family, kind="phone", occurred_at=timezone.now() - timedelta(hours=1))

    row = with_caseload_columns(Family.objects.filter(pk=family.pk)).get()

    assert row.children_count == 2  # the child who left is not counted
    assert row.children_unseen == 1
    assert row.last_contact_at is not None


@pytest.mark.django_db
def test_a_visit_last_month_does_not_count_this_month(family):
    child = ChildFactory(family=family)
    last_month = month_start(timezone.now()) - timedelta(minutes=1)
    ContactFactory(family=family, children_seen=[child], occurred_at=last_month)
    row = with_caseload_columns(Family.objects.filter(pk=family.pk)).get()
    assert row.children_unseen == 1
    (annotated,) = children_with_last_seen(family)
    assert annotated.last_seen_at == last_month
