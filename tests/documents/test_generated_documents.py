"""The document pipeline: request at once, render, store privately, download through the
access rule; failures shown with the reason and retried; stuck renders swept."""

import io
import os
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditAction, AuditEvent
from documents import services
from documents.models import Document, DocumentState
from notifications.models import Kind, Notification
from safety_networks.services import network_member_save, safety_plan_rule_save, safety_plan_start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(family, alice):
    samuel = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    draft = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=draft,
        by=alice,
        rule="When Daniel feels angry he leaves the room and calls Samuel.",
        how_it_holds="Samuel answers day or night.",
        responsible=[samuel],
    )
    return draft


def ask(client, family, plan):
    return client.post(
        reverse("documents:document_request", args=[family.public_id]),
        {"kind": "safety_plan", "source": plan.pk},
    )


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace folded (table cells wrap their lines)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_a_pdf_is_asked_for_made_and_downloaded(
    client_of, alice, family, plan, django_capture_on_commit_callbacks
):
    client = client_of(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, family, plan)
    document = Document.objects.get()
    assert response["Location"] == reverse("documents:document", args=[family.public_id, document.public_id])
    assert document.state == DocumentState.READY and document.size > 1000 and len(document.checksum) == 64
    page = client.get(response["Location"]).text
    assert "Download the PDF" in page
    download = client.get(reverse("documents:document_download", args=[family.public_id, document.public_id]))
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(download.streaming_content))
    assert family.case_number in text and "Okafor-Reyes" in text
    assert "leaves the room and calls Samuel" in text
    # "Page 1 of 2": the rules, the network's circles, then the signatures
    assert "Page 1 of 2" in text and "private child welfare record" in text and "DRAFT" in text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, record_type="documents.Document").count() == 2


def test_an_outsider_gets_404_on_the_page_and_the_download(
    client_of, alice, charlie, family, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client_of(alice), family, plan)
    document = Document.objects.get()
    client = client_of(charlie)
    for name in ("documents:document", "documents:document_download"):
        assert client.get(reverse(name, args=[family.public_id, document.public_id])).status_code == 404


def test_a_rendering_error_is_shown_with_the_reason_and_can_be_retried(
    client_of, alice, family, plan, django_capture_on_commit_callbacks
):
    client = client_of(alice)
    fire = mock.patch("documents.services.html_to_pdf", side_effect=RuntimeError("the printer caught fire"))
    with fire, django_capture_on_commit_callbacks(execute=True):
        ask(client, family, plan)
    document = Document.objects.get()
    assert document.state == DocumentState.FAILED and "the printer caught fire" in document.failure_reason
    page = client.get(reverse("documents:document", args=[family.public_id, document.public_id])).text
    assert "could not be made" in page and "Try again" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_retry", args=[family.public_id, document.public_id]))
    document.refresh_from_db()
    assert document.state == DocumentState.READY and document.attempts == 2


def test_a_render_stopped_by_its_time_limit_says_so_in_words_and_can_be_retried(
    client_of, alice, family, plan, django_capture_on_commit_callbacks
):
    """The task's soft time limit raises inside the render; the reader sees why, not the
    exception's name (a worker under heavy load once showed "SoftTimeLimitExceeded: ")."""
    from celery.exceptions import SoftTimeLimitExceeded

    client = client_of(alice)
    slow = mock.patch("documents.services.html_to_pdf", side_effect=SoftTimeLimitExceeded())
    with slow, django_capture_on_commit_callbacks(execute=True):
        ask(client, family, plan)
    document = Document.objects.get()
    assert document.state == DocumentState.FAILED
    page = client.get(reverse("documents:document", args=[family.public_id, document.public_id])).text
    assert "Making the document took too long and was stopped. Try again." in page
    assert "SoftTimeLimitExceeded" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:document_retry", args=[family.public_id, document.public_id]))
    document.refresh_from_db()
    assert document.state == DocumentState.READY


def test_a_render_that_died_does_not_stay_rendering_for_ever(family, alice, plan):
    document = Document.objects.create(
        family=family,
        kind="safety_plan",
        source_id=plan.pk,
        title="x",
        requested_by=alice,
        state=DocumentState.RENDERING,
        started_at=timezone.now() - timedelta(hours=1),
    )
    fresh = Document.objects.create(
        family=family,
        kind="safety_plan",
        source_id=plan.pk,
        title="y",
        requested_by=alice,
        state=DocumentState.RENDERING,
        started_at=timezone.now(),
    )
    assert services.documents_sweep() == 1
    document.refresh_from_db()
    fresh.refresh_from_db()
    assert document.state == DocumentState.FAILED and "took too long" in document.failure_reason
    assert fresh.state == DocumentState.RENDERING
    # The person who asked hears of it (the bell), as of a render that fails; once.
    told = Notification.objects.get(recipient=alice)
    assert told.kind == Kind.DOCUMENT_FAILED and str(document.public_id) in told.link
    assert services.documents_sweep() == 0 and Notification.objects.count() == 1


def test_celery_beat_sends_the_sweep_more_often_than_a_render_may_take(settings):
    from pathlib import Path

    from sop_casework.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-stuck-documents"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks  # the name a worker knows
    assert timedelta(seconds=entry["schedule"]) <= services.STUCK_AFTER
    # docker-compose runs one beat beside the workers, from the same image.
    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    assert '  beat:\n    <<: *app\n    command: ["celery", "-A", "sop_casework", "beat"' in compose


def test_a_late_duplicate_delivery_renders_nothing_twice(
    family, alice, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(family=family, by=alice, kind="safety_plan", source_id=plan.pk)
    again = services.document_render(document.pk)
    assert again.attempts == 1 and again.state == DocumentState.READY


def test_a_document_of_another_familys_plan_is_refused(client_of, alice, family, charlie):
    from tests.factories import FamilyFactory

    other = FamilyFactory(assigned_caseworker=charlie)
    other_plan = safety_plan_start(family=other, by=charlie)
    response = ask(client_of(alice), family, other_plan)
    assert response.status_code == 404 and not Document.objects.exists()


def test_the_fetcher_refuses_the_network():
    from documents.rendering import LocalOnlyFetcher

    with pytest.raises(ValueError, match="fetch nothing from outside"):
        LocalOnlyFetcher().fetch("https://example.org/tracker.png")


# --- What every page of every kind of document says ------------------------------------

# Characters that broke the header when it was a CSS string: a hyphen and an apostrophe (once
# printed as "u002D" and "u0027"), accents, quotation marks and a backslash.
AWKWARD_NAME = 'O\'Brien-Núñez "Ana" \\ Test'
LONG_TEXT = "\n".join(f"Line {n}: what the family told us about this, in their own words." for n in range(90))


def download_pdf(client, family, kind, source_id, capture):
    with capture(execute=True):
        response = client.post(
            reverse("documents:document_request", args=[family.public_id]),
            {"kind": kind, "source": source_id},
        )
    document = Document.objects.get(public_id=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert document.state == DocumentState.READY, document.failure_reason
    download = client.get(reverse("documents:document_download", args=[family.public_id, document.public_id]))
    return download, b"".join(download.streaming_content)


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_every_page_of_every_kind_of_document_names_the_family_as_recorded(
    client_of, alice, family, django_capture_on_commit_callbacks
):
    from case_plans.services import case_plan_start, case_plan_update
    from meetings.models import Meeting
    from safety_networks.services import safety_plan_update

    family.display_name = AWKWARD_NAME
    family.save(update_fields=["display_name"])
    case_plan = case_plan_update(
        plan=case_plan_start(family=family, by=alice),
        by=alice,
        safety_goals=[],
        well_being_goals=[],
        services=LONG_TEXT,
    )
    safety_plan = safety_plan_start(family=family, by=alice)
    safety_plan_update(plan=safety_plan, by=alice, participants={}, warning_signs=LONG_TEXT)
    meeting = Meeting.objects.create(
        family=family, scheduled_at=timezone.now(), recorded_by=alice, worries=LONG_TEXT
    )
    client = client_of(alice)
    header = f"Case {family.case_number} · {AWKWARD_NAME} family"
    documents = {"case_plan": case_plan, "safety_plan": safety_plan, "meeting_summary": meeting}
    for kind, source in documents.items():
        _, data = download_pdf(client, family, kind, source.pk, django_capture_on_commit_callbacks)
        pages = page_texts(data)
        assert len(pages) >= 2, f"the {kind} must run over more than one page for this test"
        for number, text in enumerate(pages, start=1):
            assert header in text, f"page {number} of the {kind}: {text[-300:]}"
            assert "u002D" not in text and "u0027" not in text and "\\u" not in text


def test_a_meeting_summary_is_dated_by_the_agencys_clock_in_its_header_and_file_name(
    client_of, alice, family, settings, django_capture_on_commit_callbacks
):
    from zoneinfo import ZoneInfo

    from meetings.models import Meeting

    settings.TIME_ZONE = "America/Los_Angeles"
    # 20:42 on 27 November in California is already 28 November in UTC.
    evening = datetime(2026, 11, 27, 20, 42, tzinfo=ZoneInfo("America/Los_Angeles"))
    meeting = Meeting.objects.create(family=family, scheduled_at=evening, recorded_by=alice)
    download, data = download_pdf(
        client_of(alice), family, "meeting_summary", meeting.pk, django_capture_on_commit_callbacks
    )
    assert download["Content-Disposition"] == (
        f'attachment; filename="{family.case_number} Summary of the Initial meeting, 27 Nov 2026.pdf"'
    )
    (text,) = page_texts(data)
    assert "Summary of the Initial meeting, 27 Nov 2026" in text  # the running header
    assert "Our Family Team Meeting on 27 November 2026" in text
    assert "28 Nov" not in text


def test_making_a_document_prints_no_rendering_steps_on_the_console(
    client_of, alice, family, plan, caplog, django_capture_on_commit_callbacks
):
    """WeasyPrint logs "Step 2 - Fetching and parsing CSS - CSS string" at INFO for every
    render; the console is kept for what someone needs to read."""
    download_pdf(client_of(alice), family, "safety_plan", plan.pk, django_capture_on_commit_callbacks)
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]

    # And on a real console: a process set up as a worker is, rendering a document.
    import subprocess
    import sys
    from pathlib import Path

    render = (
        "import django; django.setup(); from documents.rendering import html_to_pdf; "
        "assert html_to_pdf('<p>Hello</p>').startswith(b'%PDF-')"
    )
    console = subprocess.run(
        [sys.executable, "-c", render],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert console.returncode == 0, console.stderr
    assert "Step " not in console.stdout + console.stderr, console.stderr
