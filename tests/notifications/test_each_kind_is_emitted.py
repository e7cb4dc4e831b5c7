"""Each kind of notification comes from the real service call where the thing happens, for
the right person, and never for the person who did it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from case_plans import services as case_plan_services
from case_plans.models import CasePlan
from documents import services as document_services
from documents.models import Document, DocumentState
from families import person_services
from families.services import family_closure_decide, family_closure_request, family_open, family_reassign
from intake.services import referral_record
from meetings.models import Meeting
from meetings.services import action_item_save
from notifications.models import Kind, Notification
from protective_factors.models import ProtectiveFactor
from safety_networks.services import (
    danger_statement_save,
    network_member_save,
    risk_assessment_record,
    risk_override_decide,
    safety_plan_rule_save,
    safety_plan_start,
)
from supervision.models import Consultation
from supervision.services import consultation_action_add
from tests.factories import CaseworkerFactory, ChildFactory, FamilyFactory, SupervisorFactory


def only(user) -> Notification:
    """`user`'s one notification (fails if there are none or several)."""
    return Notification.objects.get(recipient=user)


def test_a_supervisor_returning_a_plan_tells_the_caseworker(family, alice, bob):
    # given a plan alice submitted
    plan = CasePlan.objects.create(
        family=family, number=1, status="submitted", recorded_by=alice, submitted_at=timezone.now()
    )
    # when bob returns it
    case_plan_services.case_plan_decide(
        plan=plan, by=bob, approve=False, comment="Steps must show behaviour."
    )
    # then alice has one unread notification, linking to the plan; bob has none
    notification = only(alice)
    assert notification.kind == Kind.PLAN_RETURNED and notification.read_at is None
    assert notification.actor == bob and notification.family == family
    assert notification.link == reverse("case_plans:plan", args=[family.public_id, plan.pk])
    assert not Notification.objects.filter(recipient=bob).exists()


def test_an_approved_plan_tells_the_caseworker(family, alice, bob):
    plan = CasePlan.objects.create(
        family=family, number=1, status="submitted", recorded_by=alice, submitted_at=timezone.now()
    )
    case_plan_services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    assert only(alice).kind == Kind.PLAN_APPROVED


def test_a_submitted_plan_waits_for_the_units_supervisor(family, alice, bob, charlie):
    # given a plan with a safety goal and a step for it
    sofia = ChildFactory(family=family, first_name="Sofía")
    _, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[sofia],
        factors=[ProtectiveFactor.objects.get(code="parental_resilience")],
        statement_fields={
            "who_is_worried": "The school",
            "caregiver_behaviour": "when Daniel is angry he may grab",
            "what_could_happen": "they could be badly hurt",
        },
        goal_fields={
            "caregivers_will": "Daniel walks away and calls his brother",
            "child_will_experience": "Sofía is safe",
            "agency_needs_to_see": "daily check-ins",
            "for_how_long": "six months",
        },
    )
    plan = case_plan_services.case_plan_start(family=family, by=alice)
    case_plan_services.case_plan_step_add(
        plan=plan, by=alice, goal=goal, what="Call Samuel", who="Daniel",
        by_when=date.today() + timedelta(days=30), progress_shown_by="Samuel reports the calls",
    )  # fmt: skip
    # when alice submits it
    case_plan_services.case_plan_submit(plan=plan, by=alice)
    # then the unit's supervisor (bob) has it to approve; nobody else is told
    notification = only(bob)
    assert notification.kind == Kind.PLAN_SUBMITTED
    assert notification.link == reverse("case_plans:plan", args=[family.public_id, plan.pk])
    assert Notification.objects.count() == 1


def test_a_risk_override_asks_the_supervisor_and_the_decision_tells_the_caseworker(family, alice, bob):
    risk = risk_assessment_record(
        family=family,
        by=alice,
        scored_level="high",
        override_level="low",
        override_reason="Grandmother moved in.",
    )
    assert only(bob).kind == Kind.OVERRIDE_REQUESTED
    risk_override_decide(assessment=risk, by=bob, approve=False, comment="The move is not confirmed.")
    notification = only(alice)
    assert notification.kind == Kind.OVERRIDE_REJECTED
    assert notification.link == reverse("safety_networks:decisions", args=[family.public_id])


def test_a_risk_assessment_without_override_tells_nobody(family, alice):
    risk_assessment_record(family=family, by=alice, scored_level="high")
    assert not Notification.objects.exists()


def test_a_closure_asks_the_supervisor_and_the_decision_tells_who_asked(family, alice, bob):
    request = family_closure_request(family=family, by=alice, closed_on=date.today(), closure_reason="moved")
    assert only(bob).kind == Kind.CLOSURE_REQUESTED
    family_closure_decide(request=request, by=bob, approve=False, comment="See the children first.")
    assert only(alice).kind == Kind.CLOSURE_RETURNED


def test_a_referral_waits_for_screening_by_the_supervisor(family, alice, bob):
    referral_record(
        family=family, by=alice, received_at=timezone.now(), channel="phone",
        reporter_type="anonymous", what_was_reported="x",
    )  # fmt: skip
    notification = only(bob)
    assert notification.kind == Kind.REFERRAL_TO_SCREEN
    assert notification.link == reverse("supervision:screening")


def test_a_family_assigned_or_reassigned_tells_the_new_caseworker(family, alice, bob, unit_a):
    dora = CaseworkerFactory(unit=unit_a)
    family_reassign(family=family, caseworker=dora, by=bob, reason="Alice is on leave.")
    assert only(dora).kind == Kind.FAMILY_ASSIGNED
    assert not Notification.objects.filter(recipient=alice).exists()

    opened = family_open(by=bob, assigned_caseworker=alice, display_name="Brightwater")
    assert only(alice).family == opened


def test_a_meeting_action_item_tells_the_caseworker_unless_they_added_it(family, alice, bob):
    meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)
    action_item_save(meeting=meeting, by=alice, what="Call the school", who="Alice", due_on=date.today())
    assert not Notification.objects.exists()
    action_item_save(
        meeting=meeting, by=bob, what="Call the housing office", who="Maria", due_on=date.today()
    )
    notification = only(alice)
    assert notification.kind == Kind.ACTION_ITEM_ASSIGNED
    assert notification.link == reverse("meetings:meeting", args=[family.public_id, meeting.pk])


def test_a_consultation_action_tells_its_owner(family, alice, bob):
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
    )
    consultation_action_add(
        consultation=consultation,
        by=bob,
        allowed_staff=[alice, bob],
        owner=alice,
        what="Visit",
        due_on=date.today(),
    )
    assert only(alice).kind == Kind.CONSULTATION_ACTION_ASSIGNED


def test_access_asked_for_and_granted(family, alice, unit_b, charlie):
    dana = SupervisorFactory(unit=unit_b)
    theirs = FamilyFactory(assigned_caseworker=charlie)
    request = person_services.access_request_make(
        family=theirs, from_family=family, by=alice, reason="Same child."
    )
    notification = only(dana)
    assert notification.kind == Kind.ACCESS_REQUESTED
    assert notification.link == reverse("families:access_request_decide", args=[request.public_id])
    person_services.access_request_decide(
        request=request, by=dana, grant=True, reason="ok", until=date.today() + timedelta(days=5)
    )
    assert only(alice).kind == Kind.ACCESS_GRANTED


@pytest.fixture
def safety_plan(family, alice):
    samuel = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    draft = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=draft,
        by=alice,
        rule="Daniel calls Samuel.",
        how_it_holds="Samuel answers.",
        responsible=[samuel],
    )
    return draft


def test_a_document_ready_or_failed_tells_who_asked(
    family, alice, safety_plan, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    document = document_services.document_request(
        family=family, by=alice, kind="safety_plan", source_id=safety_plan.pk
    )
    assert not Notification.objects.exists()  # asked, not yet made
    assert document_services.document_render(document.pk).state == DocumentState.READY
    notification = only(alice)
    assert notification.kind == Kind.DOCUMENT_READY
    assert notification.link == reverse("documents:document", args=[family.public_id, document.public_id])

    def broken(html):
        raise RuntimeError("the PDF engine fell over")

    monkeypatch.setattr(document_services, "html_to_pdf", broken)
    again = document_services.document_request(
        family=family, by=alice, kind="safety_plan", source_id=safety_plan.pk
    )
    assert document_services.document_render(again.pk).state == DocumentState.FAILED
    assert Notification.objects.filter(recipient=alice, kind=Kind.DOCUMENT_FAILED).count() == 1
    assert Document.objects.filter(family=family).count() == 2


def test_a_refused_change_leaves_no_notification(family, alice, bob):
    plan = CasePlan.objects.create(
        family=family, number=1, status="submitted", recorded_by=alice, submitted_at=timezone.now()
    )
    with pytest.raises(Exception):  # noqa: B017,PT011 — returning needs a comment
        case_plan_services.case_plan_decide(plan=plan, by=bob, approve=False, comment="")
    assert not Notification.objects.exists()
