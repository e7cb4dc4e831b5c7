"""Every write of notifications. The services of the apps call `notify(...)` where the thing
happens, inside their own transaction: a change that rolls back leaves no notification.

`families` sits below this app and does not import it: what happens there (a family
assigned, a closure asked for or decided, access asked for or decided) reaches
`notifications.events`, which listens through families.extensions.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User

from .models import Kind, Notification


def notify(*, recipients: Iterable, kind: Kind, family, link: str, actor=None, due_on=None) -> int:
    """One unread notification of `kind` about `family` for each recipient (users; None and
    the actor themselves are left out: nobody is told what they just did). Returns how many
    were made."""
    actor_id = actor.pk if actor is not None else None
    recipient_ids = {user.pk for user in recipients if user is not None} - {actor_id}
    rows = [
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            family_id=family.pk,
            actor_id=actor_id,
            link=link,
            due_on=due_on,
        )
        for recipient_id in sorted(recipient_ids)
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def supervisors_of(family) -> list[User]:
    """Who decides for the family: the supervisor of its caseworker's unit."""
    worker = family.assigned_caseworker
    if worker is None or worker.unit_id is None:
        return []
    return list(User.objects.filter(role=Role.SUPERVISOR, unit_id=worker.unit_id, is_active=True))


@transaction.atomic
def notification_open(*, notification: Notification) -> Notification:
    """The recipient opened it: it is read from now on (the first reading is kept)."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Every unread notification of `user` is read now; returns how many."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


@dataclass(frozen=True)
class Due:
    """An item due on a day, as an app with dated work hands it to the daily reminder."""

    recipient_id: int
    family_id: int
    kind: Kind
    link: str
    item: str  # e.g. "meetings.ActionItem:12": with the day, what makes the reminder unique


# due_sources: source(day) -> iterable of Due, for the items that fall due on `day`;
# meetings (action items) and supervision (consultation actions) register one in ready().
due_sources: list[Callable[[date], Iterable[Due]]] = []


def register_due_source(source: Callable[[date], Iterable[Due]]) -> None:
    if source not in due_sources:
        due_sources.append(source)


@transaction.atomic
def notify_due_tomorrow(*, today: date | None = None) -> int:
    """The daily reminder: each open item due tomorrow reaches its person once, however
    often this runs (the unique constraint on recipient, kind and key). Returns how many
    notifications were made by this run."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    rows = [
        Notification(
            recipient_id=due.recipient_id,
            kind=due.kind,
            family_id=due.family_id,
            link=due.link,
            due_on=tomorrow,
            key=f"{due.item}@{tomorrow.isoformat()}",
        )
        for source in due_sources
        for due in source(tomorrow)
    ]
    keys = [row.key for row in rows]
    before = Notification.objects.filter(key__in=keys).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(key__in=keys).count() - before
