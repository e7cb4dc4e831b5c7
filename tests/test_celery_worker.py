"""Celery against a real Redis and a real worker process: eager mode alone proves nothing."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from sop_casework.health import worker_ping

ROOT = Path(__file__).resolve().parent.parent


def a_redis_database_with_no_worker() -> str:
    """The test run's Redis (REDIS_URL: its host, port and any password), in a database next
    to the run's own, which no worker of this run consumes: runs side by side, each with a
    REDIS_URL of its own, use different ones."""
    url = urlsplit(os.environ["REDIS_URL"])
    own = int(url.path.strip("/") or 0)
    return urlunsplit(url._replace(path=f"/{(own + 8) % 16}"))


@pytest.fixture
def real_worker(start_worker):
    return start_worker()


def test_a_real_worker_answers_the_health_task_through_redis(real_worker):
    assert worker_ping(timeout=60) == "pong"
    assert real_worker.poll() is None, "the worker process stopped"


def test_with_the_broker_down_the_health_check_fails_fast_with_a_clear_error():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "health", "--timeout", "5"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "database: ok" in result.stdout
    assert "The task broker at redis://127.0.0.1:1/0 cannot be reached" in result.stderr, result.stderr
    assert "Check that Redis is running" in result.stderr
    assert elapsed < 30, f"the health check took {elapsed:.0f} s: it must fail fast, not hang"


def test_with_no_worker_running_the_health_check_says_so():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "REDIS_URL": a_redis_database_with_no_worker(),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "health", "--timeout", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "No worker answered within 2 seconds" in result.stderr
