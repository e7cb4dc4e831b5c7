"""The approvals inbox: case plans, risk overrides and closures waiting for this supervisor,
oldest first; approve, or return with a comment; the caseworker sees the outcome."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from case_plans.models import CasePlan, PlanStatus
from families.models import ClosureRequest, ClosureStatus, FamilyStatus
from safety_networks.models import OverrideStatus, RiskAssessment
from safety_networks.services import risk_assessment_record
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("supervision:approvals")


def decide_url(family, kind, pk):
    return reverse("supervision:decide", args=[family.public_id, kind, pk])


@pytest.fixture
def waiting(family, alice):
    """One of each kind, asked for a day apart: the override first, then the plan, then the closure."""
    override = risk_assessment_record(
        family=family,
        by=alice,
        scored_level="high",
        override_level="moderate",
        override_reason="Nana moved in.",
    )
    RiskAssessment.objects.filter(pk=override.pk).update(created_at=timezone.now() - timedelta(days=3))
    plan = CasePlan.objects.create(
        family=family,
        number=1,
        status=PlanStatus.SUBMITTED,
        recorded_by=alice,
        submitted_at=timezone.now() - timedelta(days=2),
        review_on=date.today() + timedelta(days=150),
    )
    closure = ClosureRequest.objects.create(
        family=family, closed_on=date.today(), closure_reason="safety_goals_met", requested_by=alice
    )
    return {"risk_override": override, "case_plan": plan, "closure": closure}


def test_the_inbox_lists_what_waits_for_this_supervisor_oldest_first(client_of, bob, charlie, waiting):
    other = FamilyFactory(assigned_caseworker=charlie, display_name="Elsewhere")
    CasePlan.objects.create(
        family=other, number=1, status=PlanStatus.SUBMITTED, recorded_by=charlie, submitted_at=timezone.now()
    )
    response = client_of(bob).get(INBOX)
    assert response.status_code == 200
    assert [item.kind for item in response.context["waiting"]] == ["risk_override", "case_plan", "closure"]
    assert "Elsewhere" not in response.text
    assert "Nana moved in." in response.text


@pytest.mark.parametrize("kind", ["case_plan", "risk_override", "closure"])
def test_a_return_needs_a_comment_shown_beside_it(client_of, bob, family, waiting, kind):
    record = waiting[kind]
    response = client_of(bob).post(
        decide_url(family, kind, record.pk), {"decision": "return", "comment": "  "}
    )
    assert response.status_code == 200
    (item,) = [i for i in response.context["waiting"] if i.kind == kind]
    assert item.error.startswith("Say ")
    assert 'aria-invalid="true"' in response.text
    record.refresh_from_db()
    assert getattr(record, "status", getattr(record, "override_status", None)) in (
        PlanStatus.SUBMITTED,
        ClosureStatus.PENDING,
        OverrideStatus.PENDING,
    )


def test_returning_each_with_a_comment_shows_on_the_caseworkers_caseload(
    client_of, alice, bob, family, waiting
):
    client = client_of(bob)
    for kind, record in waiting.items():
        response = client.post(
            decide_url(family, kind, record.pk), {"decision": "return", "comment": f"Not yet: {kind}."}
        )
        assert response.status_code == 302 and response["Location"] == INBOX
    assert client.get(INBOX).context["waiting"] == []

    plan, override, closure = waiting["case_plan"], waiting["risk_override"], waiting["closure"]
    for record in (plan, override, closure):
        record.refresh_from_db()
    assert (plan.status, plan.decision_comment) == (PlanStatus.RETURNED, "Not yet: case_plan.")
    assert (override.override_status, override.override_decision_comment) == (
        OverrideStatus.REJECTED,
        "Not yet: risk_override.",
    )
    assert (closure.status, closure.decision_comment) == (ClosureStatus.RETURNED, "Not yet: closure.")
    family.refresh_from_db()
    assert family.status == FamilyStatus.OPEN

    caseload = client_of(alice).get(reverse("families:my_caseload")).text
    for outcome in ("Case plan returned", "Risk override not approved", "Closure returned"):
        assert outcome in caseload
    assert (
        AuditEvent.objects.filter(actor=bob, action="update", family_public_id=family.public_id).count() == 3
    )


def test_approving_each_closes_the_family_and_puts_plan_and_override_in_force(
    client_of, alice, bob, family, waiting
):
    client = client_of(bob)
    for kind, record in waiting.items():
        assert client.post(decide_url(family, kind, record.pk), {"decision": "approve"}).status_code == 302
    family.refresh_from_db()
    assert family.status == FamilyStatus.CLOSED and family.closure_reason == "safety_goals_met"
    assert CasePlan.objects.get(family=family).status == PlanStatus.ACTIVE
    assert RiskAssessment.objects.get(family=family).level == "moderate"
    caseload = client_of(alice).get(reverse("families:my_caseload"), {"status": "closed"}).text
    assert "Case plan approved" in caseload and "Closure approved" in caseload


def test_only_the_supervisor_of_the_unit_decides(client, alice, bob, charlie, administrator, family, waiting):
    from tests.factories import SupervisorFactory

    other_supervisor = SupervisorFactory(unit=charlie.unit)
    for kind, record in waiting.items():
        url = decide_url(family, kind, record.pk)
        client.force_login(other_supervisor)
        assert client.post(url, {"decision": "approve"}).status_code == 404
        client.force_login(alice)
        assert client.post(url, {"decision": "approve"}).status_code in (403, 200)
    client.force_login(alice)
    assert client.get(INBOX).status_code == 403
    for record in waiting.values():
        record.refresh_from_db()
    assert CasePlan.objects.get(family=family).status == PlanStatus.SUBMITTED
    assert ClosureRequest.objects.get(family=family).status == ClosureStatus.PENDING
    assert RiskAssessment.objects.get(family=family).override_status == OverrideStatus.PENDING


def test_a_decision_is_taken_once(client_of, bob, family, waiting):
    client = client_of(bob)
    url = decide_url(family, "closure", waiting["closure"].pk)
    client.post(url, {"decision": "return", "comment": "Talk to the school first."})
    again = client.post(url, {"decision": "approve"})
    assert again.status_code == 200
    assert "not waiting for a decision" in again.text


def test_a_caseworker_asks_to_close_and_sees_it_waiting(client_of, alice, family):
    url = reverse("families:change_status", args=[family.public_id, "close"])
    client = client_of(alice)
    page = client.get(url)
    assert "Ask to close the family" in page.text and "Your supervisor approves a closure" in page.text
    client.post(
        url, {"effective_on": date.today().isoformat(), "closure_reason": "moved", "version": family.version}
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.OPEN
    assert "already waiting for the supervisor" in client.get(url).text
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "Closing the family waits for the supervisor" in overview
    second = client.post(
        url, {"effective_on": date.today().isoformat(), "closure_reason": "moved", "version": family.version}
    )
    assert second.status_code == 200 and "already waiting" in second.text
    assert "waiting for the supervisor" in client.get(reverse("families:my_caseload")).text


def test_the_supervisor_closes_directly(client_of, bob, family):
    url = reverse("families:change_status", args=[family.public_id, "close"])
    client_of(bob).post(
        url, {"effective_on": date.today().isoformat(), "closure_reason": "moved", "version": family.version}
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.CLOSED


def test_the_caseload_says_which_item_waits_for_the_supervisor(client_of, alice, family, waiting):
    row = client_of(alice).get(reverse("families:my_caseload")).text
    for waits in ("Case plan waiting", "Risk override waiting", "Closure waiting"):
        assert waits in row
