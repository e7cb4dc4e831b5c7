"""The whole way, as the agency runs it: the web page asks, Redis carries, a real Celery
worker renders the case plan with WeasyPrint, the page offers the download, pypdf reads it."""

import io
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from case_plans import services
from documents.models import Document, DocumentState
from protective_factors.models import ProtectiveFactor, WellBeingGoal
from safety_networks.services import (
    danger_statement_save,
    network_member_save,
    safety_plan_activate,
    safety_plan_rule_save,
    safety_plan_start,
)
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db(transaction=True)


def same_storage_as_the_worker(settings, tmp_path):
    """The worker keeps the PDF on the case_files storage it is given (STORAGE_URL); the web
    process reads it from the same folder, as web and worker share a bucket in production."""
    settings.STORAGES = {
        **settings.STORAGES,
        "case_files": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }


def test_a_case_plan_pdf_made_by_a_real_worker(
    client_of, alice, bob, family, settings, tmp_path, start_worker
):
    same_storage_as_the_worker(settings, tmp_path)
    db = connection.settings_dict  # the worker must use this test's database
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    start_worker(
        DATABASE_URL=f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        STORAGE_URL=f"file://{tmp_path / 'files'}",
    )

    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    _, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[ChildFactory(family=family, first_name="Sofía")],
        factors=[factors["parental_resilience"], factors["social_connections"]],
        statement_fields={
            "who_is_worried": "The school and the agency",
            "caregiver_behaviour": "when Daniel is angry he may grab",
            "what_could_happen": "she could be badly hurt",
        },
        goal_fields={
            "caregivers_will": "when Daniel is angry he walks away and calls his brother",
            "child_will_experience": "Sofía is safe and feels safe",
            "agency_needs_to_see": "daily check-ins",
            "for_how_long": "over six months",
        },
    )
    WellBeingGoal.objects.create(
        family=family,
        recorded_by=alice,
        factor=factors["parental_resilience"],
        goal="Daniel joins a weekly fathers' group",
    )
    plan = services.case_plan_start(family=family, by=alice)
    services.case_plan_step_add(
        plan=plan,
        by=alice,
        goal=goal,
        what="Call Samuel when angry",
        who="Daniel",
        by_when=date.today() + timedelta(days=30),
        progress_shown_by="Samuel reports the calls",
    )
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="Clear.")
    client = client_of(alice)

    response = client.post(
        reverse("documents:document_request", args=[family.public_id]),
        {"kind": "case_plan", "source": plan.pk},
    )
    assert response.status_code == 302  # answered at once; the worker does the rest
    document = Document.objects.get()
    deadline = time.monotonic() + 90
    while document.state not in (DocumentState.READY, DocumentState.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason

    assert "Download the PDF" in client.get(response["Location"]).text
    download = client.get(reverse("documents:document_download", args=[family.public_id, document.public_id]))
    pages = [
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
    ]
    for page in pages:  # the running header, on every page
        assert f"Case {family.case_number} · Okafor-Reyes family" in page, page
    text = " ".join(pages)
    assert "walks away and calls his brother" in text and "Daniel joins a weekly fathers' group" in text
    assert "Parental resilience" in text and "Social connections" in text  # the link table
    assert "Caseworker:" in text and "Supervisor" in text and "Sofía" in text


def test_a_spanish_speaking_familys_safety_plan_made_by_a_real_worker_is_in_spanish(
    client_of, alice, family, settings, tmp_path, start_worker
):
    """The worker makes the document in the family's language, not in its own (English)."""
    same_storage_as_the_worker(settings, tmp_path)
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    start_worker(
        DATABASE_URL=f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        STORAGE_URL=f"file://{tmp_path / 'files'}",
    )
    family.primary_language, family.document_language = "Spanish", "es"
    family.save(update_fields=["primary_language", "document_language"])
    samuel = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=plan, by=alice, rule="Daniel calls Samuel.", how_it_holds="Samuel answers.", responsible=[samuel]
    )
    safety_plan_activate(plan=plan, by=alice, on=date(2026, 3, 10))
    client = client_of(alice)  # who reads the site in English

    response = client.post(
        reverse("documents:document_request", args=[family.public_id]),
        {"kind": "safety_plan", "source": plan.pk, "language": "es"},  # the form's default
    )
    document = Document.objects.get()
    deadline = time.monotonic() + 90
    while document.state not in (DocumentState.READY, DocumentState.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason

    assert "Language: Español" in client.get(response["Location"]).text
    download = client.get(reverse("documents:document_download", args=[family.public_id, document.public_id]))
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
    )
    assert "Plan de seguridad, versión 1" in text and "Nuestro plan de seguridad" in text
    assert "10 de marzo de 2026" in text and "Página 1 de" in text
    assert "Our safety plan" not in text and "Page 1 of" not in text


def test_renders_queued_under_the_old_task_names_before_a_deploy_are_still_run(
    client_of, alice, family, settings, tmp_path, start_worker
):
    """The tasks were case_plans.render_document and case_plans.sweep_documents: messages sent
    under those names by the previous release (or by a beat not yet restarted) reach a worker
    of this one, which runs them."""
    from celery import current_app

    same_storage_as_the_worker(settings, tmp_path)
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    samuel = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=plan, by=alice, rule="Daniel calls Samuel.", how_it_holds="Samuel answers.", responsible=[samuel]
    )
    # Asked for while the previous release ran: the row, and a message under the old name.
    document = Document.objects.create(
        family=family,
        kind="safety_plan",
        source_id=plan.pk,
        title="Safety plan, version 1",
        requested_by=alice,
    )
    current_app.conf.task_always_eager = False  # sent for real (start_worker restores it)
    current_app.send_task("case_plans.render_document", args=[document.pk])
    current_app.send_task("case_plans.sweep_documents")

    start_worker(
        DATABASE_URL=f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        STORAGE_URL=f"file://{tmp_path / 'files'}",
    )  # the new release's worker
    deadline = time.monotonic() + 90
    while document.state not in (DocumentState.READY, DocumentState.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason
    download = client_of(alice).get(
        reverse("documents:document_download", args=[family.public_id, document.public_id])
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
