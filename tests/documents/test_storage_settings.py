"""Where files are kept, from the environment: a bucket named by STORAGE_URL or the AWS_*
variables, else a private folder under MEDIA_ROOT."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from sop_casework.storage_url import FILESYSTEM_BACKEND, S3_BACKEND, StorageURLError, case_files_storage
from tests.documents.conftest import ACCESS_KEY, REGION, SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path("/srv/private")


def test_with_nothing_set_files_are_kept_in_a_private_folder():
    assert case_files_storage({}, default_location=HERE / "files") == {
        "BACKEND": FILESYSTEM_BACKEND,
        "OPTIONS": {"location": "/srv/private/files"},
    }


def test_a_storage_url_names_a_bucket_its_endpoint_region_and_prefix():
    url = "s3://agency-files/casework?endpoint_url=https://minio.county.example&region=us-west-2&addressing_style=path"
    entry = case_files_storage({"STORAGE_URL": url}, default_location=HERE)
    assert entry["BACKEND"] == S3_BACKEND
    options = entry["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("agency-files", "casework")
    assert options["endpoint_url"] == "https://minio.county.example"
    assert (options["region_name"], options["addressing_style"]) == ("us-west-2", "path")
    # private objects, never overwritten, never a public URL
    assert (options["default_acl"], options["file_overwrite"], options["querystring_auth"]) == (
        None,
        False,
        True,
    )
    assert "access_key" not in options  # keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY


def test_the_aws_variables_name_a_bucket_as_django_storages_does():
    entry = case_files_storage(
        {"AWS_STORAGE_BUCKET_NAME": "agency-files", "AWS_S3_REGION_NAME": "us-west-2"}, default_location=HERE
    )
    assert entry["BACKEND"] == S3_BACKEND
    assert (entry["OPTIONS"]["bucket_name"], entry["OPTIONS"]["region_name"]) == ("agency-files", "us-west-2")
    assert "endpoint_url" not in entry["OPTIONS"]  # AWS itself


def test_a_file_url_names_a_folder():
    entry = case_files_storage({"STORAGE_URL": "file:///var/lib/casework/files"}, default_location=HERE)
    assert entry == {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": "/var/lib/casework/files"}}


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("s3://?endpoint_url=http://x", "names no bucket"),
        ("s3://bucket?endpint_url=http://x", "unknown parameters ['endpint_url']"),
        ("ftp://host/files", "use s3://BUCKET"),
        ("file://relative/path", "absolute path"),
    ],
)
def test_a_wrong_storage_url_is_refused_saying_why(url, says):
    with pytest.raises(StorageURLError, match=says.replace("[", r"\[").replace("]", r"\]")):
        case_files_storage({"STORAGE_URL": url}, default_location=HERE)


def test_a_storage_url_pointing_at_an_s3_server_works_through_django_storages(
    s3_endpoint, settings, monkeypatch
):
    bucket = f"from-url-{uuid.uuid4().hex[:8]}"
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    ).create_bucket(Bucket=bucket)  # fmt: skip
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    url = f"s3://{bucket}/agency?endpoint_url={s3_endpoint}&region={REGION}&addressing_style=path"
    settings.STORAGES = {
        **settings.STORAGES,
        "case_files": case_files_storage({"STORAGE_URL": url}, default_location=HERE),
    }

    storage = storages["case_files"]
    name = storage.save("case-files/ab/abc", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    with storage.open(name) as stored:
        assert stored.read() == b"%PDF-1.4\n%%EOF\n"
    listed = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    ).list_objects_v2(Bucket=bucket)  # fmt: skip
    assert [item["Key"] for item in listed["Contents"]] == ["agency/case-files/ab/abc"]


def test_the_settings_read_storage_url_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sop_casework.settings'; django.setup();"
        "from django.core.files.storage import storages;"
        "s = storages['case_files']; print(type(s).__name__, s.bucket_name, s.endpoint_url)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env |= {
        "DEBUG": "true",
        "STORAGE_URL": "s3://agency-files?endpoint_url=http://minio:9000",
        "READ_DOT_ENV": "false",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["S3Storage", "agency-files", "http://minio:9000"], result.stderr
