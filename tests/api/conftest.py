from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken, TokenAccess
from api.services import personal_token_create, service_account_create, token_revoke


@pytest.fixture
def token_for():
    """`token_for(user, access=…)`: a new personal token of `user`, its plain text."""

    def make(user, access=TokenAccess.READ_WRITE, days=30):
        return personal_token_create(user=user, name=f"{user.username}'s app", access=access, days=days).plain

    return make


@pytest.fixture
def api_as(token_for):
    """`api_as(user)`: an API client sending a token of `user` (read and write unless told)."""

    def make(user, access=TokenAccess.READ_WRITE):
        return api_with(token_for(user, access))

    return make


def api_with(plain: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client


@pytest.fixture
def expired_token(token_for, alice):
    plain = token_for(alice)
    ApiToken.objects.filter(user=alice).update(expires_at=timezone.now() - timedelta(seconds=1))
    return plain


@pytest.fixture
def revoked_token(token_for, alice):
    plain = token_for(alice)
    for token in ApiToken.objects.filter(user=alice):
        token_revoke(token=token, by=alice)
    return plain


@pytest.fixture
def service_token(administrator):
    """`service_token(units=[…] or agency_wide=True, access=…)`: a service account's token."""

    def make(*, units=(), agency_wide=False, access=TokenAccess.READ_WRITE, name="State system"):
        return service_account_create(
            by=administrator, name=name, units=units, agency_wide=agency_wide, access=access, days=30
        ).plain

    return make
