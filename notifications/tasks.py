"""Celery tasks take ids, load, and call a service."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import emails, services
from .models import DigestFrequency, EmailKind
from .preferences import digest_recipients


@shared_task(name="notifications.notify_due_tomorrow", soft_time_limit=120, time_limit=180)
def notify_due_tomorrow() -> int:
    """Sent by celery beat each morning: what falls due tomorrow reaches its person once,
    however often the beat fires (the unique constraint in notifications.models)."""
    return services.notify_due_tomorrow()


# Celery tasks of the emails: they take ids, load, and call notifications.emails.
#
# The beat sends `notifications.send_digests` at 7:00 agency time (settings.CELERY_BEAT_SCHEDULE,
# in CELERY_TIMEZONE); it queues one `notifications.send_digest` per person. However often
# either runs, the delivery row (person, kind, period) lets one email through
# (notifications.emails.send_once). A failed send is tried again after 1, 2, 4, 8 and 16 minutes,
# then marked "gave_up" for the admin page.
RETRIES = 5


def _sent_or_retried(task, send, *, give_up):
    """Send; on a refusal, try again after the backoff, and after the last try record that
    it gave up (for the admin page)."""
    try:
        return send()
    except emails.SendFailed as error:
        if task.request.retries >= task.max_retries:
            give_up()
            raise
        raise task.retry(exc=error, countdown=_backoff(task.request.retries)) from error


def _backoff(retries: int) -> int:
    return 60 * 2**retries


@shared_task(name="notifications.send_digests", ignore_result=True)
def send_digests(day: str | None = None) -> int:
    """Queue today's digests: the daily ones, and on Monday the weekly ones."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    queued = 0
    kinds = [(DigestFrequency.DAILY, EmailKind.DAILY_DIGEST)]
    if today.weekday() == 0:
        kinds.append((DigestFrequency.WEEKLY, EmailKind.WEEKLY_DIGEST))
    for frequency, kind in kinds:
        period = emails.digest_period(kind, today)
        for user_id in digest_recipients(frequency).values_list("pk", flat=True):
            send_digest.delay(user_id, kind, period, today.isoformat())
            queued += 1
    return queued


@shared_task(
    bind=True,
    name="notifications.send_digest",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
    max_retries=RETRIES,
    ignore_result=True,
)
def send_digest(self, user_id: int, kind: str, period: str, day: str) -> str:
    return _sent_or_retried(
        self,
        lambda: emails.digest_send(user_id=user_id, kind=kind, period=period, today=date.fromisoformat(day)),
        give_up=lambda: emails.give_up(recipient_id=user_id, kind=kind, period=period),
    )


@shared_task(
    bind=True,
    name="notifications.send_plan_returned",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RETRIES,
    ignore_result=True,
)
def send_plan_returned(self, plan_id: int) -> str:
    return _sent_or_retried(
        self,
        lambda: emails.plan_returned_send(plan_id=plan_id),
        give_up=lambda: emails.give_up_event(kind=EmailKind.PLAN_RETURNED, prefix=f"case_plan:{plan_id}:"),
    )


@shared_task(
    bind=True,
    name="notifications.send_override_returned",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RETRIES,
    ignore_result=True,
)
def send_override_returned(self, assessment_id: int) -> str:
    return _sent_or_retried(
        self,
        lambda: emails.override_returned_send(assessment_id=assessment_id),
        give_up=lambda: emails.give_up_event(
            kind=EmailKind.OVERRIDE_RETURNED, prefix=f"risk_override:{assessment_id}:"
        ),
    )


@shared_task(
    bind=True,
    name="notifications.send_safety_override_returned",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RETRIES,
    ignore_result=True,
)
def send_safety_override_returned(self, assessment_id: int) -> str:
    return _sent_or_retried(
        self,
        lambda: emails.safety_override_returned_send(assessment_id=assessment_id),
        give_up=lambda: emails.give_up_event(
            kind=EmailKind.SAFETY_OVERRIDE_RETURNED, prefix=f"safety_override:{assessment_id}:"
        ),
    )


@shared_task(
    bind=True,
    name="notifications.send_reunification_override_returned",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RETRIES,
    ignore_result=True,
)
def send_reunification_override_returned(self, reassessment_id: int) -> str:
    return _sent_or_retried(
        self,
        lambda: emails.reunification_override_returned_send(reassessment_id=reassessment_id),
        give_up=lambda: emails.give_up_event(
            kind=EmailKind.REUNIFICATION_OVERRIDE_RETURNED,
            prefix=f"reunification_override:{reassessment_id}:",
        ),
    )


@shared_task(
    bind=True,
    name="notifications.send_closure_returned",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RETRIES,
    ignore_result=True,
)
def send_closure_returned(self, request_id: int) -> str:
    return _sent_or_retried(
        self,
        lambda: emails.closure_returned_send(request_id=request_id),
        give_up=lambda: emails.give_up_event(
            kind=EmailKind.CLOSURE_RETURNED, prefix=f"closure:{request_id}:"
        ),
    )


@shared_task(
    bind=True,
    name="notifications.send_access_requested",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=RETRIES,
    ignore_result=True,
)
def send_access_requested(self, request_id: int) -> list[str]:
    return _sent_or_retried(
        self,
        lambda: emails.access_requested_send(request_id=request_id),
        give_up=lambda: emails.give_up_event(kind=EmailKind.ACCESS_REQUESTED, prefix=f"access:{request_id}:"),
    )
