"""A family does not close while a decision waits for the supervisor (a risk override, a
submitted case plan): the caseworker is told at the request, and the supervisor's approval
of a closure asked for before is refused until the other decision is made."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from case_plans.models import CasePlan, PlanStatus
from families.models import ClosureRequest, ClosureStatus, FamilyStatus
from safety_networks.services import risk_assessment_record

pytestmark = pytest.mark.django_db


def close(client, family):
    return client.post(
        reverse("families:change_status", args=[family.public_id, "close"]),
        {
            "effective_on": date.today().isoformat(),
            "closure_reason": "safety_goals_met",
            "reason": "The network holds the plan.",
            "version": family.version,
        },
    )


def test_a_caseworker_cannot_ask_to_close_while_a_risk_override_waits(client_of, alice, family):
    risk_assessment_record(
        family=family,
        by=alice,
        scored_level="high",
        override_level="moderate",
        override_reason="Nana moved in.",
    )
    response = close(client_of(alice), family)
    assert response.status_code == 200
    assert "The family can&#x27;t close while this waits for a decision" in response.text
    assert "A risk override is waiting for the supervisor." in response.text
    assert "The network holds the plan." in response.text  # what was typed is kept
    assert not ClosureRequest.objects.exists()


def test_the_supervisor_cannot_approve_a_closure_while_a_case_plan_waits(client_of, alice, bob, family):
    assert close(client_of(alice), family).status_code == 302
    request = ClosureRequest.objects.get()
    CasePlan.objects.create(
        family=family,
        number=1,
        status=PlanStatus.SUBMITTED,
        recorded_by=alice,
        submitted_at=timezone.now(),
        review_on=date.today(),
    )
    response = client_of(bob).post(
        reverse("supervision:decide", args=[family.public_id, "closure", request.pk]), {"decision": "approve"}
    )
    assert "A case plan is waiting for the supervisor&#x27;s approval." in response.text
    request.refresh_from_db()
    family.refresh_from_db()
    assert request.status == ClosureStatus.PENDING and family.status == FamilyStatus.OPEN
