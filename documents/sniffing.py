"""What a file is, judged from its content (its first bytes, and for a PDF its end), never
from its name or the type the browser sent. What passes: PDF, JPEG, PNG, HEIC/HEIF photos and
plain UTF-8 text. Everything else is refused with a message naming what was found, so a
caseworker knows what to do (save a Word file as PDF, send the photo itself, not a ZIP).

Why: a file a colleague downloads later is opened by their browser or desktop. An HTML or
SVG file runs script; an executable or archive carries what no one has looked at."""

import codecs
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEAD = 8192  # bytes read to judge a binary type
TAIL = 1024  # bytes read from the end of a PDF to find %%EOF

ACCEPTED_TYPES = {
    "application/pdf": gettext_lazy("a PDF document"),
    "image/jpeg": gettext_lazy("a JPEG photo"),
    "image/png": gettext_lazy("a PNG image"),
    "image/heic": gettext_lazy("a HEIC photo"),
    "image/heif": gettext_lazy("a HEIF photo"),
    "text/plain": gettext_lazy("plain text"),
}

HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"}
HEIF_BRANDS = {b"mif1", b"msf1"}

# (magic bytes at offset 0, what it is): refused, each with its name in plain words.
REFUSED_MAGIC = [
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a Linux program")),
    (b"\xfe\xed\xfa\xce", gettext_lazy("a Mac program")),
    (b"\xfe\xed\xfa\xcf", gettext_lazy("a Mac program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a Mac program")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("a Mac program")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("a program (Java or Mac)")),
    (b"PK\x03\x04", gettext_lazy("a ZIP archive (Word, Excel and PowerPoint files are ZIP archives too)")),
    (b"PK\x05\x06", gettext_lazy("a ZIP archive (Word, Excel and PowerPoint files are ZIP archives too)")),
    (b"\x1f\x8b", gettext_lazy("a compressed archive (gzip)")),
    (b"Rar!\x1a\x07", gettext_lazy("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_lazy("a 7-Zip archive")),
    (b"BZh", gettext_lazy("a compressed archive (bzip2)")),
    (b"\xfd7zXZ\x00", gettext_lazy("a compressed archive (xz)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_lazy("an old-style Office document (Word, Excel)")),
    (b"{\\rtf", gettext_lazy("a Rich Text (RTF) document")),
    (b"%!PS", gettext_lazy("a PostScript file")),
    (b"GIF87a", gettext_lazy("a GIF image")),
    (b"GIF89a", gettext_lazy("a GIF image")),
    (b"II*\x00", gettext_lazy("a TIFF image")),
    (b"MM\x00*", gettext_lazy("a TIFF image")),
    (b"#!", gettext_lazy("a script")),
]

# Markup anywhere in a text file: a browser would read it as a page, and run it.
MARKUP = [
    (re.compile(rb"<svg[\s>/]", re.I), gettext_lazy("an SVG image")),
    (
        re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I),
        gettext_lazy("a web page (HTML)"),
    ),
    (re.compile(rb"<script[\s>/]", re.I), gettext_lazy("a script inside a web page")),
    (
        re.compile(rb"<(iframe|object|embed|img|a|form|meta|link|style)[\s>/]", re.I),
        gettext_lazy("a web page (HTML)"),
    ),
    (re.compile(rb"<\?xml", re.I), gettext_lazy("an XML file")),
    (re.compile(rb"javascript:", re.I), gettext_lazy("a script")),
]
MARKUP_OVERLAP = 64  # a tag cut between two chunks is still found


@dataclass(frozen=True)
class Judged:
    content_type: str

    @property
    def description(self) -> str:
        return str(ACCEPTED_TYPES[self.content_type])


def refused(found: str) -> ValidationError:
    return ValidationError(
        _(
            "This file is %(found)s, which cannot be kept here. Files of a case may be PDF documents, "
            "photos (JPEG, PNG or HEIC) or plain text: save it as a PDF, or send a photo of it."
        )
        % {"found": found},
        code="refused_type",
    )


def _chunks(upload):
    upload.seek(0)
    yield from upload.chunks()


def _head_and_tail(upload) -> tuple[bytes, bytes]:
    upload.seek(0)
    head = upload.read(HEAD)
    size = upload.size
    if size > TAIL:
        upload.seek(size - TAIL)
    else:
        upload.seek(0)
    tail = upload.read(TAIL)
    upload.seek(0)
    return head, tail


def _is_heif(head: bytes) -> str | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 64), 4)}
        if brands & HEIC_BRANDS:
            return "image/heic"
        if head[8:12] in HEIF_BRANDS:
            return "image/heif"
    return None


def _text(upload) -> ValidationError | None:
    """None if the whole file is UTF-8 text without NULs or markup; the refusal otherwise."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    previous = b""
    for chunk in _chunks(upload):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return refused(_("not a kind of file that can be recognised (it is not a PDF, a photo or text)"))
        if b"\x00" in chunk:
            return refused(_("not a kind of file that can be recognised (it is not a PDF, a photo or text)"))
        window = previous + chunk
        for pattern, found in MARKUP:
            if pattern.search(window):
                return refused(str(found))
        previous = chunk[-MARKUP_OVERLAP:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return refused(_("not a kind of file that can be recognised (it is not a PDF, a photo or text)"))
    return None


def judge(upload, *, claimed_name: str = "", claimed_type: str = "") -> Judged:
    """What `upload` (a Django UploadedFile) is, or a ValidationError saying what was found."""
    if not upload.size:
        raise ValidationError(
            _("The file is empty (0 bytes): nothing arrived. Choose it again."), code="empty"
        )
    head, tail = _head_and_tail(upload)
    claims_pdf = claimed_name.lower().endswith(".pdf") or claimed_type == "application/pdf"

    if head.startswith(b"%PDF-"):
        if b"%%EOF" not in tail:
            raise ValidationError(
                _(
                    "This file starts like a PDF but is not a whole one (its end is missing or damaged). "
                    "Save or scan it again as a PDF."
                ),
                code="damaged_pdf",
            )
        return Judged("application/pdf")

    found = None
    if head.startswith(b"\xff\xd8\xff"):
        found = "image/jpeg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "image/png"
    else:
        found = _is_heif(head)
    if found is None:
        for magic, what in REFUSED_MAGIC:
            if head.startswith(magic):
                raise refused(str(what))
        if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
            raise refused(_("a WebP image"))
        if len(head) > 262 and head[257:262] == b"ustar":
            raise refused(_("a TAR archive"))
        problem = _text(upload)
        if problem is not None:
            raise problem
        found = "text/plain"
    if claims_pdf:
        raise ValidationError(
            _("This file is named as a PDF, but it is not one: it is %(found)s. Save it again as a PDF.")
            % {"found": ACCEPTED_TYPES[found]},
            code="fake_pdf",
        )
    return Judged(found)
