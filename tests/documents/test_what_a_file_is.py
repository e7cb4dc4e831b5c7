"""The type of a file is judged from its content, never its name: what passes, and what is
refused with a message naming what was found."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile

from documents.sniffing import judge
from documents.storage import clean_name
from tests.documents.conftest import heic_bytes, jpeg_bytes, pdf_bytes, png_bytes, upload


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("signed plan.pdf", pdf_bytes(), "application/pdf"),
        ("IMG_0042.JPG", jpeg_bytes(), "image/jpeg"),
        ("kitchen.png", png_bytes(), "image/png"),
        ("IMG_0043.HEIC", heic_bytes(), "image/heic"),
        ("notes.txt", "Sofía's teacher called: all well. ¿Mañana?\n".encode(), "text/plain"),
        # the name says nothing: a photo named .txt is a photo, and kept as one
        ("photo.txt", png_bytes(), "image/png"),
        ("no name at all", jpeg_bytes(), "image/jpeg"),
        # text that mentions a "<" is still text
        ("scores.txt", b"Scaling: Maria 6 < 7 and worker 3 <= 4\n", "text/plain"),
    ],
)
def test_pdfs_photos_and_plain_text_pass_judged_by_their_content(name, content, expected):
    assert judge(upload(name, content), claimed_name=name).content_type == expected


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("report.html", b"<!DOCTYPE html><html><body>Report</body></html>", "a web page (HTML)"),
        ("report.txt", b"Dear worker,\n<script>alert(1)</script>\n", "a script inside a web page"),
        (
            "drawing.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
            "an SVG image",
        ),
        ("data.txt", b'<?xml version="1.0"?><note>hi</note>', "an XML file"),
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"></svg>', "an SVG image"),
        ("scan.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "a Windows program"),
        ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "a Linux program"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n", "a script"),
        ("letter.docx", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "a ZIP archive"),
        ("photos.zip", b"PK\x03\x04" + b"\x00" * 100, "a ZIP archive"),
        ("logs.tar.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 100, "a compressed archive (gzip)"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "an old-style Office document"),
        ("data.bin", bytes(range(256)) * 4, "not a kind of file that can be recognised"),
        ("utf16.txt", "hello".encode("utf-16"), "not a kind of file that can be recognised"),
        ("funny.gif", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "a GIF image"),
    ],
)
def test_pages_images_with_script_programs_and_archives_are_refused_naming_what_was_found(
    name, content, found
):
    with pytest.raises(ValidationError) as refused:
        judge(upload(name, content), claimed_name=name)
    message = " ".join(refused.value.messages)
    assert found in message
    assert "save it as a PDF" in message


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        judge(upload("photo.jpg", b""), claimed_name="photo.jpg")


def test_a_pdf_cut_short_is_refused():
    whole = pdf_bytes()
    with pytest.raises(ValidationError, match="not a whole one") as refused:
        judge(upload("plan.pdf", whole[: len(whole) // 2]), claimed_name="plan.pdf")
    assert refused.value.code == "damaged_pdf"


@pytest.mark.parametrize(
    ("content", "found"), [(jpeg_bytes(), "JPEG photo"), (b"Just some words\n", "plain text")]
)
def test_a_file_named_as_a_pdf_that_is_not_one_is_refused(content, found):
    with pytest.raises(ValidationError) as refused:
        judge(upload("court order.pdf", content), claimed_name="court order.pdf")
    assert refused.value.code == "fake_pdf"
    assert found in refused.value.messages[0]


def test_markup_cut_between_two_chunks_is_still_found():
    big = TemporaryUploadedFile("notes.txt", "text/plain", 0, None)  # as a large upload arrives
    big.write(b"a" * (64 * 1024 - 3) + b"<script>x</script>")
    big.size = big.tell()
    assert len(list(big.chunks())) == 2
    with pytest.raises(ValidationError, match="script"):
        judge(big, claimed_name="notes.txt")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\maria\\Desktop\\court order.pdf", "court order.pdf"),
        ("report\x00\x07.pdf", "report .pdf"),
        ("photo\u202egpj.exe", "photogpj.exe"),  # a right-to-left override, removed
        ("  many   spaces\nand\tlines .txt ", "many spaces and lines .txt"),
        ("...", "file"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_a_file_name_is_kept_only_as_a_clean_label(given, kept):
    assert clean_name(given) == kept
