"""The security headers on every page, and the production cookie and TLS settings.
(Static files carry the same headers: tests/test_static_files.py fetches them from WhiteNoise.)"""

import json
import subprocess
import sys

import pytest
from django.urls import reverse

from documents.models import Document
from safety_networks.services import safety_plan_start
from tests.test_settings import PRODUCTION_KEY, ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client_of, alice, family):
    return client_of(alice).get(reverse("families:overview", args=[family.public_id]), secure=True)


def test_content_security_policy_allows_no_inline_script_or_style(page):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in page["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_frames_are_denied_and_the_referrer_and_mime_type_are_strict(page):
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


NOT_STORED = {"no-store", "no-cache", "private", "max-age=0", "must-revalidate"}


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_family_pages_and_search_results_are_never_stored(client_of, alice, family):
    client = client_of(alice)
    for url in (
        reverse("families:overview", args=[family.public_id]),
        reverse("families:contacts", args=[family.public_id]),
        reverse("families:search") + "?q=Okafor",
        reverse("families:my_caseload"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert cache_control(response) == NOT_STORED, url
    assert "Okafor-Reyes" in response.text


def test_a_downloaded_pdf_is_never_stored(
    client_of, alice, family, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = client_of(alice)
    draft = safety_plan_start(family=family, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:document_request", args=[family.public_id]),
            {"kind": "safety_plan", "source": draft.pk},
        )
    document = Document.objects.get()
    download = reverse("documents:document_download", args=[family.public_id, document.public_id])
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert cache_control(response) == NOT_STORED


def test_redirects_and_refusals_are_never_stored_either(client, client_of, charlie, family):
    overview = reverse("families:overview", args=[family.public_id])
    assert cache_control(client.get(overview)) == NOT_STORED  # signed out: to the sign-in page
    refused = client_of(charlie).get(overview)
    assert refused.status_code == 404 and cache_control(refused) == NOT_STORED


def test_hsts_is_sent_over_https(page):
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_sign_in_page_carries_the_headers_too(client):
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_pages_hold_no_inline_script(page):
    assert "<script>" not in page.text and "onclick=" not in page.text and "style=" not in page.text


def test_production_cookies_are_secure_http_only_and_the_session_times_out():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE]))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "sop_casework.settings",
        "SECRET_KEY": PRODUCTION_KEY,
        "PATH": "/usr/bin:/bin",
        "READ_DOT_ENV": "false",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert json.loads(result.stdout) == [True, True, True, True, 1800, True], result.stderr


def test_the_inactivity_timeout_is_configurable():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)"
    env = {
        "DJANGO_SETTINGS_MODULE": "sop_casework.settings",
        "SECRET_KEY": PRODUCTION_KEY,
        "SESSION_IDLE_MINUTES": "15",
        "PATH": "/usr/bin:/bin",
        "READ_DOT_ENV": "false",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "900", result.stderr
