"""Where files are kept (settings.STORAGES["case_files"]: a bucket or a private folder, see
sop_casework/storage_url.py) and how they are read back: streamed, in chunks, so a 100 MB
file never sits whole in the web process's memory."""

import unicodedata
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from storages.backends.s3 import S3Storage
from storages.utils import clean_name as s3_clean_name
from storages.utils import safe_join

NAME_LIMIT = 200


def case_files_storage():
    return storages["case_files"]


def new_key(prefix: str = "case-files") -> str:
    """A random key that says nothing about the family or the file (uploads under
    "case-files/", generated PDFs under "documents/")."""
    key = uuid.uuid4().hex
    return f"{prefix}/{key[:2]}/{key}"


# Generated PDFs are kept on the case_files storage under this prefix. Versions before it kept
# them on the web server's disk, MEDIA_ROOT/documents, named "<family uuid>/<document uuid>.pdf"
# (never starting with it): those are read from there (legacy_documents_storage), so nothing
# made before is lost, and `manage.py move_documents_to_storage` moves them over.
DOCUMENTS_PREFIX = "documents"


def is_legacy_document(name: str) -> bool:
    return not name.startswith(DOCUMENTS_PREFIX + "/")


def legacy_documents_storage() -> FileSystemStorage:
    """Where earlier versions kept generated PDFs: private, never served by a URL of its own."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "documents")


def clean_name(name: str) -> str:
    """The name a file was uploaded with, as a label: no folders, no control or invisible
    formatting characters (a right-to-left override can make "gpj.exe" read as "exe.jpg"),
    spaces collapsed, at most 200 characters (keeping the extension)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in name)
    name = "".join(c for c in name if unicodedata.category(c) != "Cf")
    name = " ".join(name.split()).strip(" .")
    if len(name) > NAME_LIMIT:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: NAME_LIMIT - len(extension) - 1] + "." + extension
        else:
            name = name[:NAME_LIMIT]
    return name or "file"


def open_stream(key: str):
    """A file-like object over the stored file, read in chunks as it is sent.

    The filesystem's open() already reads lazily. django-storages' S3 file does not: its first
    read downloads the whole object (into memory, or a temporary file past max_memory_size). So
    for a bucket, the object's body is read straight from S3's response, chunk by chunk (boto3's
    StreamingBody), which is how the download view sends it."""
    storage = case_files_storage()
    if isinstance(storage, S3Storage):
        full_key = safe_join(storage.location, s3_clean_name(key))
        response = storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=full_key)
        return response["Body"]
    return storage.open(key, "rb")
