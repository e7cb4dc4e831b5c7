"""The daily reminder of what falls due tomorrow: each open item once, for its person,
however often the beat fires."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from families.models import FamilyStatus
from meetings.models import ActionItem, ActionStatus, Meeting
from notifications.models import Kind, Notification
from notifications.services import notify_due_tomorrow
from notifications.tasks import notify_due_tomorrow as notify_due_tomorrow_task
from supervision.models import Consultation, ConsultationAction
from tests.factories import FamilyFactory

TODAY = date(2026, 12, 7)
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def due(family, alice, bob):
    """An open meeting action item and a consultation action (bob's) due tomorrow, and
    others that are not: done, due today, due the day after."""
    meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)
    item = ActionItem.objects.create(
        meeting=meeting, family=family, what="Call", who="Maria", due_on=TOMORROW
    )
    ActionItem.objects.create(
        meeting=meeting, family=family, what="x", who="y", due_on=TOMORROW, status=ActionStatus.DONE,
        done_on=TODAY,
    )  # fmt: skip
    ActionItem.objects.create(meeting=meeting, family=family, what="x", who="y", due_on=TODAY)
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
    )
    action = ConsultationAction.objects.create(
        consultation=consultation, family=family, what="Visit", owner=bob, due_on=TOMORROW
    )
    ConsultationAction.objects.create(
        consultation=consultation,
        family=family,
        what="Later",
        owner=alice,
        due_on=TOMORROW + timedelta(days=1),
    )
    return {"meeting": meeting, "item": item, "action": action}


def test_each_open_item_due_tomorrow_reaches_its_person(due, family, alice, bob):
    assert notify_due_tomorrow(today=TODAY) == 2
    item = Notification.objects.get(recipient=alice)
    assert item.kind == Kind.ACTION_ITEM_DUE and item.due_on == TOMORROW and item.actor is None
    assert item.link == reverse("meetings:meeting", args=[family.public_id, due["meeting"].pk])
    action = Notification.objects.get(recipient=bob)
    assert action.kind == Kind.CONSULTATION_ACTION_DUE
    assert action.link == reverse("supervision:consultations", args=[family.public_id])


def test_run_twice_it_makes_each_reminder_once(due, alice):
    assert notify_due_tomorrow(today=TODAY) == 2
    assert notify_due_tomorrow(today=TODAY) == 0
    notify_due_tomorrow_task.apply()  # the beat's task, today: nothing due tomorrow in the fixture's dates
    assert Notification.objects.count() == 2
    # the next day's run reminds of the next day's items
    assert notify_due_tomorrow(today=TOMORROW) == 1


def test_the_database_refuses_a_second_copy(due):
    notify_due_tomorrow(today=TODAY)
    copy = Notification.objects.get(kind=Kind.ACTION_ITEM_DUE)
    copy.pk, copy.public_id = None, uuid.uuid4()
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_each_reminder_once(alice, bob):
    family = FamilyFactory(assigned_caseworker=alice)
    meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)
    for n in range(20):
        ActionItem.objects.create(
            meeting=meeting, family=family, what=f"Call {n}", who="Maria", due_on=TOMORROW
        )

    def run(_):
        try:
            return notify_due_tomorrow(today=TODAY)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(run, range(4)))
    assert Notification.objects.filter(recipient=alice, kind=Kind.ACTION_ITEM_DUE).count() == 20


def test_a_closed_family_is_not_reminded(due, family):
    family.status, family.closed_on, family.closure_reason = FamilyStatus.CLOSED, TODAY, "moved"
    family.save()
    assert notify_due_tomorrow(today=TODAY) == 0


def test_the_beat_sends_it_each_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notify-due-tomorrow"]
    assert entry["task"] == "notifications.notify_due_tomorrow"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
