"""Unit review's rule "risk reassessment missing before the review": an in-home family whose
approved case plan is reviewed within 30 days (or is past its review) and has no scored risk
reassessment since the plan was approved."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from safety_networks.models import RiskAssessment
from supervision.compliance import REASSESSMENT_BEFORE_REVIEW_DAYS, RULES_BY_SLUG
from tests.factories import ChildFactory, FamilyFactory
from tests.supervision.test_compliance_rules import approved_plan, judge

pytestmark = pytest.mark.django_db

APPROVED, REVIEW = date(2026, 2, 1), date(2026, 8, 1)


@pytest.fixture
def in_home(alice, bob):
    family = FamilyFactory(assigned_caseworker=alice)
    ChildFactory(family=family)
    approved_plan(family, bob, approved=APPROVED, review_on=REVIEW)
    return family


def reassessed(family, by, on, kind="risk_reassessment"):
    return RiskAssessment.objects.create(
        family=family, recorded_by=by, assessed_on=on, scored_level="moderate", kind=kind
    )


@pytest.mark.parametrize(
    ("days_before_review", "flagged"),
    [(REASSESSMENT_BEFORE_REVIEW_DAYS + 1, 0), (REASSESSMENT_BEFORE_REVIEW_DAYS, 1), (0, 1), (-10, 1)],
)
def test_flagged_from_30_days_before_the_review_until_reassessed(in_home, days_before_review, flagged):
    assert REASSESSMENT_BEFORE_REVIEW_DAYS == 30
    assert judge(in_home, "risk_reassessment", REVIEW - timedelta(days=days_before_review)) == flagged


def test_a_reassessment_since_the_plan_was_approved_clears_it(in_home, alice):
    reassessed(in_home, alice, APPROVED - timedelta(days=1))  # before the plan: does not count
    reassessed(in_home, alice, APPROVED + timedelta(days=10), kind="risk_assessment")  # not a reassessment
    assert judge(in_home, "risk_reassessment", REVIEW - timedelta(days=5)) == 1
    reassessed(in_home, alice, REVIEW - timedelta(days=20))
    assert judge(in_home, "risk_reassessment", REVIEW - timedelta(days=5)) == 0


def test_a_plan_without_a_review_date_is_reviewed_six_months_after_approval(alice, bob):
    family = FamilyFactory(assigned_caseworker=alice)
    ChildFactory(family=family)
    approved_plan(family, bob, approved=APPROVED, review_on=None)
    assert judge(family, "risk_reassessment", date(2026, 7, 1) - timedelta(days=1)) == 0
    assert judge(family, "risk_reassessment", date(2026, 7, 2)) == 1


def test_only_in_home_cases_are_judged(in_home, alice):
    child = in_home.children.get()
    child.left_household_on = APPROVED + timedelta(days=5)  # in care: the reunification reassessment
    child.save()
    assert judge(in_home, "risk_reassessment", REVIEW) == 0


def test_unit_review_shows_the_rule_and_its_families(client_of, bob, in_home):
    client = client_of(bob)
    review = client.get(reverse("supervision:unit_review")).text
    assert str(RULES_BY_SLUG["risk_reassessment"].heading) in review
    listed = client.get(reverse("supervision:families") + "?rule=risk_reassessment").text
    assert in_home.display_name in listed
