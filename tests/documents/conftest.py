"""The files of a case are tested on both storages the agency may use: the local filesystem,
and a real S3-compatible server (moto's standalone server, started once for the test run on a
free port and spoken to over HTTP by django-storages and boto3, exactly as a bucket would be:
no mock of boto3)."""

import socket
import struct
import uuid
import zlib

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.storage import case_files_storage

ACCESS_KEY, SECRET_KEY, REGION = "test-access-key", "test-secret-key", "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3-compatible server, for the whole test run."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_storage_settings(endpoint: str, bucket: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "addressing_style": "path",
            "default_acl": None,
            "file_overwrite": False,
            "max_memory_size": 2 * 1024 * 1024,
            "transfer_config": TransferConfig(use_threads=False),
        },
    }


@pytest.fixture(params=["filesystem", "s3"])
def storage_kind(request, settings, tmp_path):
    """Each test that takes it runs twice: on a folder, and on a new bucket of the S3 server."""
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        bucket = f"case-files-{uuid.uuid4().hex[:12]}"
        boto3.client(
            "s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        ).create_bucket(Bucket=bucket)  # fmt: skip
        case_files = s3_storage_settings(endpoint, bucket)
    else:
        case_files = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        }
    settings.STORAGES = {**settings.STORAGES, "case_files": case_files}
    assert type(storages["case_files"]).__name__ == (
        "S3Storage" if request.param == "s3" else "FileSystemStorage"
    )
    return request.param


def stored_keys() -> list[str]:
    """Every object kept in the case-files storage."""
    storage = case_files_storage()
    keys = []

    def walk(folder):
        folders, files = storage.listdir(folder)
        keys.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}".lstrip("/"))

    try:
        walk("")
    except FileNotFoundError:
        return []
    return keys


# --- Files of each kind, made here ---------------------------------------------------------


def pdf_bytes(text: str = "A signed case plan") -> bytes:
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        + f"% {text}\n".encode()
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return body


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data))

    header = struct.pack("!IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def jpeg_bytes() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
    )


def heic_bytes() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
