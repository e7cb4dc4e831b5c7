"""The rules of children in care (supervision.compliance), on both sides of each edge: a child
in care seen where they live this month, placement moves in the last 12 months, and family
time held less often than planned over the last 31 days."""

from datetime import date, timedelta

import pytest

from families.models import ContactKind
from placements.models import FamilyTimePlan, FamilyTimeVisit, Placement
from tests.factories import ChildFactory, ContactFactory, FamilyFactory
from tests.supervision.test_compliance_rules import judge, local

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)


def placed(family, child, by, *, setting="relative", started_on=DAY - timedelta(days=40), **fields):
    return Placement.objects.create(
        family=family, child=child, setting=setting, started_on=started_on, carer_name="Lucía",
        reason="Unsafe", recorded_by=by, **fields,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "seen_on", "unseen"),
    [
        (ContactKind.PLACEMENT_VISIT, date(2026, 11, 1), 0),  # seen where she lives this month
        (ContactKind.PLACEMENT_VISIT, date(2026, 10, 31), 1),  # last month
        (ContactKind.SCHOOL, date(2026, 11, 10), 1),  # seen this month, but not where she lives
        (ContactKind.HOME_VISIT, date(2026, 11, 10), 1),  # at her parents' home
    ],
)
def test_a_child_in_care_is_seen_where_they_live_each_month(alice, kind, seen_on, unseen):
    family = FamilyFactory(assigned_caseworker=alice)
    child = ChildFactory(family=family)
    placed(family, child, alice)
    ContactFactory(family=family, kind=kind, occurred_at=local(seen_on), children_seen=[child])
    assert judge(family, "in_care_not_seen", DAY) == unseen


def test_a_child_at_home_or_no_longer_in_care_is_not_counted(alice):
    family = FamilyFactory(assigned_caseworker=alice)
    at_home, went_home = ChildFactory.create_batch(2, family=family)
    placed(family, at_home, alice, setting="at_home")
    placed(family, went_home, alice, ended_on=DAY)  # home from today
    assert judge(family, "in_care_not_seen", DAY) == 0
    assert judge(family, "in_care_not_seen", DAY - timedelta(days=1)) == 1


def test_moves_are_counted_per_child_over_12_months(alice):
    family = FamilyFactory(assigned_caseworker=alice)
    sofia, tomas = ChildFactory.create_batch(2, family=family)
    year_ago = DAY - timedelta(days=365)
    placed(family, sofia, alice, started_on=year_ago - timedelta(days=10), ended_on=year_ago)
    placed(
        family, sofia, alice, started_on=year_ago, ended_on=DAY - timedelta(days=5)
    )  # a year ago: not counted
    placed(family, sofia, alice, started_on=DAY - timedelta(days=5))  # a move
    placed(family, tomas, alice, started_on=DAY - timedelta(days=30))  # his first placement: no move
    assert judge(family, "moves", DAY) == 1
    # the day before, the move of a year ago is still within 12 months
    assert judge(family, "moves", DAY - timedelta(days=1)) == 2
    # before the recent move happened, only that one
    assert judge(family, "moves", DAY - timedelta(days=6)) == 1


@pytest.mark.parametrize(("held", "below"), [(4, 0), (3, 1)])
def test_family_time_below_the_weekly_plan_over_31_days(alice, held, below):
    family = FamilyFactory(assigned_caseworker=alice)
    child = ChildFactory(family=family)
    plan = FamilyTimePlan.objects.create(
        family=family, child=child, with_whom="Maria (mother)", with_kind="parent", times=1, per="week",
        supervised=False, started_on=DAY - timedelta(days=60), recorded_by=alice,
    )  # fmt: skip
    for week in range(held):
        FamilyTimeVisit.objects.create(
            plan=plan, family=family, status="held", scheduled_at=local(DAY - timedelta(days=1 + 7 * week)),
            recorded_by=alice,
        )  # fmt: skip
    FamilyTimeVisit.objects.create(  # a missed visit and one held before the window count for nothing
        plan=plan,
        family=family,
        status="missed",
        scheduled_at=local(DAY - timedelta(days=3)),
        recorded_by=alice,
    )
    FamilyTimeVisit.objects.create(
        plan=plan,
        family=family,
        status="held",
        scheduled_at=local(DAY - timedelta(days=31)),
        recorded_by=alice,
    )
    assert judge(family, "family_time", DAY) == below
    assert plan.planned_between(DAY - timedelta(days=30), DAY) == 4  # the pages count the same


def test_a_plan_younger_than_the_window_is_not_judged_yet(alice):
    family = FamilyFactory(assigned_caseworker=alice)
    FamilyTimePlan.objects.create(
        family=family, child=ChildFactory(family=family), with_whom="Daniel", with_kind="parent", times=2,
        per="month", supervised=False, started_on=DAY - timedelta(days=29), recorded_by=alice,
    )  # fmt: skip
    assert judge(family, "family_time", DAY) == 0
