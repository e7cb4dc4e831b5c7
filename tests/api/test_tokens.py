"""Tokens: stored hashed, shown once, revocable, expiring; what each refusal answers."""

import hashlib

import pytest

from api.models import ApiToken, TokenAccess
from api.services import personal_token_create
from audit.models import AuditAction, AuditEvent
from tests.api.clients import api_with

pytestmark = pytest.mark.django_db

FAMILIES = "/api/v1/families/"


def test_a_token_is_kept_only_as_its_digest(alice):
    new = personal_token_create(user=alice, name="Phone", access=TokenAccess.READ, days=30)

    stored = ApiToken.objects.get()
    assert new.plain.startswith("sop_")
    assert stored.digest == hashlib.sha256(new.plain.encode()).hexdigest()
    assert new.plain not in {str(value) for value in ApiToken.objects.values_list(flat=False).get()}


def test_without_a_token_the_answer_is_401_with_how_to_authenticate(client):
    response = client.get(FAMILIES)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "Authentication credentials were not provided.",
    }


@pytest.mark.parametrize("plain", ["sop_nothing_here", "not-even-ours", ""])
def test_an_unknown_token_is_refused(plain):
    assert api_with(plain).get(FAMILIES).status_code == 401


def test_an_expired_token_is_refused_and_the_refusal_audited(expired_token):
    response = api_with(expired_token).get(FAMILIES)

    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired."
    event = AuditEvent.objects.get(action=AuditAction.API)
    assert event.username == "alice" and "refused: expired" in event.detail and "alice's app" in event.detail


def test_a_revoked_token_is_refused(revoked_token):
    response = api_with(revoked_token).get(FAMILIES)

    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."


def test_a_read_only_token_reads_but_may_not_write(api_as, alice, family):
    client = api_as(alice, TokenAccess.READ)
    assert client.get(FAMILIES).status_code == 200

    response = client.post(f"{FAMILIES}{family.public_id}/contacts/", {}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "This token may only read."


def test_each_use_is_audited_with_the_tokens_name(api_as, alice, family):
    api_as(alice).get(FAMILIES)
    api_as(alice).get(f"{FAMILIES}{family.public_id}/")

    listed, viewed = AuditEvent.objects.order_by("id").filter(actor=alice, action__in=["api", "view"])
    assert listed.action == AuditAction.API and "alice's app" in listed.detail and listed.path == FAMILIES
    assert viewed.action == AuditAction.VIEW and viewed.family_public_id == family.public_id
    assert "alice's app" in viewed.detail


def test_calls_are_throttled_per_token(api_as, alice, settings, monkeypatch):
    from api.throttling import PerTokenThrottle

    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "3/min"})
    client, other = api_as(alice), api_as(alice)
    statuses = [client.get(FAMILIES).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert other.get(FAMILIES).status_code == 200  # another token counts on its own
    refused = client.get(FAMILIES)
    assert refused["Content-Type"] == "application/problem+json" and "Retry-After" in refused
