"""Celery tasks take ids, load, and call a service."""

from celery import shared_task

from . import services


@shared_task(name="notifications.notify_due_tomorrow", soft_time_limit=120, time_limit=180)
def notify_due_tomorrow() -> int:
    """Sent by celery beat each morning: what falls due tomorrow reaches its person once,
    however often the beat fires (the unique constraint in notifications.models)."""
    return services.notify_due_tomorrow()
