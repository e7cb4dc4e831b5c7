"""Unit review's rule "reunification reassessment missing": a family with a child in care
whose approved case plan is reviewed within 30 days (or is past its review), and no
reunification reassessment of that child submitted since the plan was approved."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements.models import Placement
from safety_networks.models import ReunificationInstrument, ReunificationReassessment
from supervision.compliance import REASSESSMENT_BEFORE_REVIEW_DAYS, RULES_BY_SLUG
from tests.factories import ChildFactory, FamilyFactory
from tests.supervision.test_compliance_rules import approved_plan, judge

pytestmark = pytest.mark.django_db

APPROVED, REVIEW = date(2026, 2, 1), date(2026, 8, 1)


def placed(family, child, by, *, setting="relative", started=APPROVED - timedelta(days=30), ended=None):
    return Placement.objects.create(
        family=family, child=child, setting=setting, started_on=started, ended_on=ended,
        carer_name="Lucía", carer_relationship="aunt", reason="r", recorded_by=by,
    )  # fmt: skip


@pytest.fixture
def in_care(alice, bob):
    family = FamilyFactory(assigned_caseworker=alice)
    placed(family, ChildFactory(family=family), alice)
    approved_plan(family, bob, approved=APPROVED, review_on=REVIEW)
    return family


def reassessed(family, child, by, on, status="submitted"):
    return ReunificationReassessment.objects.create(
        family=family, child=child, recorded_by=by, assessed_on=on, status=status,
        instrument=ReunificationInstrument.objects.first(),
        recommendation="" if status == "draft" else "continue_reunification",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("days_before_review", "flagged"),
    [(REASSESSMENT_BEFORE_REVIEW_DAYS + 1, 0), (REASSESSMENT_BEFORE_REVIEW_DAYS, 1), (0, 1), (-10, 1)],
)
def test_flagged_from_30_days_before_the_review(in_care, days_before_review, flagged):
    assert (
        judge(in_care, "reunification_reassessment", REVIEW - timedelta(days=days_before_review)) == flagged
    )


def test_a_reassessment_submitted_since_the_plan_was_approved_clears_it(in_care, alice):
    child = in_care.children.get()
    reassessed(in_care, child, alice, APPROVED - timedelta(days=1))  # before the last review
    reassessed(in_care, child, alice, APPROVED + timedelta(days=10), status="draft")  # not submitted
    assert judge(in_care, "reunification_reassessment", REVIEW - timedelta(days=5)) == 1
    reassessed(in_care, child, alice, APPROVED)  # on the day of the review: counts
    assert judge(in_care, "reunification_reassessment", REVIEW - timedelta(days=5)) == 0


def test_each_child_in_care_needs_their_own(in_care, alice):
    first = in_care.children.get()
    second = ChildFactory(family=in_care)
    placed(in_care, second, alice, setting="group")
    reassessed(in_care, first, alice, APPROVED + timedelta(days=10))
    assert judge(in_care, "reunification_reassessment", REVIEW) == 1
    reassessed(in_care, second, alice, APPROVED + timedelta(days=10))
    assert judge(in_care, "reunification_reassessment", REVIEW) == 0


def test_only_children_in_care_today_are_judged(alice, bob):
    family = FamilyFactory(assigned_caseworker=alice)
    child = ChildFactory(family=family)
    approved_plan(family, bob, approved=APPROVED, review_on=REVIEW)
    assert judge(family, "reunification_reassessment", REVIEW) == 0  # no placement: at home
    placed(family, child, alice, ended=REVIEW - timedelta(days=3))  # went home before the day
    placed(family, child, alice, setting="at_home", started=REVIEW - timedelta(days=3))
    assert judge(family, "reunification_reassessment", REVIEW) == 0
    assert judge(family, "reunification_reassessment", REVIEW - timedelta(days=4)) == 1


def test_unit_review_shows_the_rule_and_its_families(client_of, bob, in_care):
    client = client_of(bob)
    review = client.get(reverse("supervision:unit_review")).text
    assert str(RULES_BY_SLUG["reunification_reassessment"].heading) in review
    listed = client.get(reverse("supervision:families") + "?rule=reunification_reassessment").text
    assert in_care.display_name in listed
