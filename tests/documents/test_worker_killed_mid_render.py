"""A worker killed while it renders loses no document (acks_late, reject_on_worker_lost and
the sweep), with real worker processes on the test Redis, killed with SIGKILL mid-render.

- The render process of a prefork worker (docker-compose's command) dies, as when the kernel's
  OOM killer picks it: the worker's main process rejects the message back onto the queue, and
  the next render process makes the document (a second attempt).
- The whole worker dies (the machine or container is lost): the message stays unacknowledged
  in Redis until its visibility timeout (an hour) and no worker holds the document, so the
  sweep fails it, once it has been rendering longer than a render may, with a reason the
  person who asked can act on; "Try again" makes it on a worker that is up.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import psutil
import pytest
from django.db import connection
from django.utils import timezone

from case_plans import services as case_plan_services
from documents import services
from documents.models import TOOK_TOO_LONG, Document, DocumentState
from protective_factors.models import ProtectiveFactor
from safety_networks.services import danger_statement_save
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def worker_environment(tmp_path) -> dict:
    db = connection.settings_dict  # the worker must use this test's database
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    return {
        "DATABASE_URL": f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "STORAGE_URL": f"file://{tmp_path / 'files'}",
    }


@pytest.fixture
def prefork_worker(tmp_path):
    """A worker as docker-compose runs it (the prefork pool), with one render process."""
    from sop_casework.celery import app as celery_app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **worker_environment(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sop_casework", "worker", "--loglevel", "INFO",
         "--concurrency", "1", "--without-gossip", "--without-mingle",
         "--hostname", f"killed-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    celery_app.conf.task_always_eager = False
    yield worker
    celery_app.conf.task_always_eager = True
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


def a_case_plan(family, alice, bob):
    """A few pages: its render takes long enough (a second or more) to be killed in the middle, and
    stays well inside the render's time limit on a loaded machine."""
    factors = list(ProtectiveFactor.objects.all())
    child = ChildFactory(family=family)
    goals = []
    for i in range(3):
        _, goal = danger_statement_save(
            family=family,
            by=alice,
            children=[child],
            factors=factors[:2],
            statement_fields={
                "who_is_worried": "The agency",
                "caregiver_behaviour": f"worry {i}",
                "what_could_happen": "harm",
            },
            goal_fields={
                "caregivers_will": f"the caregivers will do thing {i}",
                "child_will_experience": "safety",
                "agency_needs_to_see": "steady change",
                "for_how_long": "six months",
            },
        )
        goals.append(goal)
    plan = case_plan_services.case_plan_start(family=family, by=alice)
    for goal in goals:
        for s in range(5):
            case_plan_services.case_plan_step_add(
                plan=plan, by=alice, goal=goal, what=f"Step {s}: " + "a concrete action " * 8, who="Daniel",
                by_when=date.today() + timedelta(days=30), progress_shown_by="What the network sees " * 4,
            )  # fmt: skip
    case_plan_services.case_plan_submit(plan=plan, by=alice)
    case_plan_services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    return plan


def wait_for(document: Document, states, seconds: float = 600, every: float = 0.02) -> Document:
    """(A worker takes minutes to start on a machine as loaded as the shared one can be.)"""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.state in states:
            return document
        time.sleep(every)
    raise AssertionError(f"document still {document.state} after {seconds} s")


def test_a_render_process_killed_mid_render_is_put_back_and_the_next_one_makes_the_document(
    alice, bob, family, tmp_path, prefork_worker
):
    # given a worker rendering a case plan
    plan = a_case_plan(family, alice, bob)
    document = services.document_request(family=family, by=alice, kind="case_plan", source_id=plan.pk)
    wait_for(document, {DocumentState.RENDERING})

    # when its render process is killed (SIGKILL: no clean-up, as the OOM killer does)
    [render_process] = psutil.Process(prefork_worker.pid).children()
    render_process.send_signal(signal.SIGKILL)

    # then the message went back on the queue, and the new render process made it
    document = wait_for(document, {DocumentState.READY, DocumentState.FAILED}, every=0.5)
    assert document.state == DocumentState.READY, document.failure_reason
    assert document.attempts == 2  # the killed render, then the one that made it
    assert prefork_worker.poll() is None, "the worker itself kept running"


def test_a_whole_worker_killed_mid_render_leaves_the_document_for_the_sweep_to_fail_and_try_again(
    alice, bob, family, tmp_path, start_worker
):
    # given a worker rendering a case plan
    plan = a_case_plan(family, alice, bob)
    worker = start_worker(**worker_environment(tmp_path))
    document = services.document_request(family=family, by=alice, kind="case_plan", source_id=plan.pk)
    wait_for(document, {DocumentState.RENDERING})

    # when the whole worker is killed (SIGKILL)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    # then nothing finishes it: it stays rendering, and the sweep leaves it while a render may
    # still be running...
    time.sleep(2)
    document.refresh_from_db()
    assert document.state == DocumentState.RENDERING
    assert services.documents_sweep() == 0
    # ...and fails it, with the reason, once it has rendered longer than a render may
    later = timezone.now() + services.STUCK_AFTER + timedelta(seconds=1)
    assert services.documents_sweep(now=later) == 1
    document.refresh_from_db()
    assert document.state == DocumentState.FAILED and document.failure_reason == TOOK_TOO_LONG

    # and "Try again" makes it on a worker that is up
    start_worker(**worker_environment(tmp_path))
    services.document_retry(document=document, by=alice)
    document = wait_for(document, {DocumentState.READY, DocumentState.FAILED}, every=0.5)
    assert document.state == DocumentState.READY, document.failure_reason
