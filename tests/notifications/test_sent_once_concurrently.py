"""Two workers sending the same digest at the same moment: one email. Threads with their own
database connections race on the delivery row in PostgreSQL, as two worker processes would."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from meetings.models import ActionItem, Meeting
from notifications import emails
from notifications.models import EmailDelivery, EmailKind
from tests.factories import ChildFactory, FamilyFactory


@pytest.mark.django_db(transaction=True)
def test_the_task_run_twice_at_once_sends_once(alice, mailbox):
    alice.email = "alice@agency.example"
    alice.save()
    ChildFactory(family=FamilyFactory(assigned_caseworker=alice))
    today = timezone.localdate()
    start = threading.Barrier(4)
    statuses = []

    def send():
        try:
            start.wait()
            statuses.append(
                emails.digest_send(
                    user_id=alice.pk, kind=EmailKind.DAILY_DIGEST, period=today.isoformat(), today=today
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == ["sent", "taken", "taken", "taken"]
    assert len(mailbox.to("alice@agency.example")) == 1
    assert EmailDelivery.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_two_real_workers_and_a_beat_that_fired_twice_send_each_digest_once(
    alice, bob, mailbox, smtp_server, start_worker
):
    """The beat's task sent twice, run by two Celery worker processes on Redis, each queuing
    every digest: each person still receives one."""
    import time

    from notifications.tasks import send_digests

    controller, _ = smtp_server
    db = connection.settings_dict  # the workers must use this test's database
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    for _ in range(2):
        start_worker(
            DATABASE_URL=f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            EMAIL_URL=f"smtp://{controller.hostname}:{controller.port}",
        )
    for person in (alice, bob):
        person.email = f"{person.username}@agency.example"
        person.save()
    family = FamilyFactory(assigned_caseworker=alice)
    ChildFactory(family=family)
    # an action item past its date since this week: a rule newly breached, for bob's digest
    meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)
    ActionItem.objects.create(
        meeting=meeting, family=family, what="x", who="y", due_on=timezone.localdate() - timedelta(days=2)
    )
    today = timezone.localdate().isoformat()

    send_digests.delay(today)
    send_digests.delay(today)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        statuses = list(EmailDelivery.objects.values_list("status", flat=True))
        if len(statuses) == 2 and set(statuses) <= {"sent", "skipped"}:
            break
        time.sleep(0.5)
    time.sleep(3)  # any second copy would come now
    assert sorted(EmailDelivery.objects.values_list("recipient__username", "status")) == [
        ("alice", "sent"),
        ("bob", "sent"),
    ]
    assert len(mailbox.to("alice@agency.example")) == 1
    assert len(mailbox.to("bob@agency.example")) == 1
