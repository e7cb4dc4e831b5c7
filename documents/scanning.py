"""The virus scanner's hook. With settings.CLAMD_SOCKET (a clamd Unix socket), every upload is
streamed to clamd (its INSTREAM command) before it is kept: a virus is refused with its name,
and a scanner that cannot be reached refuses the upload (try again) rather than keeping an
unchecked file as if checked. Without CLAMD_SOCKET, uploads are kept and marked "not scanned"."""

import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ScanStatus

CHUNK = 64 * 1024
TIMEOUT = 30  # seconds


def scan(upload) -> str:
    """The ScanStatus to record for `upload`, or a ValidationError (a virus, or no scanner)."""
    if not settings.CLAMD_SOCKET:
        return ScanStatus.NOT_SCANNED
    try:
        answer = _instream(settings.CLAMD_SOCKET, upload)
    except OSError as error:
        raise ValidationError(
            _("The virus scanner could not be reached, so the file was not kept. Try again in a moment."),
            code="scanner_down",
        ) from error
    if answer.endswith("OK"):
        return ScanStatus.CLEAN
    if answer.endswith("FOUND"):
        name = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        raise ValidationError(
            _("The virus scanner found %(name)s in this file, so it was not kept.") % {"name": name},
            code="virus",
        )
    raise ValidationError(
        _("The virus scanner could not check this file, so it was not kept. Try again in a moment."),
        code="scanner_error",
    )


def _instream(path: str, upload) -> str:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(TIMEOUT)
        conn.connect(path)
        conn.sendall(b"zINSTREAM\0")
        upload.seek(0)
        for chunk in upload.chunks(CHUNK):
            conn.sendall(struct.pack("!L", len(chunk)) + chunk)
        conn.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            part = conn.recv(4096)
            if not part:
                break
            answer += part
    upload.seek(0)
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()
