"""What is refused, with a clear message beside the field, and nothing half-stored: a file too
large (judged by the request's length, or by counting as it arrives), an upload cut off
halfway, an empty file, a fake PDF, a web page; a virus (with a scanner); and a storage or
database failure in the middle of keeping one."""

import socket
import struct
import threading

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from documents import services
from documents.models import CaseFile, FileKind, ScanStatus
from documents.storage import case_files_storage
from tests.documents.conftest import pdf_bytes, png_bytes, stored_keys, upload

pytestmark = pytest.mark.django_db

FIELDS = {"kind": FileKind.SCHOOL, "document_date": "2026-03-10", "title": "School report"}


def upload_url(family):
    return reverse("documents:upload", args=[family.public_id])


def refused_beside_the_file(response, words: str, field="file"):
    assert response.status_code == 200, "the form comes back"
    form = response.context["form"]
    assert words in " ".join(form.errors.get(field, [])), form.errors
    # what was typed is still there
    assert form["title"].value() == "School report"
    assert not CaseFile.objects.exists()
    assert stored_keys() == []
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE, record_type="documents.CaseFile").exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.pdf", b"", "The file is empty (0 bytes)"),
        ("photo.jpg", b"", "The file is empty (0 bytes)"),
        ("report.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n", "starts like a PDF but is not a whole one"),
        (
            "report.pdf",
            b"Just words, typed in Notepad\n",
            "named as a PDF, but it is not one: it is plain text",
        ),
        ("report.pdf", png_bytes(), "named as a PDF, but it is not one: it is a PNG image"),
        ("report.html", b"<html><body>hi</body></html>", "This file is a web page (HTML)"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "This file is an SVG image"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 64, "This file is a Windows program"),
        ("photos.zip", b"PK\x03\x04" + b"\x00" * 64, "This file is a ZIP archive"),
    ],
)
def test_a_bad_file_is_refused_beside_the_field_and_nothing_is_stored(
    storage_kind, client_of, alice, family, name, content, words
):
    response = client_of(alice).post(upload_url(family), {**FIELDS, "file": upload(name, content)})
    refused_beside_the_file(response, words)


def test_a_photo_from_the_camera_is_kept_like_a_chosen_file(storage_kind, client_of, alice, family):
    response = client_of(alice).post(
        upload_url(family), {**FIELDS, "photo": upload("image.png", png_bytes())}
    )
    assert response.status_code == 302
    assert CaseFile.objects.get().content_type == "image/png"


def test_no_file_at_all_asks_for_one(client_of, alice, family):
    response = client_of(alice).post(upload_url(family), FIELDS)
    refused_beside_the_file(response, "Choose a file, or take a photo.")


def test_the_upload_page_offers_the_camera_and_says_the_limit(client_of, alice, family):
    page = client_of(alice).get(upload_url(family)).text
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    assert 'accept="application/pdf,image/jpeg' in page
    assert 'data-max-bytes="26214400"' in page  # 25 MB by default
    assert 'enctype="multipart/form-data"' in page


def test_a_file_over_the_limit_by_its_length_is_refused_before_any_of_it_is_kept(
    storage_kind, client_of, alice, family, settings, monkeypatch
):
    settings.CASE_FILE_MAX_MB = 1
    received = []
    from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk
        monkeypatch.setattr(
            handler,
            "receive_data_chunk",
            lambda self, data, start, o=original: received.append(len(data)) or o(self, data, start),
        )
    big = pdf_bytes() + b"%" * (3 * 1024 * 1024)
    response = client_of(alice).post(upload_url(family), {**FIELDS, "file": upload("scan.pdf", big)})
    refused_beside_the_file(response, "larger than 1 MB")
    assert received == [], "not a byte of it was buffered"


def test_a_file_over_the_limit_by_its_bytes_is_refused_as_it_arrives(
    storage_kind, client_of, alice, family, settings
):
    settings.CASE_FILE_MAX_MB = 1
    # within the request-length allowance, so only counting the file's bytes finds it
    big = b"%PDF-1.4\n" + b"%" * (1024 * 1024 + 10 * 1024) + b"\n%%EOF\n"
    response = client_of(alice).post(upload_url(family), {**FIELDS, "file": upload("scan.pdf", big)})
    refused_beside_the_file(response, "larger than 1 MB")


def test_a_file_just_under_the_limit_is_kept(storage_kind, client_of, alice, family, settings):
    settings.CASE_FILE_MAX_MB = 1
    content = b"%PDF-1.4\n" + b"%" * (1024 * 1024 - 100) + b"\n%%EOF\n"
    response = client_of(alice).post(upload_url(family), {**FIELDS, "file": upload("scan.pdf", content)})
    assert response.status_code == 302
    assert CaseFile.objects.get().size == len(content)


def test_an_upload_cut_off_halfway_is_refused_and_nothing_is_kept(storage_kind, client_of, alice, family):
    boundary = "----cut"
    fields = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in FIELDS.items()
    )
    body = (
        fields.encode()
        + f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\n'.encode()
        + b"Content-Type: application/pdf\r\n\r\n"
        + pdf_bytes()[:40]  # ... and the connection drops: no end of the part, no closing boundary
    )
    response = client_of(alice).generic(
        "POST", upload_url(family), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    refused_beside_the_file(response, "did not arrive whole")


# --- Failures while keeping it ---------------------------------------------------------------


def test_when_storage_fails_no_row_is_left_pointing_at_nothing(storage_kind, alice, family, monkeypatch):
    storage = case_files_storage()

    def broken(name, content, max_length=None):
        raise OSError("the bucket is unreachable")

    monkeypatch.setattr(storage, "save", broken)
    with pytest.raises(OSError):
        services.case_file_upload(
            family=family, by=alice, upload=upload("a.pdf", pdf_bytes()), kind="court",
            document_date="2026-03-10", title="Order",
        )  # fmt: skip
    assert not CaseFile.objects.exists()
    assert not AuditEvent.objects.filter(record_type="documents.CaseFile").exists()


def test_when_the_row_cannot_be_kept_after_the_object_was_written_the_object_is_removed(
    storage_kind, alice, family, monkeypatch
):
    storage = case_files_storage()
    save = storage.save

    def save_then_fail(name, content, max_length=None):
        save(name, content, max_length=max_length)
        raise RuntimeError("the database went away before the commit")

    monkeypatch.setattr(storage, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        services.case_file_upload(
            family=family, by=alice, upload=upload("a.pdf", pdf_bytes()), kind="court",
            document_date="2026-03-10", title="Order",
        )  # fmt: skip
    assert stored_keys() == []
    assert not CaseFile.objects.exists()


# --- The virus scanner's hook ------------------------------------------------------------------


@pytest.fixture
def clamd(tmp_path):
    """A stand-in clamd on a Unix socket, speaking INSTREAM: it answers FOUND for content with
    the EICAR marker, OK otherwise. `clamd.received` is what it was sent."""

    path = str(tmp_path / "clamd.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(4)
    received = []

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                data = b""
                while True:
                    size = struct.unpack("!L", conn.recv(4, socket.MSG_WAITALL))[0]
                    if not size:
                        break
                    data += conn.recv(size, socket.MSG_WAITALL)
                received.append((command, data))
                found = b"EICAR" in data
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")

    threading.Thread(target=serve, daemon=True).start()
    yield type("Clamd", (), {"path": path, "received": received})
    server.close()


def test_without_a_scanner_uploads_are_marked_not_scanned(storage_kind, client_of, alice, family):
    client_of(alice).post(upload_url(family), {**FIELDS, "file": upload("a.pdf", pdf_bytes())})
    assert CaseFile.objects.get().scan_status == ScanStatus.NOT_SCANNED
    assert (
        "not scanned for viruses"
        in client_of(alice).get(reverse("documents:files", args=[family.public_id])).text
    )


def test_with_clamd_a_clean_file_is_marked_and_a_virus_is_refused(
    storage_kind, client_of, alice, family, settings, clamd
):
    settings.CLAMD_SOCKET = clamd.path
    client_of(alice).post(upload_url(family), {**FIELDS, "file": upload("a.pdf", pdf_bytes())})
    assert CaseFile.objects.get().scan_status == ScanStatus.CLEAN
    assert clamd.received[0] == (b"zINSTREAM\0", pdf_bytes())

    CaseFile.objects.all().delete()  # (only to start the next check from nothing)
    keys = stored_keys()
    response = client_of(alice).post(
        upload_url(family), {**FIELDS, "file": upload("notes.txt", b"EICAR test string\n")}
    )
    assert "found Eicar-Test-Signature in this file" in " ".join(response.context["form"].errors["file"])
    assert stored_keys() == keys


def test_with_clamd_down_the_upload_is_refused_not_kept_unchecked(
    client_of, alice, family, settings, tmp_path
):
    settings.CLAMD_SOCKET = str(tmp_path / "nothing-here.sock")
    response = client_of(alice).post(upload_url(family), {**FIELDS, "file": upload("a.pdf", pdf_bytes())})
    refused_beside_the_file(response, "virus scanner could not be reached")
