"""Two workers sending the same digest at the same moment: one email. Threads with their own
database connections race on the delivery row in PostgreSQL, as two worker processes would."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

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
