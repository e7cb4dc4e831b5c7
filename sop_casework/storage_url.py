"""Where the files of a case are kept: settings.STORAGES["case_files"], read from the
environment. Imported by settings, so it uses nothing that needs Django set up.

- `STORAGE_URL=s3://BUCKET[/PREFIX]?endpoint_url=…&region=…&addressing_style=path`: an
  S3-compatible bucket (AWS S3, MinIO, Ceph, …) through django-storages and boto3. The keys come
  from the standard `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` variables (or the machine's
  role), never from the URL, so the URL can be shown in logs.
- `AWS_STORAGE_BUCKET_NAME` (with `AWS_S3_ENDPOINT_URL`, `AWS_S3_REGION_NAME`,
  `AWS_S3_ADDRESSING_STYLE`, `AWS_LOCATION` if needed): the same, the way django-storages
  names it.
- `STORAGE_URL=file:///absolute/path`, or nothing: the local filesystem, under
  `MEDIA_ROOT/files` by default. Never served by a URL of its own: files leave only through
  the permission-checked download view.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"

# The query parameters STORAGE_URL understands, and the S3Storage option each sets.
S3_URL_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "addressing_style": "addressing_style",
    "signature_version": "signature_version",
}


class StorageURLError(ValueError):
    pass


def _s3_options(*, bucket: str, prefix: str = "", **extra) -> dict:
    from boto3.s3.transfer import TransferConfig  # only where a bucket is used

    return {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        # Private objects (the bucket's own policy), no public URL is ever handed out, and an
        # existing key is never overwritten (the keys are random; this makes sure).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        # An object opened with storage.open() (not the download view, which streams) spills to
        # a temporary file past 2 MB instead of sitting whole in memory.
        "max_memory_size": 2 * 1024 * 1024,
        # An upload is sent in 8 MB parts one after the other: with boto3's threads (10 by
        # default) a 100 MB upload held about 100 MB in the web process (bench/uploads.py).
        "transfer_config": TransferConfig(use_threads=False),
        **{key: value for key, value in extra.items() if value},
    }


def case_files_storage(env: dict, *, default_location: Path) -> dict:
    """The STORAGES entry for case files, from the environment `env` (os.environ or alike)."""
    url = env.get("STORAGE_URL", "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme == "s3":
            if not parts.netloc:
                raise StorageURLError(f"STORAGE_URL {url!r} names no bucket: s3://BUCKET?endpoint_url=…")
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            unknown = set(query) - set(S3_URL_OPTIONS)
            if unknown:
                raise StorageURLError(
                    f"STORAGE_URL has unknown parameters {sorted(unknown)}; known: {sorted(S3_URL_OPTIONS)}"
                )
            extra = {S3_URL_OPTIONS[key]: value for key, value in query.items()}
            return {
                "BACKEND": S3_BACKEND,
                "OPTIONS": _s3_options(bucket=parts.netloc, prefix=parts.path, **extra),
            }
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                raise StorageURLError(f"STORAGE_URL {url!r}: a file:// URL needs an absolute path")
            return {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": parts.path}}
        raise StorageURLError(f"STORAGE_URL {url!r}: use s3://BUCKET?… or file:///PATH")
    bucket = env.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if bucket:
        return {
            "BACKEND": S3_BACKEND,
            "OPTIONS": _s3_options(
                bucket=bucket,
                prefix=env.get("AWS_LOCATION", ""),
                endpoint_url=env.get("AWS_S3_ENDPOINT_URL", ""),
                region_name=env.get("AWS_S3_REGION_NAME", ""),
                addressing_style=env.get("AWS_S3_ADDRESSING_STYLE", ""),
            ),
        }
    return {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": str(default_location)}}
