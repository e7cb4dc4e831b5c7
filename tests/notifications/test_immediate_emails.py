"""The emails that cannot wait: an approval returned (a case plan, a risk override not
approved, a closure request returned: to the worker who asked) and access asked for (to the
supervisor who grants it). Each is sent after the commit, through the task and
the real SMTP server, carries no case detail, and can be turned off."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from case_plans.models import CasePlan, PlanStatus
from case_plans.services import case_plan_decide
from families.person_services import access_request_make
from families.services import family_closure_decide, family_closure_request
from notifications.emails import closure_returned_send, override_returned_send
from notifications.models import EmailDelivery, EmailKind, EmailPreference
from safety_networks.services import risk_assessment_record, risk_override_decide
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_addresses(alice, bob, charlie):
    for person in (alice, bob, charlie):
        person.email = f"{person.username}@agency.example"
        person.save()


@pytest.fixture
def submitted(family, alice, with_addresses):
    return CasePlan.objects.create(
        family=family, number=2, status=PlanStatus.SUBMITTED, recorded_by=alice,
        submitted_at=timezone.now(), review_on=date.today() + timedelta(days=100),
    )  # fmt: skip


def test_a_returned_plan_reaches_its_caseworker_after_the_commit(
    submitted, family, bob, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_plan_decide(plan=submitted, by=bob, approve=False, comment="Nana Okafor must sign the rules.")
        assert mailbox.received == []  # nothing before the commit
    for callback in callbacks:
        callback()

    [received] = mailbox.to("alice@agency.example")
    assert received.subject == f"Case plan returned: case {family.case_number}"
    assert "version 2" in received.text
    assert (
        f"https://casework.agency.example/families/{family.public_id}/case-plans/{submitted.pk}/"
        in received.text
    )
    for secret in ("Okafor", "Nana", "sign the rules"):
        assert secret not in received.text and secret not in received.html
    assert EmailDelivery.objects.get(kind=EmailKind.PLAN_RETURNED).status == "sent"


def test_an_approved_plan_sends_no_email(submitted, bob, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case_plan_decide(plan=submitted, by=bob, approve=True, comment="")
    assert mailbox.received == []


def test_a_caseworker_who_turned_it_off_gets_no_returned_plan_email(
    submitted, alice, bob, mailbox, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=alice, plan_returned=False)
    with django_capture_on_commit_callbacks(execute=True):
        case_plan_decide(plan=submitted, by=bob, approve=False, comment="More steps.")
    assert mailbox.received == []


def test_access_asked_for_reaches_the_supervisor_who_grants_it(
    family, bob, charlie, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    theirs = FamilyFactory(assigned_caseworker=charlie, display_name="Lindqvist")
    with django_capture_on_commit_callbacks(execute=True):
        access_request_make(
            family=family, from_family=theirs, by=charlie, reason="Maria Lindqvist lived there."
        )

    [received] = mailbox.received
    assert received.to == ["bob@agency.example"]
    assert received.subject == f"Access requested: case {family.case_number}"
    assert "https://casework.agency.example/access-requests/" in received.text
    for secret in ("Okafor", "Lindqvist", "Maria", "lived there", "Charlie"):
        assert secret not in received.text and secret not in received.html


def test_a_supervisor_who_turned_it_off_gets_no_access_email(
    family, bob, charlie, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=bob, access_requested=False)
    theirs = FamilyFactory(assigned_caseworker=charlie)
    with django_capture_on_commit_callbacks(execute=True):
        access_request_make(family=family, from_family=theirs, by=charlie, reason="Known there.")
    assert mailbox.received == []


# --- A risk override not approved, a closure returned: the same email, the same switch -------


def _return_override(family, alice, bob, *, approve=False):
    risk = risk_assessment_record(
        family=family, by=alice, scored_level="high", override_level="low",
        override_reason="Grandmother Nana Okafor moved in.",
    )  # fmt: skip
    return risk_override_decide(
        assessment=risk,
        by=bob,
        approve=approve,
        comment="" if approve else "Nana Okafor's move is not confirmed.",
    )


def _return_closure(family, alice, bob, *, approve=False):
    request = family_closure_request(
        family=family,
        by=alice,
        closed_on=date.today(),
        closure_reason="moved",
        reason="Nana Okafor moved away.",
    )
    return family_closure_decide(
        request=request,
        by=bob,
        approve=approve,
        comment="" if approve else "See Nana Okafor's children first.",
    )


RETURNS = {
    "override": (
        _return_override,
        EmailKind.OVERRIDE_RETURNED,
        "Risk override not approved",
        "safety/decisions/",
    ),
    "closure": (_return_closure, EmailKind.CLOSURE_RETURNED, "Closure returned", ""),
}


@pytest.mark.parametrize("what", RETURNS)
def test_an_approval_returned_reaches_who_asked_after_the_commit_and_once(
    what, family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    give_back, kind, subject, page = RETURNS[what]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        give_back(family, alice, bob)
        assert mailbox.received == []  # nothing before the commit
    for callback in callbacks:
        callback()
    for callback in callbacks:  # a second delivery of the task sends nothing more
        callback()

    [received] = mailbox.received
    assert received.to == ["alice@agency.example"]
    assert received.subject == f"{subject}: case {family.case_number}"
    assert f"https://casework.agency.example/families/{family.public_id}/{page}" in received.text
    assert date.today().strftime("%Y") in received.text
    for secret in ("Okafor", "Nana", "confirmed", "moved", "children first", "Alice", "Bob"):
        assert secret not in received.text and secret not in received.html
    delivery = EmailDelivery.objects.get(kind=kind)
    assert (delivery.recipient, delivery.status, delivery.attempts) == (alice, "sent", 1)


@pytest.mark.parametrize("what", RETURNS)
def test_an_approval_granted_sends_no_email(
    what, family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    give_back, kind, _, _ = RETURNS[what]
    with django_capture_on_commit_callbacks(execute=True):
        give_back(family, alice, bob, approve=True)
    assert mailbox.received == []
    assert not EmailDelivery.objects.filter(kind=kind).exists()  # nothing was even queued


@pytest.mark.parametrize("what", RETURNS)
def test_the_returned_plan_switch_turns_off_every_approval_returned(
    what, family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=alice, plan_returned=False)
    give_back, kind, _, _ = RETURNS[what]
    with django_capture_on_commit_callbacks(execute=True):
        give_back(family, alice, bob)
    assert mailbox.received == []
    assert EmailDelivery.objects.get(kind=kind).status == "skipped"


@pytest.mark.parametrize("what", RETURNS)
def test_no_approval_returned_email_to_a_worker_who_left(
    what, family, alice, bob, with_addresses, mailbox, django_capture_on_commit_callbacks
):
    give_back, _, _, _ = RETURNS[what]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        give_back(family, alice, bob)
    alice.is_active = False
    alice.save()
    for callback in callbacks:
        callback()
    assert mailbox.received == []


def test_an_override_approved_after_all_is_not_emailed_as_returned(
    family, alice, bob, with_addresses, mailbox
):
    approved = _return_override(family, alice, bob, approve=True)
    assert override_returned_send(assessment_id=approved.pk) == "skipped"
    assert mailbox.received == []


def test_a_closure_approved_after_all_is_not_emailed_as_returned(family, alice, bob, with_addresses, mailbox):
    approved = _return_closure(family, alice, bob, approve=True)
    assert closure_returned_send(request_id=approved.pk) == "skipped"
    assert mailbox.received == []
