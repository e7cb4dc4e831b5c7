"""An override of a reunification reassessment's recommendation has notifications of its own:
the supervisor is asked to decide a *reunification* override (not a risk one) and is linked to
an inbox that lists it, the caseworker is told the decision under the same name, in English
and Spanish, and a refusal reaches the caseworker by email at once, as a refused risk or
safety override does."""

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.emails import reunification_override_returned_send
from notifications.models import EmailDelivery, EmailKind, EmailPreference, Kind, Notification
from notifications.wording import sentence
from safety_networks import reunification_services as services
from safety_networks.models import OverrideStatus
from safety_networks.reunification_models import ReunificationReassessment
from tests.safety_networks.reunification_world import override_waiting as overridden

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_addresses(alice, bob):
    for person in (alice, bob):
        person.email = f"{person.username}@agency.example"
        person.save()


def test_an_override_asks_the_supervisor_to_decide_a_reunification_override(client_of, family, alice, bob):
    reassessment = overridden(family, alice)

    notification = Notification.objects.select_related("family", "actor").get(recipient=bob)
    assert notification.kind == Kind.REUNIFICATION_OVERRIDE_REQUESTED
    assert notification.get_kind_display() == "Reunification override to decide"
    assert sentence(notification, visible=True) == (
        f"Alice Ames asks you to approve an override of the reunification recommendation for {family}."
    )
    assert not Notification.objects.filter(recipient=alice).exists()
    # the link leads to an inbox that lists it, with a form to decide it
    assert notification.link == reverse("supervision:approvals")
    page = client_of(bob).get(notification.link)
    assert [item.record for item in page.context["waiting"]] == [reassessment]
    decide = reverse("supervision:decide", args=[family.public_id, "reunification_override", reassessment.pk])
    assert f'action="{decide}"' in page.text


@pytest.mark.parametrize(
    ("approve", "kind", "label", "words"),
    [
        (
            True,
            Kind.REUNIFICATION_OVERRIDE_APPROVED,
            "Reunification override approved",
            "approved the override",
        ),
        (
            False,
            Kind.REUNIFICATION_OVERRIDE_REJECTED,
            "Reunification override not approved",
            "did not approve the override",
        ),
    ],
)
def test_the_decision_tells_the_caseworker_it_was_the_reunification_override(
    family, alice, bob, approve, kind, label, words
):
    reassessment = overridden(family, alice)

    services.reunification_override_decide(
        reassessment=reassessment, by=bob, approve=approve, comment="No new facts."
    )

    notification = Notification.objects.select_related("family", "actor").get(recipient=alice)
    assert notification.kind == kind
    assert notification.get_kind_display() == label
    assert "Risk" not in notification.get_kind_display()
    said = sentence(notification, visible=True)
    assert words in said and "reunification recommendation" in said and "risk" not in said
    assert notification.link == reverse(
        "safety_networks:reunification", args=[family.public_id, reassessment.pk]
    )


def test_the_reunification_override_kinds_read_in_spanish(family, alice, bob):
    reassessment = overridden(family, alice)
    services.reunification_override_decide(reassessment=reassessment, by=bob, approve=False, comment="No.")
    told = Notification.objects.select_related("family", "actor").order_by("pk")
    with translation.override("es"):
        labels = [str(Kind(kind).label) for kind in Kind.values if kind.startswith("reunification_override")]
        sentences = [sentence(n, visible=True) for n in told]
    assert labels == [
        "Cambio de la recomendación de reunificación aprobado",
        "Cambio de la recomendación de reunificación no aprobado",
        "Cambio de la recomendación de reunificación por decidir",
    ]
    assert len(sentences) == 2
    for said in sentences:
        assert "recomendación de reunificación" in said and "riesgo" not in said


# --- The email of a refusal: after the commit, once, with no case detail, behind the switch --


def test_a_refused_reunification_override_reaches_the_caseworker_by_email_after_the_commit_and_once(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    reassessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reunification_override_decide(
            reassessment=reassessment, by=bob, approve=False, comment="Lucía's account is not confirmed."
        )
        assert mailbox.received == []  # nothing before the commit
    for callback in callbacks:
        callback()
    for callback in callbacks:  # a second delivery of the task sends nothing more
        callback()

    [received] = mailbox.received
    assert received.to == ["alice@agency.example"]
    assert received.subject == f"Reunification override not approved: case {family.case_number}"
    page = reverse("safety_networks:reunification", args=[family.public_id, reassessment.pk])
    assert f"https://casework.agency.example{page}" in received.text
    assert "The tool's recommendation stays in force" in received.text
    for secret in (
        "Sofía",
        "Lucía",
        "Reyes",
        "shouting",
        "confirmed",
        "Return home",
        "Continue",
        "Alice",
        "Bob",
    ):
        assert secret not in received.text and secret not in received.html
    delivery = EmailDelivery.objects.get(kind=EmailKind.REUNIFICATION_OVERRIDE_RETURNED)
    assert (delivery.recipient, delivery.status, delivery.attempts) == (alice, "sent", 1)
    assert delivery.period == f"reunification_override:{reassessment.pk}:returned"


def test_the_refusal_email_is_in_the_caseworkers_language(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    alice.language = "es"
    alice.save()
    reassessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.reunification_override_decide(
            reassessment=reassessment, by=bob, approve=False, comment="No."
        )
    [received] = mailbox.received
    # (a long subject with accents is folded onto the next header line: the parser keeps the
    # fold's space, which mail programs drop)
    assert " ".join(received.subject.split()) == (
        f"Cambio de la recomendación de reunificación no aprobado: caso {family.case_number}"
    )
    assert "riesgo" not in received.text


def test_an_approved_reunification_override_sends_no_email(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    reassessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.reunification_override_decide(reassessment=reassessment, by=bob, approve=True)
    assert mailbox.received == []
    assert not EmailDelivery.objects.exists()  # nothing was even queued
    # and a late task for it (approved after all) says so rather than send
    assert reunification_override_returned_send(reassessment_id=reassessment.pk) == "skipped"


def test_the_returned_approval_switch_turns_the_reunification_override_email_off(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=alice, plan_returned=False)
    reassessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.reunification_override_decide(
            reassessment=reassessment, by=bob, approve=False, comment="No."
        )
    assert mailbox.received == []
    assert EmailDelivery.objects.get(kind=EmailKind.REUNIFICATION_OVERRIDE_RETURNED).status == "skipped"
    stored = ReunificationReassessment.objects.get(pk=reassessment.pk)
    assert stored.override_status == OverrideStatus.REJECTED


def test_the_supervisors_digest_names_a_reunification_override_that_waited(
    family, alice, bob, with_addresses
):
    """A decision waiting more than two working days is listed by its kind: a reunification
    override (and a safety override) by its own name, not as "closing the family"."""
    from datetime import timedelta

    from django.utils import timezone

    from notifications.emails import digest_email
    from notifications.models import DigestFrequency
    from safety_networks.models import SafetyAssessment
    from tests.factories import safety_override_waiting

    reassessment = overridden(family, alice)
    safety = safety_override_waiting(family, alice)
    long_ago = timezone.now() - timedelta(days=10)
    ReunificationReassessment.objects.filter(pk=reassessment.pk).update(updated_at=long_ago)
    SafetyAssessment.objects.filter(pk=safety.pk).update(submitted_at=long_ago)

    email = digest_email(bob, today=timezone.localdate(), frequency=DigestFrequency.DAILY)
    assert f"Case {family.case_number}: reunification recommendation override, since" in email.text
    assert f"Case {family.case_number}: safety decision override, since" in email.text
    assert "closing the family" not in email.text
    bob.language = "es"
    email = digest_email(bob, today=timezone.localdate(), frequency=DigestFrequency.DAILY)
    assert f"Caso {family.case_number}: cambio de la recomendación de reunificación, desde" in email.text


def test_a_failed_refusal_email_is_sent_again_from_the_admin(
    family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    from notifications.emails import delivery_retry

    reassessment = overridden(family, alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.reunification_override_decide(
            reassessment=reassessment, by=bob, approve=False, comment="No."
        )
    delivery = EmailDelivery.objects.get(kind=EmailKind.REUNIFICATION_OVERRIDE_RETURNED)
    EmailDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    delivery.refresh_from_db()

    assert delivery_retry(delivery=delivery)
    assert [email.subject for email in mailbox.received] == [
        f"Reunification override not approved: case {family.case_number}"
    ] * 2
    delivery.refresh_from_db()
    assert delivery.status == "sent"
