"""A burst of documents does not make the other tasks wait behind every render: renders go to
a queue of their own (sop_casework/task_queues.py), and a worker takes from both in turn. With
a real worker on the test Redis: the health task sent while five renders wait is answered
after the render in progress, not after the fifth."""

import time
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection

from case_plans import services as case_plan_services
from documents import services
from documents.models import Document, DocumentState
from protective_factors.models import ProtectiveFactor
from safety_networks.services import danger_statement_save
from sop_casework.health import worker_ping
from sop_casework.task_queues import documents_queue
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db(transaction=True)


def an_approved_case_plan(family, alice, bob):
    factors = list(ProtectiveFactor.objects.all())
    _, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[ChildFactory(family=family)],
        factors=factors[:2],
        statement_fields={
            "who_is_worried": "The agency",
            "caregiver_behaviour": "worry",
            "what_could_happen": "harm",
        },
        goal_fields={
            "caregivers_will": "the caregivers will do the thing",
            "child_will_experience": "safety",
            "agency_needs_to_see": "steady change",
            "for_how_long": "six months",
        },
    )
    plan = case_plan_services.case_plan_start(family=family, by=alice)
    for s in range(10):
        case_plan_services.case_plan_step_add(
            plan=plan, by=alice, goal=goal, what=f"Step {s}: " + "a concrete action " * 8, who="Daniel",
            by_when=date.today() + timedelta(days=30), progress_shown_by="What the network sees " * 4,
        )  # fmt: skip
    case_plan_services.case_plan_submit(plan=plan, by=alice)
    case_plan_services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    return plan


def test_renders_have_a_queue_of_their_own_that_every_worker_consumes():
    names = [queue.name for queue in settings.CELERY_TASK_QUEUES]
    assert names == [settings.CELERY_TASK_DEFAULT_QUEUE, documents_queue(settings.CELERY_TASK_DEFAULT_QUEUE)]
    for task in ("documents.render_document", "case_plans.render_document"):
        assert settings.CELERY_TASK_ROUTES[task] == {"queue": names[1]}


def test_the_health_task_is_answered_while_a_burst_of_renders_still_waits(
    alice, bob, family, tmp_path, start_worker
):
    # given one worker (one render at a time) and five case plans asked for at once
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    start_worker(
        DATABASE_URL=f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        STORAGE_URL=f"file://{tmp_path / 'files'}",
    )
    plan = an_approved_case_plan(family, alice, bob)
    for _ in range(5):
        services.document_request(family=family, by=alice, kind="case_plan", source_id=plan.pk)
    deadline = time.monotonic() + 600  # a worker takes minutes to start on a loaded machine
    while not Document.objects.filter(state=DocumentState.RENDERING).exists():
        assert time.monotonic() < deadline, "no worker started a render"
        time.sleep(0.05)

    # when the health task is sent while the first renders
    assert worker_ping(timeout=120) == "pong"

    # then it was answered before the burst was done: renders still wait behind it
    waiting = Document.objects.exclude(state__in=[DocumentState.READY, DocumentState.FAILED]).count()
    assert waiting >= 2, f"the health task waited for the renders ({waiting} still waiting)"
    # and they all end ready
    deadline = time.monotonic() + 300
    while Document.objects.exclude(state__in=[DocumentState.READY, DocumentState.FAILED]).exists():
        assert time.monotonic() < deadline, "the renders did not finish"
        time.sleep(0.5)
    assert set(Document.objects.values_list("state", flat=True)) == {DocumentState.READY}
