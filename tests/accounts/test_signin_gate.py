"""A sign-in storm cannot starve the pages: a few password checks at once per machine
(accounts/signin_gate.py), and whoever finds no slot free is answered at once with 503,
Retry-After and the sign-in form with their user name kept. With Redis down, sign-in is not
limited (tests/test_without_redis.py)."""

import time

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse

from accounts.signin_gate import password_check_slot, slot_keys
from notifications.backends import ModelBackendWithBell
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
BUSY = "Many people are signing in right now. Try again in a few seconds."


@pytest.fixture
def two_slots(settings):
    settings.SIGN_IN_SLOTS = 2
    settings.SIGN_IN_SLOT_WAIT_SECONDS = 0.1
    settings.SIGN_IN_SLOT_LEASE_SECONDS = 10
    settings.SIGN_IN_RETRY_AFTER_SECONDS = 3
    return settings


def hold(keys):
    """Other workers checking passwords right now."""
    for key in keys:
        assert cache.add(key, "another worker", timeout=10)


def sign_in(client, password=TEST_PASSWORD):
    return client.post(LOGIN, {"username": "alice", "password": password})


def test_with_every_slot_taken_a_sign_in_is_answered_at_once_with_503_and_the_name_kept(
    client, alice, two_slots
):
    hold(slot_keys())

    started = time.monotonic()
    response = sign_in(client)
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "3"
    assert BUSY in response.text
    assert 'value="alice"' in response.text
    assert "_auth_user_id" not in client.session
    assert elapsed < 1.5  # the short wait (0.1 s) and a page, not a queue


def test_a_sign_in_turned_away_checks_no_password_so_it_never_counts_towards_a_lockout(
    client, alice, two_slots
):
    hold(slot_keys())

    response = sign_in(client, password="wrong password")

    assert response.status_code == 503
    assert "do not match" not in response.text
    assert not AccessAttempt.objects.exists()


def test_with_a_slot_free_the_person_signs_in_and_the_slot_is_given_back(client, alice, two_slots):
    first, second = slot_keys()
    hold([first])

    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert cache.get(second) is None


def test_a_wrong_password_with_a_slot_free_is_still_refused_as_before(client, alice, two_slots):
    response = sign_in(client, password="wrong password")

    assert response.status_code == 200
    assert "That user name and password do not match" in response.text
    assert [key for key in slot_keys() if cache.get(key) is not None] == []


def test_a_slot_is_given_back_when_the_password_check_fails_with_an_error(
    client, alice, two_slots, monkeypatch
):
    two_slots.SIGN_IN_SLOTS = 1

    def broken(*args, **kwargs):
        raise RuntimeError("the password check broke")

    monkeypatch.setattr(ModelBackendWithBell, "authenticate", broken)
    with pytest.raises(RuntimeError):
        sign_in(client)
    monkeypatch.undo()

    assert cache.get(slot_keys()[0]) is None
    assert sign_in(client).status_code == 302


def test_a_slot_held_by_a_worker_that_died_frees_itself_when_its_lease_runs_out(client, alice, two_slots):
    two_slots.SIGN_IN_SLOTS = 1
    two_slots.SIGN_IN_SLOT_LEASE_SECONDS = 1
    dead_worker = password_check_slot()
    dead_worker.__enter__()  # taken, and never given back: the worker died holding it

    assert sign_in(client).status_code == 503
    time.sleep(1.3)
    assert sign_in(client).status_code == 302
    del dead_worker


def test_with_the_limit_switched_off_nothing_is_counted(client, alice, settings):
    settings.SIGN_IN_SLOTS = 0

    assert slot_keys() == []
    assert sign_in(client).status_code == 302
