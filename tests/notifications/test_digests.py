"""The digests, built from a factory-built unit and sent through the real SMTP server:
what a caseworker and a supervisor read, the preferences, and nothing sent twice."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from case_plans.models import CasePlan, PlanStatus
from families.models import FamilyStatus, FamilyStatusChange
from notifications import emails
from notifications.digests import caseworker_digest, supervisor_digest, working_days_before
from notifications.models import DeliveryStatus, DigestFrequency, EmailDelivery, EmailKind, EmailPreference
from notifications.tasks import send_digests
from safety_networks.models import SafetyAssessment, SafetyDecision
from tests.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def opened(family, on: date, by):
    FamilyStatusChange.objects.create(
        family=family, from_status="referral", to_status="open", effective_on=on, changed_by=by
    )
    return family


@pytest.fixture
def unit(alice, bob, charlie):
    """alice's families: one opened 63 days ago with a child not seen (plan and first meeting
    overdue since two days: rules newly breached this week), one referral whose first contact
    is due, one closed; bob supervises her."""
    for person in (alice, bob, charlie):
        person.email = f"{person.username}@agency.example"
        person.save()
    today = timezone.localdate()
    late = opened(
        FamilyFactory(assigned_caseworker=alice, display_name="Okafor"), today - timedelta(days=63), alice
    )
    ChildFactory(family=late, first_name="Amara")
    referral = FamilyFactory(
        assigned_caseworker=alice,
        display_name="Lindqvist",
        status=FamilyStatus.REFERRAL,
        referral_date=today - timedelta(days=3),
        response_priority="ten_day",
    )
    closed = FamilyFactory(assigned_caseworker=alice, display_name="Whitcombe", status=FamilyStatus.CLOSED)
    return {"late": late, "referral": referral, "closed": closed, "today": today}


def test_a_caseworker_reads_what_is_due_this_week_by_case_number_only(unit, alice, mailbox):
    sent = send_digests(unit["today"].isoformat())

    assert sent == 3  # alice, bob and charlie (charlie's, with nothing due, is not sent)
    [received] = mailbox.to("alice@agency.example")
    text, html = received.text, received.html
    late, referral = unit["late"], unit["referral"]
    assert late.case_number in text and referral.case_number in text
    assert unit["closed"].case_number not in text
    assert "1 child not yet seen this month" in text
    assert "first case plan due" in text and "first Family Team Meeting due" in text
    assert "first contact due" in text
    assert "OVERDUE" in text
    assert f"https://casework.agency.example/families/{late.public_id}/" in text
    assert f'href="https://casework.agency.example/families/{late.public_id}/"' in html
    for name in ("Okafor", "Amara", "Lindqvist", "Whitcombe"):
        assert name not in text and name not in html
    assert received.subject == "What is due this week: 2 families"
    assert received.sender == "no-reply@agency.example"
    assert not mailbox.to("charlie@agency.example")
    assert (
        EmailDelivery.objects.get(recipient=charlie_of(unit), kind=EmailKind.DAILY_DIGEST).status == "skipped"
    )


def charlie_of(unit):
    from accounts.models import User

    return User.objects.get(username="charlie")


def test_a_supervisor_reads_approvals_waiting_new_dangers_caseloads_and_rules(unit, alice, bob, mailbox):
    today = unit["today"]
    family = unit["late"]
    CasePlan.objects.create(
        family=family, number=1, status=PlanStatus.SUBMITTED, recorded_by=alice,
        submitted_at=timezone.now() - timedelta(days=5), review_on=today + timedelta(days=100),
    )  # fmt: skip
    fresh = FamilyFactory(assigned_caseworker=alice, display_name="Fresh")
    CasePlan.objects.create(
        family=fresh, number=1, status=PlanStatus.SUBMITTED, recorded_by=alice, submitted_at=timezone.now()
    )
    SafetyAssessment.objects.create(
        family=family, recorded_by=alice, decision=SafetyDecision.UNSAFE, assessed_on=today, notes="Secret"
    )
    FamilyFactory.create_batch(29, assigned_caseworker=alice)
    # day 61 without a case plan or a first meeting came two days ago for "late"; nine days
    # ago for "old", not news; the child of "late", unseen this month, was unseen a week ago
    old = opened(
        FamilyFactory(assigned_caseworker=alice, display_name="Oldham"), today - timedelta(days=70), alice
    )
    # alice now carries 33

    digest = supervisor_digest(bob, today=today)
    assert [(w.kind, w.case_number) for w in digest.waiting] == [("case_plan", family.case_number)]
    assert [f.case_number for f in digest.newly_unsafe] == [family.case_number]
    assert [(w.name, w.caseload) for w in digest.over_guide] == [("Alice Ames", 33)]
    assert digest.breached_since == today - timedelta(days=7)
    rules = {rule.slug: rule.case_numbers for rule in digest.rules}
    assert rules == {"case_plan": [family.case_number], "first_meeting": [family.case_number]}

    send_digests(today.isoformat())
    [received] = mailbox.to("bob@agency.example")
    assert received.subject == "Your unit this morning"
    assert "1 decision has waited more than two working days" in received.text
    assert f"Case {family.case_number}: case plan, since" in received.text
    assert "unsafe or conditionally safe" in received.text
    assert "Alice Ames: 33 families" in received.text
    assert (
        f"Case plan missing or review late: 1 family ({family.case_number})"
        "  https://casework.agency.example/unit/families/?rule=case_plan"
    ) in received.text
    assert 'href="https://casework.agency.example/unit/families/?rule=first_meeting"' in received.html
    assert late_case_numbers_not_in(received.text, old)
    for secret in ("Okafor", "Amara", "Secret", "Fresh", "Oldham"):
        assert secret not in received.text and secret not in received.html


def late_case_numbers_not_in(text: str, family) -> bool:
    """The family late for longer than the week is not among the rules newly breached."""
    rules = text.partition("Rules breached this week")[2].partition("Unit review:")[0]
    return bool(rules) and family.case_number not in rules


def test_an_action_item_that_passed_its_date_this_week_is_a_rule_newly_breached(unit, alice, bob):
    from meetings.models import ActionItem, Meeting

    today = unit["today"]
    families = FamilyFactory.create_batch(2, assigned_caseworker=alice)
    for family, days in zip(families, (3, 8), strict=True):
        meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)
        ActionItem.objects.create(
            meeting=meeting, family=family, what="x", who="y", due_on=today - timedelta(days=days)
        )
    rules = {rule.slug: rule.case_numbers for rule in supervisor_digest(bob, today=today).rules}
    assert rules["action_items"] == [families[0].case_number]


def test_an_assessment_from_before_the_period_is_not_new(unit, alice, bob):
    today = unit["today"]
    SafetyAssessment.objects.create(
        family=unit["late"],
        recorded_by=alice,
        decision=SafetyDecision.UNSAFE,
        assessed_on=today - timedelta(days=3),
    )
    assert supervisor_digest(bob, today=today).newly_unsafe == []
    assert len(supervisor_digest(bob, today=today, frequency=DigestFrequency.WEEKLY).newly_unsafe) == 1


def test_two_working_days_skip_the_weekend():
    assert working_days_before(date(2026, 12, 7), 2) == date(2026, 12, 3)  # Monday → Thursday
    assert working_days_before(date(2026, 12, 10), 2) == date(2026, 12, 8)  # Thursday → Tuesday


def test_a_digest_reads_a_fixed_number_of_queries_whatever_the_caseload(
    unit, alice, bob, django_assert_num_queries
):
    def queries_for(user, build) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            build(user, today=unit["today"])
        return len(captured)

    from meetings.models import ActionItem, Meeting
    from supervision.models import Consultation, ConsultationAction

    before = (queries_for(alice, caseworker_digest), queries_for(bob, supervisor_digest))
    for _ in range(10):
        family = opened(FamilyFactory(assigned_caseworker=alice), unit["today"] - timedelta(days=80), alice)
        ChildFactory.create_batch(2, family=family)
        meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)
        consultation = Consultation.objects.create(
            family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
        )
        for days in (-3, 2, 5):  # of each, one past its date and two due this week
            due_on = unit["today"] + timedelta(days=days)
            ActionItem.objects.create(meeting=meeting, family=family, what="x", who="y", due_on=due_on)
            ConsultationAction.objects.create(
                consultation=consultation, family=family, what="x", owner=alice, due_on=due_on
            )
    assert "4 action items due this week" in " ".join(
        thing.words for due in caseworker_digest(alice, today=unit["today"]).families for thing in due.things
    )
    after = (queries_for(alice, caseworker_digest), queries_for(bob, supervisor_digest))
    # caseworker: My caseload's one query; supervisor: the approvals (6: case plans, court
    # reports, risk overrides, safety overrides, reunification overrides, closures), Unit review
    # (2), the families newly unsafe (1), the rules newly breached (1).
    assert before == after == (1, 10)


# --- Preferences ---------------------------------------------------------------------------------


def test_preferences_decide_who_gets_which_digest_when(unit, alice, bob, mailbox):
    EmailPreference.objects.create(user=alice, digest=DigestFrequency.WEEKLY)
    EmailPreference.objects.create(user=bob, digest=DigestFrequency.OFF)
    monday = unit["today"] - timedelta(days=unit["today"].weekday())
    tuesday = monday + timedelta(days=1)

    send_digests(tuesday.isoformat())
    assert mailbox.received == []

    send_digests(monday.isoformat())
    [received] = mailbox.received
    assert received.to == ["alice@agency.example"]
    year, week, _ = monday.isocalendar()
    assert EmailDelivery.objects.get(recipient=alice).period == f"{year}-W{week:02d}"
    assert not EmailDelivery.objects.filter(recipient=bob).exists()


def test_a_digest_queued_before_the_person_turned_digests_off_is_not_sent(unit, alice, mailbox):
    EmailPreference.objects.create(user=alice, digest=DigestFrequency.OFF)
    status = emails.digest_send(
        user_id=alice.pk, kind=EmailKind.DAILY_DIGEST, period=unit["today"].isoformat(), today=unit["today"]
    )
    assert status == DeliveryStatus.SKIPPED
    assert mailbox.received == []


def test_a_digest_is_in_the_language_the_person_chose(unit, alice, mailbox):
    alice.language = "es"
    alice.save()
    send_digests(unit["today"].isoformat())
    [received] = mailbox.to("alice@agency.example")
    assert received.subject == "Lo que vence esta semana: 2 familias"
    assert "CON RETRASO" in received.text


# --- Sent once -----------------------------------------------------------------------------------


def test_a_beat_that_fires_twice_sends_each_digest_once(unit, mailbox):
    send_digests(unit["today"].isoformat())
    send_digests(unit["today"].isoformat())
    assert len(mailbox.to("alice@agency.example")) == 1
    assert len(mailbox.to("bob@agency.example")) == 1


def test_a_failed_send_is_recorded_and_tried_again(unit, alice, mailbox):
    today = unit["today"]
    mailbox.refuse = True
    with pytest.raises(emails.SendFailed):
        emails.digest_send(
            user_id=alice.pk, kind=EmailKind.DAILY_DIGEST, period=today.isoformat(), today=today
        )
    delivery = EmailDelivery.objects.get(recipient=alice)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "451" in delivery.last_error

    mailbox.refuse = False
    emails.digest_send(user_id=alice.pk, kind=EmailKind.DAILY_DIGEST, period=today.isoformat(), today=today)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 2, "")
    assert len(mailbox.received) == 1


def test_the_task_retries_with_backoff_then_gives_up_for_the_admin_page(unit, alice, mailbox, monkeypatch):
    from notifications.tasks import RETRIES, _backoff, send_digest

    mailbox.refuse = True
    today = unit["today"].isoformat()
    # Eagerly, Celery runs each retry at once (no wait), one after the other, as long as the
    # failures are not raised to the caller.
    monkeypatch.setitem(send_digest.app.conf, "task_eager_propagates", False)

    result = send_digest.apply(args=[alice.pk, EmailKind.DAILY_DIGEST, today, today])

    assert result.failed()
    delivery = EmailDelivery.objects.get(recipient=alice)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GAVE_UP, RETRIES + 1)
    assert "451" in delivery.last_error
    assert mailbox.received == []
    # On a worker the tries wait 1, 2, 4, 8 and 16 minutes.
    assert [_backoff(n) for n in range(RETRIES)] == [60, 120, 240, 480, 960]


# --- Action items due this week ------------------------------------------------------------------


@pytest.fixture
def items_due(unit, alice, bob):
    """On a family opened yesterday: two open meeting action items due this week (in 2 and in
    7 days) and one consultation action alice took on (tomorrow, the first), counted; an item
    due in 8 days, one done, alice's consultation actions done or due in 8 days and one due
    today that is bob's, not counted; an item and a consultation action past their date, said apart."""
    from meetings.models import ActionItem, ActionStatus, Meeting
    from supervision.models import Consultation, ConsultationAction

    today = unit["today"]
    family = opened(
        FamilyFactory(assigned_caseworker=alice, display_name="Bramwell"), today - timedelta(days=1), alice
    )
    meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)

    def item(days, **fields):
        ActionItem.objects.create(
            meeting=meeting, family=family, what="Secret errand", who="Nadia",
            due_on=today + timedelta(days=days), **fields,
        )  # fmt: skip

    item(2)
    item(7)
    item(8)
    item(-1)
    item(1, status=ActionStatus.DONE, done_on=today)
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
    )
    for owner, days, status in (
        (alice, 1, "open"),
        (alice, 3, "done"),
        (alice, -2, "open"),
        (alice, 8, "open"),
        (bob, 0, "open"),
    ):
        ConsultationAction.objects.create(
            consultation=consultation, family=family, what="Secret visit", owner=owner,
            due_on=today + timedelta(days=days), status=status,
        )  # fmt: skip
    return family


def test_a_caseworker_reads_the_action_items_due_this_week(unit, alice, items_due, mailbox):
    from families.caseload import day

    today = unit["today"]
    digest = caseworker_digest(alice, today=today)
    [due] = [family for family in digest.families if family.case_number == items_due.case_number]
    [actions] = [thing for thing in due.things if thing.code == "actions_due"]
    assert (actions.count, actions.on, actions.overdue) == (3, today + timedelta(days=1), False)
    # opened yesterday, so nothing else is due yet
    assert [(thing.code, thing.count) for thing in due.things] == [("actions", 2), ("actions_due", 3)]

    send_digests(today.isoformat())
    [received] = mailbox.to("alice@agency.example")
    words = f"3 action items due this week, the first {day(today + timedelta(days=1))}"
    lines = received.text.partition(f"Case {items_due.case_number}\r\n")[2].split("\r\n")
    assert lines[:2] == ["  - 2 action items past their date", f"  - {words}"]
    assert words in received.text and words in received.html
    for secret in ("Bramwell", "Secret", "Nadia"):
        assert secret not in received.text and secret not in received.html


def test_one_action_item_due_this_week_reads_its_day(unit, alice, items_due):
    from families.caseload import day
    from meetings.models import ActionItem
    from supervision.models import ConsultationAction

    ActionItem.objects.filter(family=items_due, due_on__gt=unit["today"] + timedelta(days=2)).delete()
    ConsultationAction.objects.filter(family=items_due, owner=alice).delete()
    digest = caseworker_digest(alice, today=unit["today"])
    [due] = [family for family in digest.families if family.case_number == items_due.case_number]
    assert [thing.words for thing in due.things if thing.code == "actions_due"] == [
        f"1 action item due {day(unit['today'] + timedelta(days=2))}"
    ]
