from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from families.deadlines import DueItem, month_end, next_due
from families.models import Family, FamilyStatus, ResponsePriority
from tests.factories import FamilyFactory

TODAY = date(2026, 11, 26)


def row(**fields) -> Family:
    family = Family(referral_date=fields.pop("referral_date", TODAY - timedelta(days=3)), **fields)
    return family


def test_an_immediate_referral_not_yet_reached_is_due_within_a_day_and_overdue_after():
    family = row(status=FamilyStatus.REFERRAL, response_priority=ResponsePriority.IMMEDIATE)
    assert next_due(family, today=TODAY) == DueItem("First contact", TODAY - timedelta(days=2), overdue=True)


def test_a_ten_day_referral_is_due_ten_days_after_it_came_in():
    family = row(status=FamilyStatus.REFERRAL, response_priority=ResponsePriority.TEN_DAY)
    assert next_due(family, today=TODAY) == DueItem("First contact", TODAY + timedelta(days=7), overdue=False)


def test_once_reached_the_monthly_visit_is_what_is_due():
    family = row(status=FamilyStatus.OPEN, first_contact_at=timezone.make_aware(datetime(2026, 11, 24, 10)))
    family.children_unseen = 2
    assert next_due(family, today=TODAY) == DueItem(
        "Visit: 2 children not yet seen", date(2026, 11, 30), False
    )


def test_nothing_is_due_for_a_closed_family_or_one_whose_children_were_all_seen():
    assert next_due(row(status=FamilyStatus.CLOSED), today=TODAY) is None
    seen = row(status=FamilyStatus.OPEN)
    seen.children_unseen = 0
    assert next_due(seen, today=TODAY) is None


@pytest.mark.parametrize(
    ("day", "end"), [(date(2028, 2, 3), date(2028, 2, 29)), (date(2026, 12, 31), date(2026, 12, 31))]
)
def test_month_end(day, end):
    assert month_end(day) == end


@pytest.mark.django_db
def test_my_caseload_shows_an_overdue_first_contact(client_of, alice):
    FamilyFactory(
        assigned_caseworker=alice,
        status=FamilyStatus.REFERRAL,
        response_priority=ResponsePriority.IMMEDIATE,
        referral_date=timezone.localdate() - timedelta(days=3),
    )
    page = client_of(alice).get(reverse("families:my_caseload")).text
    assert "overdue" in page and "First contact" in page
