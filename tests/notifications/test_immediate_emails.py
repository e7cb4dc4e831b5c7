"""The two emails that cannot wait: a case plan returned (to the caseworker) and access asked
for (to the supervisor who grants it). Each is sent after the commit, through the task and
the real SMTP server, carries no case detail, and can be turned off."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from case_plans.models import CasePlan, PlanStatus
from case_plans.services import case_plan_decide
from families.person_services import access_request_make
from notifications.models import EmailDelivery, EmailKind, EmailPreference
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
