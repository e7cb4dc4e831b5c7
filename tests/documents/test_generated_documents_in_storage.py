"""Generated PDFs are kept where uploads are (the case_files storage: a bucket when one is
configured), under a random key, and downloaded streamed through the access rule and audited;
those an earlier version kept on the web server's disk (MEDIA_ROOT/documents) still download."""

import hashlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditAction, AuditEvent
from case_plans.services import case_plan_start
from documents.models import Document, DocumentState
from documents.storage import case_files_storage, legacy_documents_storage
from tests.documents.conftest import stored_keys

pytestmark = pytest.mark.django_db


def download_url(document):
    return reverse("documents:document_download", args=[document.family.public_id, document.public_id])


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_a_case_plan_made_by_the_pipeline_is_kept_on_the_storage_and_downloaded_through_the_view(
    storage_kind, client_of, alice, charlie, family, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"  # nothing may land on the web server's disk
    plan = case_plan_start(family=family, by=alice)
    client = client_of(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:document_request", args=[family.public_id]),
            {"kind": "case_plan", "source": plan.pk},
        )
    document = Document.objects.get()
    assert response["Location"] == reverse("documents:document", args=[family.public_id, document.public_id])
    assert document.state == DocumentState.READY, document.failure_reason

    # Kept on the case_files storage (the bucket, with s3), under a random key that names
    # neither the family nor the document.
    assert stored_keys() == [document.file_name]
    assert re.fullmatch(r"documents/[0-9a-f]{2}/[0-9a-f]{32}", document.file_name)
    assert (
        str(family.public_id) not in document.file_name and str(document.public_id) not in document.file_name
    )
    assert not (tmp_path / "media").exists()

    download = client.get(download_url(document))
    assert download.status_code == 200 and download.streaming
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Length"] == str(document.size)
    data = b"".join(download.streaming_content)
    assert len(data) == document.size
    assert "Case plan, version 1" in pdf_text(data) and family.case_number in pdf_text(data)
    # the request and the download, audited
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, record_id=str(document.pk)).count() == 2

    assert client_of(charlie).get(download_url(document)).status_code == 404


def a_pdf_kept_by_an_earlier_version(family, by, media_root) -> Document:
    """A ready document as versions before this one left it: its PDF on MEDIA_ROOT/documents,
    named after the family and the document."""
    document = Document.objects.create(
        family=family, kind="case_plan", source_id=1, title="Case plan, version 1", requested_by=by
    )
    name = f"{family.public_id}/{document.public_id}.pdf"
    content = b"%PDF-1.4 made by an earlier version\n%%EOF\n"
    legacy_documents_storage().save(name, ContentFile(content))
    assert (media_root / "documents" / name).exists()
    Document.objects.filter(pk=document.pk).update(
        state=DocumentState.READY,
        file_name=name,
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
    )
    document.refresh_from_db()
    return document


def test_a_pdf_an_earlier_version_kept_on_the_web_servers_disk_still_downloads(
    storage_kind, client_of, alice, family, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = a_pdf_kept_by_an_earlier_version(family, alice, tmp_path / "media")

    download = client_of(alice).get(download_url(document))

    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4 made by an earlier version")


def test_moving_the_pdfs_of_earlier_versions_into_the_storage_loses_nothing(
    storage_kind, client_of, alice, family, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = a_pdf_kept_by_an_earlier_version(family, alice, tmp_path / "media")
    old_name = document.file_name

    call_command("move_documents_to_storage", stdout=io.StringIO())
    call_command("move_documents_to_storage", stdout=io.StringIO())  # twice: nothing more to do

    document.refresh_from_db()
    assert re.fullmatch(r"documents/[0-9a-f]{2}/[0-9a-f]{32}", document.file_name)
    with case_files_storage().open(document.file_name, "rb") as handle:
        assert handle.read().startswith(b"%PDF-1.4 made by an earlier version")
    # the copy on the disk is kept (nothing deleted); the download reads the new one
    assert (tmp_path / "media" / "documents" / old_name).exists()
    download = client_of(alice).get(download_url(document))
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4 made by an earlier version")


def test_a_pdf_that_does_not_match_its_checksum_or_is_missing_is_left_where_it_is(
    client_of, alice, family, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    damaged = a_pdf_kept_by_an_earlier_version(family, alice, tmp_path / "media")
    Document.objects.filter(pk=damaged.pk).update(checksum="0" * 64)
    gone = a_pdf_kept_by_an_earlier_version(family, alice, tmp_path / "media")
    legacy_documents_storage().delete(gone.file_name)
    errors = io.StringIO()

    call_command("move_documents_to_storage", stdout=io.StringIO(), stderr=errors)

    for document in (damaged, gone):
        name = document.file_name
        document.refresh_from_db()
        assert document.file_name == name  # still pointing where it was
    assert "does not match its checksum" in errors.getvalue() and "is not on this disk" in errors.getvalue()
