"""The caseworker's pages name the supervisor who approves, beside what waits for them: a
submitted case plan, a closure asked for, a risk-level override."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from case_plans.models import CasePlan, PlanStatus
from families.services import family_closure_request
from safety_networks.services import risk_assessment_record

pytestmark = pytest.mark.django_db


def submitted_plan(family, by) -> CasePlan:
    return CasePlan.objects.create(
        family=family,
        number=1,
        status=PlanStatus.SUBMITTED,
        recorded_by=by,
        submitted_at=timezone.make_aware(timezone.datetime(2026, 11, 3, 10)),
    )


def test_a_submitted_case_plan_says_to_whom_and_when(client_of, alice, bob, family):
    plan = submitted_plan(family, alice)
    page = client_of(alice).get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert "Submitted to Bob Baptiste (supervisor) on 3 Nov 2026." in page


def test_a_submitted_case_plan_in_a_unit_without_a_supervisor_says_so(client_of, alice, family):
    plan = submitted_plan(family, alice)
    page = client_of(alice).get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert "Submitted on 3 Nov 2026. The unit has no supervisor yet to approve it." in page


def test_a_draft_case_plan_names_no_one(client_of, alice, bob, family):
    plan = CasePlan.objects.create(family=family, number=1, recorded_by=alice)
    page = client_of(alice).get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert "Submitted to" not in page


def ask_to_close(family, by):
    return family_closure_request(family=family, by=by, closed_on=date.today(), closure_reason="moved")


def test_a_closure_asked_for_names_the_supervisor_on_the_overview_and_the_close_page(
    client_of, alice, bob, family
):
    client = client_of(alice)
    close = reverse("families:change_status", args=[family.public_id, "close"])
    assert "Your supervisor, Bob Baptiste, approves a closure" in client.get(close).text

    ask_to_close(family, alice)
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "Closing the family waits for Bob Baptiste (supervisor): asked by Alice Ames" in overview
    assert "Closing this family is already waiting for Bob Baptiste (supervisor): asked by Alice Ames" in (
        client.get(close).text
    )


def test_a_risk_override_waiting_names_the_supervisor(client_of, alice, bob, family):
    risk_assessment_record(
        family=family, by=alice, scored_level="moderate", override_level="high", override_reason="He is back."
    )
    page = client_of(alice).get(reverse("safety_networks:decisions", args=[family.public_id])).text
    assert "Waiting for Bob Baptiste (supervisor)" in page
