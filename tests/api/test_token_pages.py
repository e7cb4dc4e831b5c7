"""The pages where tokens are made and revoked."""

import pytest
from django.urls import reverse

from accounts.models import Role, ServiceAccount
from api.models import ApiToken
from api.services import token_digest
from tests.api.clients import api_with

pytestmark = pytest.mark.django_db

PERSONAL = reverse("tokens:personal")
SERVICE = reverse("tokens:service_accounts")


def test_a_person_makes_a_token_and_sees_it_once(client_of, alice, django_assert_max_num_queries):
    client = client_of(alice)

    made = client.post(PERSONAL, {"name": "Phone app", "access": "read", "days": 30})

    assert made.status_code == 200
    plain = made.context["new"].plain
    assert plain in made.content.decode()
    token = ApiToken.objects.get(user=alice)
    assert token.digest == token_digest(plain) and token.name == "Phone app"
    with django_assert_max_num_queries(12):
        again = client.get(PERSONAL)
    assert plain not in again.content.decode() and "Phone app" in again.content.decode()
    assert api_with(plain).get("/api/v1/families/").status_code == 200


def test_a_nameless_token_is_refused_next_to_the_field(client_of, alice):
    response = client_of(alice).post(PERSONAL, {"name": "", "access": "read", "days": 30})

    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token_and_only_theirs(client_of, alice, charlie, token_for):
    plain = token_for(alice)
    theirs = ApiToken.objects.get(user=alice)
    token_for(charlie)
    other = ApiToken.objects.get(user=charlie)

    assert client_of(charlie).post(PERSONAL, {"revoke": "1", "token": theirs.pk}).status_code == 404
    response = client_of(alice).post(PERSONAL, {"revoke": "1", "token": theirs.pk})

    assert response.status_code == 302
    theirs.refresh_from_db()
    other.refresh_from_db()
    assert theirs.revoked_by == alice and other.revoked_at is None
    assert api_with(plain).get("/api/v1/families/").status_code == 401


def test_a_program_administrator_makes_a_service_account_for_some_units(client_of, administrator, unit_a):
    client = client_of(administrator)

    made = client.post(SERVICE, {"name": "Court system", "units": [unit_a.pk], "access": "read", "days": 90})

    assert made.status_code == 200, made.context["form"].errors
    account = ServiceAccount.objects.get()
    assert account.user.role == Role.SERVICE_ACCOUNT and not account.user.has_usable_password()
    assert list(account.units.all()) == [unit_a] and not account.agency_wide
    assert made.context["new"].plain in made.content.decode()
    assert client.get(SERVICE).status_code == 200


def test_a_service_account_needs_units_or_the_agency(client_of, administrator):
    response = client_of(administrator).post(SERVICE, {"name": "Nowhere", "access": "read", "days": 90})

    assert response.context["form"].errors["units"]
    assert not ServiceAccount.objects.exists()


def test_a_program_administrator_revokes_a_service_accounts_token(
    client_of, administrator, service_token, unit_a
):
    plain = service_token(units=[unit_a])
    token = ApiToken.objects.get()

    client_of(administrator).post(SERVICE, {"revoke": "1", "token": token.pk})

    assert api_with(plain).get("/api/v1/families/").status_code == 401


def test_only_program_administrators_open_the_service_accounts_page(client_of, alice, bob):
    assert client_of(alice).get(SERVICE).status_code == 403
    assert client_of(bob).get(SERVICE).status_code == 403


def test_a_service_account_never_signs_in_even_with_a_password(client, service_token, unit_a):
    service_token(units=[unit_a])
    account = ServiceAccount.objects.get().user
    account.set_password("a-password-given-in-the-admin")
    account.save()

    response = client.post(
        reverse("login"), {"username": account.username, "password": "a-password-given-in-the-admin"}
    )

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "cannot sign in" in response.content.decode()


# --- Rotation: a new secret for a service account's token, the old one dead at once ------------


def test_a_program_administrator_rotates_a_service_accounts_token(
    client_of, administrator, service_token, unit_a
):
    from audit.models import AuditAction, AuditEvent

    old_plain = service_token(units=[unit_a], name="Court system")
    old = ApiToken.objects.get()
    assert api_with(old_plain).get("/api/v1/families/").status_code == 200

    rotated = client_of(administrator).post(SERVICE, {"rotate": "1", "token": old.pk})

    assert rotated.status_code == 200
    new_plain = rotated.context["new"].plain
    assert new_plain in rotated.content.decode() and new_plain != old_plain
    assert api_with(old_plain).get("/api/v1/families/").status_code == 401  # at once
    assert api_with(new_plain).get("/api/v1/families/").status_code == 200
    old.refresh_from_db()
    new = ApiToken.objects.get(digest=token_digest(new_plain))
    assert old.revoked_by == administrator
    assert (new.name, new.user, new.access) == (old.name, old.user, old.access)
    assert (new.expires_at - new.created_at).days in (29, 30)  # the 30 days it was made for, from today
    audited = AuditEvent.objects.filter(
        actor=administrator, action=AuditAction.UPDATE, detail__contains="rotated"
    )
    assert audited.count() == 1 and "“Court system”" in audited.get().detail
    assert new_plain not in audited.get().detail and old_plain not in audited.get().detail
    again = client_of(administrator).get(SERVICE).content.decode()
    assert new_plain not in again  # shown once


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_a_program_administrator_rotates(request, client_of, service_token, unit_a, who):
    plain = service_token(units=[unit_a])
    token = ApiToken.objects.get()

    response = client_of(request.getfixturevalue(who)).post(SERVICE, {"rotate": "1", "token": token.pk})

    assert response.status_code == 403
    assert ApiToken.objects.count() == 1 and api_with(plain).get("/api/v1/families/").status_code == 200


def test_a_revoked_token_is_not_rotated_and_a_personal_one_not_reached(
    client_of, administrator, service_token, unit_a, token_for, alice
):
    service_token(units=[unit_a])
    token = ApiToken.objects.get()
    client = client_of(administrator)
    client.post(SERVICE, {"revoke": "1", "token": token.pk})

    refused = client.post(SERVICE, {"rotate": "1", "token": token.pk}, follow=True)

    assert "cannot be rotated" in refused.content.decode()
    assert ApiToken.objects.count() == 1
    token_for(alice)
    personal = ApiToken.objects.get(user=alice)
    assert client.post(SERVICE, {"rotate": "1", "token": personal.pk}).status_code == 404
    personal.refresh_from_db()
    assert personal.revoked_at is None
