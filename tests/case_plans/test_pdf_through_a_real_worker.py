"""The whole way, as the agency runs it: the web page asks, Redis carries, a real Celery
worker renders with WeasyPrint, the page offers the download, pypdf reads it."""

import io
import time

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from case_plans.models import Document, DocumentState
from safety_networks.services import network_member_save, safety_plan_rule_save, safety_plan_start

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_safety_plan_pdf_made_by_a_real_worker(client_of, alice, family, settings, tmp_path, start_worker):
    settings.MEDIA_ROOT = tmp_path
    db = connection.settings_dict  # the worker must use this test's database
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    start_worker(
        DATABASE_URL=f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}", MEDIA_ROOT=str(tmp_path)
    )
    samuel = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=plan,
        by=alice,
        rule="When Daniel feels angry he leaves the room and calls Samuel.",
        how_it_holds="Samuel answers day or night.",
        responsible=[samuel],
    )
    client = client_of(alice)

    response = client.post(
        reverse("case_plans:document_request", args=[family.public_id]),
        {"kind": "safety_plan", "source": plan.pk},
    )
    assert response.status_code == 302  # answered at once; the worker does the rest
    document = Document.objects.get()
    deadline = time.monotonic() + 90
    while document.state not in (DocumentState.READY, DocumentState.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason

    assert "Download the PDF" in client.get(response["Location"]).text
    download = client.get(
        reverse("case_plans:document_download", args=[family.public_id, document.public_id])
    )
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
        ).split()
    )
    assert family.case_number in text and "Okafor-Reyes" in text
    assert "leaves the room and calls Samuel" in text and "Samuel Okafor (brother)" in text
