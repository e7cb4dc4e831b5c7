"""An override of a scored safety assessment's decision has notifications of its own: the
supervisor is asked to decide a *safety* override (not a risk one), the caseworker is told
the decision under the same name, in English and Spanish, and a refusal reaches the
caseworker by email at once, as a refused risk override does."""

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.emails import safety_override_returned_send
from notifications.models import EmailDelivery, EmailKind, EmailPreference, Kind, Notification
from notifications.wording import sentence
from safety_networks.models import OverrideStatus, SafetyAssessment
from safety_networks.sdm import safety
from tests.factories import safety_override_waiting as overridden

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_addresses(alice, bob):
    for person in (alice, bob):
        person.email = f"{person.username}@agency.example"
        person.save()


def test_a_safety_override_asks_the_supervisor_to_decide_a_safety_override(family, alice, bob):
    overridden(family, alice)

    notification = Notification.objects.select_related("family", "actor").get(recipient=bob)
    assert notification.kind == Kind.SAFETY_OVERRIDE_REQUESTED
    assert notification.link == reverse("supervision:approvals")
    assert notification.get_kind_display() == "Safety override to decide"
    assert sentence(notification, visible=True) == (
        f"Alice Ames asks you to approve an override of the safety decision for {family}."
    )
    assert not Notification.objects.filter(recipient=alice).exists()


@pytest.mark.parametrize(
    ("approve", "kind", "label", "words"),
    [
        (True, Kind.SAFETY_OVERRIDE_APPROVED, "Safety override approved", "approved the override"),
        (
            False,
            Kind.SAFETY_OVERRIDE_REJECTED,
            "Safety override not approved",
            "did not approve the override",
        ),
    ],
)
def test_the_decision_tells_the_caseworker_it_was_the_safety_override(
    family, alice, bob, approve, kind, label, words
):
    assessment = overridden(family, alice)

    safety.safety_override_decide(assessment=assessment, by=bob, approve=approve, comment="No new facts.")

    notification = Notification.objects.select_related("family", "actor").get(recipient=alice)
    assert notification.kind == kind
    assert notification.get_kind_display() == label
    assert "Risk" not in notification.get_kind_display()
    said = sentence(notification, visible=True)
    assert words in said and "safety decision" in said and "risk" not in said
    assert notification.link == reverse(
        "safety_networks:safety_assessment", args=[family.public_id, assessment.pk]
    )


def test_the_safety_override_kinds_read_in_spanish(family, alice, bob):
    """Their labels and sentences are translated, and say "decisión de seguridad", not
    "nivel de riesgo"."""
    assessment = overridden(family, alice)
    safety.safety_override_decide(assessment=assessment, by=bob, approve=False, comment="No.")
    told = Notification.objects.select_related("family", "actor").order_by("pk")
    with translation.override("es"):
        labels = [str(Kind(kind).label) for kind in Kind.values if kind.startswith("safety_override")]
        sentences = [sentence(n, visible=True) for n in told]
    assert labels == [
        "Cambio de la decisión de seguridad aprobado",
        "Cambio de la decisión de seguridad no aprobado",
        "Cambio de la decisión de seguridad por decidir",
    ]
    assert len(sentences) == 2
    for said in sentences:
        assert "decisión de seguridad" in said and "riesgo" not in said


# --- The email of a refusal: after the commit, once, with no case detail, behind the switch --


def test_a_refused_safety_override_reaches_the_caseworker_by_email_after_the_commit_and_once(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    assessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        safety.safety_override_decide(
            assessment=assessment, by=bob, approve=False, comment="Nana Okafor's account is not confirmed."
        )
        assert mailbox.received == []  # nothing before the commit
    for callback in callbacks:
        callback()
    for callback in callbacks:  # a second delivery of the task sends nothing more
        callback()

    [received] = mailbox.received
    assert received.to == ["alice@agency.example"]
    assert received.subject == f"Safety override not approved: case {family.case_number}"
    page = reverse("safety_networks:safety_assessment", args=[family.public_id, assessment.pk])
    assert f"https://casework.agency.example{page}" in received.text
    assert "The tool's decision stays in force" in received.text
    for secret in ("Okafor", "Nana", "bruises", "confirmed", "Unsafe", "Alice", "Bob"):
        assert secret not in received.text and secret not in received.html
    delivery = EmailDelivery.objects.get(kind=EmailKind.SAFETY_OVERRIDE_RETURNED)
    assert (delivery.recipient, delivery.status, delivery.attempts) == (alice, "sent", 1)
    assert delivery.period == f"safety_override:{assessment.pk}:returned"


def test_the_refusal_email_is_in_the_caseworkers_language(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    alice.language = "es"
    alice.save()
    assessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=True):
        safety.safety_override_decide(assessment=assessment, by=bob, approve=False, comment="No.")
    [received] = mailbox.received
    # (a subject this long with accents is folded onto the next header line: the parser keeps
    # the fold's space, which mail programs drop)
    assert received.subject.strip() == (
        f"Cambio de la decisión de seguridad no aprobado: caso {family.case_number}"
    )
    assert "riesgo" not in received.text


def test_an_approved_safety_override_sends_no_email(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    assessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=True):
        safety.safety_override_decide(assessment=assessment, by=bob, approve=True)
    assert mailbox.received == []
    assert not EmailDelivery.objects.exists()  # nothing was even queued
    # and a late task for it (approved after all) says so rather than send
    assert safety_override_returned_send(assessment_id=assessment.pk) == "skipped"


def test_the_returned_approval_switch_turns_the_safety_override_email_off(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=alice, plan_returned=False)
    assessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=True):
        safety.safety_override_decide(assessment=assessment, by=bob, approve=False, comment="No.")
    assert mailbox.received == []
    assert EmailDelivery.objects.get(kind=EmailKind.SAFETY_OVERRIDE_RETURNED).status == "skipped"
    assert SafetyAssessment.objects.get(pk=assessment.pk).override_status == OverrideStatus.REJECTED
