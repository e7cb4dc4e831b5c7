"""The production static-file pipeline: collectstatic with WhiteNoise's compressed manifest,
and the files served the way production serves them (WhiteNoise, ahead of the views)."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

VENDORED = (
    "vendor/bootstrap-5.3.9/css/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/css/bootstrap.rtl.min.css",
    "vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js",
    "vendor/htmx-2.0.11/htmx.min.js",
    "css/app.css",
)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic run once, as in production; while in use, STATIC_ROOT is its output."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield static_root


def test_collectstatic_builds_the_manifest_with_every_vendored_asset(collected):
    manifest = (collected / "staticfiles.json").read_text()
    for asset in VENDORED:
        assert f'"{asset}"' in manifest
    assert (collected / "css").is_dir()


@pytest.fixture(scope="module")
def served(collected):
    """A stylesheet and a script fetched over HTTPS by a fresh client (its handler loads the
    middleware now, so WhiteNoise indexes the collected files)."""
    client = Client()
    return [client.get(staticfiles_storage.url(name), secure=True) for name in VENDORED[1:]]


def test_static_files_are_served_by_whitenoise_with_a_long_cache(served):
    for response in served:
        assert response.status_code == 200
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_static_files_carry_the_same_security_headers_as_pages(served):
    for response in served:
        policy = {part.strip() for part in response["Content-Security-Policy"].split(";")}
        assert {"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} <= policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
