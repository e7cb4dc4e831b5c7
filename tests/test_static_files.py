"""The production static-file pipeline: collectstatic with WhiteNoise's compressed manifest."""

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_builds_the_manifest_with_every_vendored_asset(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for asset in (
        "vendor/bootstrap-5.3.9/css/bootstrap.min.css",
        "vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js",
        "vendor/htmx-2.0.11/htmx.min.js",
        "css/app.css",
    ):
        assert f'"{asset}"' in manifest
    assert (tmp_path / "css").is_dir()
