"""Lockout after repeated failures, inactivity timeout, absolute session lifetime."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.signals import SIGNED_IN_AT
from tests.factories import TEST_PASSWORD, CaseworkerFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")

# The README's numbers: sign-in pauses after 5 failures, for 30 minutes. Written out here,
# not read back from settings, so that raising the limit fails these tests.
LIMIT = 5
COOL_OFF = timedelta(minutes=30)


def fail(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong password"}, REMOTE_ADDR=ip)


def sign_in(client, ip, username="alice"):
    return client.post(LOGIN, {"username": username, "password": TEST_PASSWORD}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_user_name_even_against_the_right_password(client, alice):
    fail(client, "alice", LIMIT)
    response = sign_in(client, "10.0.0.2")
    assert response.status_code == 429
    assert "Sign-in is paused for this account" in response.text
    assert "sign-in is paused for 30 minutes." in response.text  # AXES_COOLOFF_MINUTES, in words
    assert "call your program administrator" in response.text
    assert "_auth_user_id" not in client.session


def test_the_user_name_lock_holds_from_another_address(client, alice):
    fail(client, "alice", LIMIT, ip="10.0.0.1")
    assert sign_in(client, "10.7.7.7").status_code == 429


def test_failures_from_one_address_across_user_names_lock_the_address(client, alice):
    for n in range(LIMIT):
        client.post(LOGIN, {"username": f"guess{n}", "password": "x"}, REMOTE_ADDR="10.6.6.6")
    assert sign_in(client, "10.6.6.6").status_code == 429
    assert sign_in(client, "10.5.5.5").status_code == 302


def test_four_failures_do_not_lock(client, alice):
    fail(client, "alice", LIMIT - 1)
    assert sign_in(client, "10.0.0.1").status_code == 302


def test_four_failures_from_one_address_do_not_lock_it(client, alice):
    for n in range(LIMIT - 1):
        client.post(LOGIN, {"username": f"guess{n}", "password": "x"}, REMOTE_ADDR="10.6.6.6")
    assert sign_in(client, "10.6.6.6").status_code == 302


def the_last_failure_was(ago: timedelta):
    AccessAttempt.objects.update(attempt_time=timezone.now() - ago)


def test_the_pause_lasts_thirty_minutes(client, alice):
    fail(client, "alice", LIMIT)
    the_last_failure_was(COOL_OFF - timedelta(minutes=1))
    assert sign_in(client, "10.0.0.1").status_code == 429
    the_last_failure_was(COOL_OFF + timedelta(minutes=1))
    assert sign_in(client, "10.0.0.1").status_code == 302


def test_another_users_lock_does_not_touch_alice(client, alice):
    CaseworkerFactory(username="dora")
    fail(client, "dora", LIMIT, ip="10.1.1.1")
    assert sign_in(client, "10.1.1.1", username="dora").status_code == 429
    assert sign_in(client, "10.2.2.2").status_code == 302


def test_a_session_idle_for_longer_than_the_timeout_is_signed_out(client_of, alice, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client = client_of(alice)
    assert client.get(reverse("families:my_caseload")).status_code == 200
    # every request pushed the expiry 30 minutes on; now let 31 minutes pass
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("families:my_caseload"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_each_request_renews_the_idle_timeout(client_of, alice):
    client = client_of(alice)
    client.get(reverse("families:my_caseload"))
    first = Session.objects.get().expire_date
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get(reverse("families:my_caseload"))
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)
    assert first > timezone.now() + timedelta(minutes=29)


def test_a_session_ends_after_its_absolute_lifetime_however_active(client_of, alice):
    client = client_of(alice)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 60  # the README's 12 hours
    session.save()
    response = client.get(reverse("families:my_caseload"), follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "sessions end 12 hours after signing in" in response.text


def test_signing_in_again_starts_a_new_lifetime(client, alice):
    client.post(LOGIN, {"username": "alice", "password": TEST_PASSWORD})
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60
