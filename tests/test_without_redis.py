"""When Redis does not answer, the three things that count in it behave as documented instead of
failing the request with a server error: sign-in is let through without the limit on password
checks at once (accounts.signin_gate: it protects the pages, it must not lock people out); the
person-match check (a guard against fishing in the person index) is refused with a message that
keeps what was typed; an API call is let through uncounted (the throttle protects the service,
it is not what the partner asked for)."""

import pytest
from django.urls import reverse

from families.models import Caregiver
from tests.factories import TEST_PASSWORD, CaregiverFactory
from tests.families.test_person_index import BORN, add_url, caregiver_data

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }


def test_the_match_check_is_refused_with_a_message_and_nothing_typed_is_lost(
    client_of, alice, family, redis_down
):
    CaregiverFactory(first_name="Mariana", last_name="Reyes", date_of_birth=BORN)

    response = client_of(alice).post(add_url(family), caregiver_data())

    assert response.status_code == 200
    assert "cannot be made right now" in response.text
    assert 'value="(555) 010-4471"' in response.text
    assert not Caregiver.objects.filter(family=family).exists()


def test_an_api_call_is_answered_when_its_count_cannot_be_kept(api_as, alice, family, redis_down):
    response = api_as(alice).get("/api/v1/families/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(family.public_id)]


def test_sign_in_works_unlimited_when_the_slots_cannot_be_counted(client, alice, settings, redis_down):
    settings.SIGN_IN_SLOTS = 1

    response = client.post(reverse("login"), {"username": "alice", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
