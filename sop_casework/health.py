"""Is the service healthy? The database answers, the broker takes a task, a worker runs it."""

import logging

from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url

from .celery import app as celery_app
from .celery import ping

logger = logging.getLogger(__name__)


class HealthCheckFailed(Exception):
    """A dependency is down; the message says which one and what to do."""


def _broker_address() -> str:
    # Say where we looked, without any password that may be in the URL.
    return maybe_sanitize_url(settings.CELERY_BROKER_URL)


def worker_ping(*, timeout: float = 10) -> str:
    """Send the health task and wait for a worker's answer; raise HealthCheckFailed quickly
    when the broker is unreachable or no worker answers within `timeout` seconds."""
    try:
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=3)
        result = ping.apply_async()
    except OperationalError as exc:
        raise HealthCheckFailed(
            f"The task broker at {_broker_address()} cannot be reached ({exc}). "
            "Check that Redis is running and that REDIS_URL points at it."
        ) from exc
    try:
        return result.get(timeout=timeout)
    except CeleryTimeout as exc:
        raise HealthCheckFailed(
            f"No worker answered within {timeout:g} seconds. Check that a Celery worker is "
            "running against the same REDIS_URL."
        ) from exc
    except OperationalError as exc:
        raise HealthCheckFailed(
            f"The result store at {_broker_address()} cannot be reached ({exc})."
        ) from exc


def database_ping() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@login_not_required
@never_cache
def health(request):
    """For load balancers and docker-compose: 200 when the database answers. No family data."""
    try:
        database_ping()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
