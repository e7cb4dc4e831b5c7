"""Uploads larger than settings.CASE_FILE_MAX_MB are refused before they are kept anywhere.

Django hands an upload's bytes to each handler in settings.FILE_UPLOAD_HANDLERS in turn; this
one comes first. When the request says (Content-Length) that it is larger than the limit, the
file is skipped before a single byte of it is buffered; when it does not say, or lies, the
file is skipped as soon as the bytes counted pass the limit. Skipping (SkipFile, not
StopUpload) lets Django read the form's other fields, so the page comes back with what was
typed and the message beside the file field. The skipped bytes are read and thrown away, not
kept: answering before the body is read would reset the connection, and the person would see
the browser's error page instead of the reason. A browser is also told the limit before it
sends (the file input's data-max-bytes, static/js/upload.js), so a too-large photo usually never
leaves the phone. Put the same limit (plus a little) on the proxy in front (client_max_body_size)
to stop anyone sending more.

It also notices an upload that stopped halfway (the connection dropped): a file whose part
never ended is recorded as interrupted, and nothing of it is kept.

What it found is left on the request: `request.upload_problems[field_name]` is "too_large" or
"interrupted" (documents.forms reads it).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

# The form's other fields and the multipart framing: a request may be this much larger than
# its file before it is judged too large by its Content-Length alone.
FORM_OVERHEAD = 64 * 1024


def max_bytes() -> int:
    return settings.CASE_FILE_MAX_MB * 1024 * 1024


def upload_problems(request) -> dict[str, str]:
    if not hasattr(request, "upload_problems"):
        request.upload_problems = {}
    return request.upload_problems


class SizeLimitUploadHandler(FileUploadHandler):
    request_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_large = content_length > max_bytes() + FORM_OVERHEAD
        return None  # parse as usual

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        upload_problems(self.request)[field_name] = "interrupted"  # until its part ends
        if self.request_too_large:
            self._too_large()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > max_bytes():
            self._too_large()
        return raw_data

    def file_complete(self, file_size):
        upload_problems(self.request).pop(self.field_name, None)
        return None  # the next handlers make the file

    def _too_large(self):
        upload_problems(self.request)[self.field_name] = "too_large"
        raise SkipFile()
