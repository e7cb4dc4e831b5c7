"""With the task service (Redis) really down: a redis-server of the test's own, stopped while
a caseworker asks for a PDF, then started again. Nothing of the broker is mocked."""

import json
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from documents import services, tasks
from documents.models import Document, DocumentState
from safety_networks.services import safety_plan_start
from sop_casework.celery import app as celery_app

pytestmark = pytest.mark.django_db


class RedisServer:
    """A redis-server on a free port, which the test stops and starts."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 15
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # if hung by the test
            self.process.terminate()
            self.process.wait(timeout=15)

    def hang(self):
        """Still accepting connections, never answering: a hung Redis or a lossy network."""
        self.process.send_signal(signal.SIGSTOP)

    def queued_renders(self) -> list[str]:
        """The render tasks waiting in the broker's queue of renders, as "(document id,)"."""
        from django.conf import settings

        from sop_casework.task_queues import documents_queue

        queue = documents_queue(settings.CELERY_TASK_DEFAULT_QUEUE)
        messages = redis.Redis(port=self.port).lrange(queue, 0, -1)
        headers = [json.loads(m)["headers"] for m in messages]
        return [h["argsrepr"] for h in headers if h["task"] == "documents.render_document"]


@contextmanager
def celery_talks_to(url):
    """Point the project's Celery app (broker and result store) at `url`, sending tasks for
    real. Its connection pools are looked up again from the new settings, and again on the
    way out."""
    conf = celery_app.conf
    saved = {name: conf[name] for name in ("broker_url", "result_backend", "task_always_eager")}

    def fresh_connections():
        # Only let go of them: kombu keeps each URL's pool in a registry of its own, where the
        # next look-up finds it again (closing it would break every later send to that URL).
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app._backend_cache = None
        vars(celery_app._local).pop("backend", None)

    conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    fresh_connections()
    try:
        yield
    finally:
        conf.update(saved)
        fresh_connections()


@pytest.fixture
def task_service():
    server = RedisServer()
    try:
        server.start()
        with celery_talks_to(server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ask_for_the_safety_plan(client, family, plan, capture):
    url = reverse("documents:document_request", args=[family.public_id])
    started = time.monotonic()
    with capture(execute=True):
        response = client.post(url, {"kind": "safety_plan", "source": plan.pk})
    return response, time.monotonic() - started


def test_with_redis_down_the_request_is_kept_said_so_and_sent_again_once_it_is_back(
    client_of, alice, family, task_service, django_capture_on_commit_callbacks
):
    plan = safety_plan_start(family=family, by=alice)
    client = client_of(alice)
    task_service.stop()

    response, took = ask_for_the_safety_plan(client, family, plan, django_capture_on_commit_callbacks)

    assert response.status_code == 302  # not a server error
    assert took < 10, f"asking took {took:.1f} s with the task service down: it must not hang"
    document = Document.objects.get()
    assert response["Location"] == reverse("documents:document", args=[family.public_id, document.public_id])
    assert document.state == DocumentState.QUEUED and document.sent_at is None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Not sent yet: the task service that makes documents could not be reached" in page.text
    assert "Your request is kept" in page.text and "Try again" in page.text

    # "Try again" while it is still down: still kept, still said, no server error.
    with django_capture_on_commit_callbacks(execute=True):
        retry = client.post(reverse("documents:document_retry", args=[family.public_id, document.public_id]))
    assert retry.status_code == 302
    document.refresh_from_db()
    assert document.state == DocumentState.QUEUED and document.sent_at is None

    # Redis is back; the periodic sweep (run here as a worker runs it) sends the request again.
    task_service.start()
    assert task_service.queued_renders() == []
    Document.objects.filter(pk=document.pk).update(
        queued_at=timezone.now() - services.RESEND_AFTER - timedelta(seconds=1)
    )
    assert tasks.sweep_documents() == 1
    assert task_service.queued_renders() == [f"({document.pk},)"]
    document.refresh_from_db()
    assert document.state == DocumentState.QUEUED and document.sent_at is not None
    assert "Waiting to be made" in client.get(response["Location"]).text


def test_a_request_no_worker_started_is_failed_with_the_reason_and_can_be_tried_again(
    client_of, alice, family, task_service, django_capture_on_commit_callbacks
):
    """Sent to a running Redis, but no worker is running: it does not wait for ever."""
    plan = safety_plan_start(family=family, by=alice)
    client = client_of(alice)
    response, _ = ask_for_the_safety_plan(client, family, plan, django_capture_on_commit_callbacks)
    document = Document.objects.get()
    assert document.state == DocumentState.QUEUED and document.sent_at is not None
    assert task_service.queued_renders() == [f"({document.pk},)"]

    assert services.documents_sweep(now=timezone.now() + timedelta(minutes=9)) == 0
    Document.objects.filter(pk=document.pk).update(queued_at=timezone.now() - timedelta(minutes=11))
    page = client.get(response["Location"]).text  # the page sweeps too
    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert "No task worker started making the document within 10 minutes" in page and "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_retry", args=[family.public_id, document.public_id]))
    document.refresh_from_db()
    assert document.state == DocumentState.QUEUED and document.failure_reason == ""
    assert task_service.queued_renders() == [f"({document.pk},)", f"({document.pk},)"]


def test_a_request_the_task_service_never_took_is_failed_with_the_reason_and_can_be_tried_again(
    client_of, alice, family, task_service, django_capture_on_commit_callbacks
):
    """Redis stayed down past the limit: the request is failed, saying why, not left waiting."""
    plan = safety_plan_start(family=family, by=alice)
    client = client_of(alice)
    task_service.stop()
    response, _ = ask_for_the_safety_plan(client, family, plan, django_capture_on_commit_callbacks)
    document = Document.objects.get()
    Document.objects.filter(pk=document.pk).update(queued_at=timezone.now() - timedelta(minutes=11))

    page = client.get(response["Location"]).text
    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert "The task service could not be reached for 10 minutes" in page and "Try again" in page

    task_service.start()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_retry", args=[family.public_id, document.public_id]))
    document.refresh_from_db()
    assert document.state == DocumentState.QUEUED and document.sent_at is not None
    assert task_service.queued_renders() == [f"({document.pk},)"]


def test_with_redis_hung_the_request_still_answers_within_seconds(
    client_of, alice, family, task_service, django_capture_on_commit_callbacks
):
    """The slow case: a Redis that takes connections (this process already holds one) but
    never answers. The broker's socket timeouts and the publish retry policy bound the wait."""
    plan = safety_plan_start(family=family, by=alice)
    client = client_of(alice)
    ask_for_the_safety_plan(client, family, plan, django_capture_on_commit_callbacks)
    assert Document.objects.get().sent_at is not None  # the connection is made and pooled
    task_service.hang()

    response, took = ask_for_the_safety_plan(client, family, plan, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert took < 15, f"asking took {took:.1f} s with the task service hung"
    document = Document.objects.latest("id")
    assert document.state == DocumentState.QUEUED and document.sent_at is None
