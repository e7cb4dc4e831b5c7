"""The demo agency's API tokens: two systems that call it (the state's reporting system, reading
every family; a provider's portal, recording visits for one unit, whose token was rotated
once) and a caseworker's phone app, with one older token revoked, so the token pages look
like an agency's. The tokens
themselves are thrown away: the demo shows the pages, not usable secrets."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import ServiceAccount, Unit
from api.models import ApiToken, TokenAccess
from api.services import personal_token_create, service_account_create, token_revoke, token_rotate


def seed_api_tokens(agency) -> None:
    if ServiceAccount.objects.exists():
        return
    admin = agency.admin
    state = service_account_create(
        by=admin,
        name="State reporting system",
        description="Nightly extract for the state's child welfare reporting.",
        agency_wide=True,
        access=TokenAccess.READ,
        days=365,
    )
    provider = service_account_create(
        by=admin,
        name="Family services provider portal",
        description="In-home services provider records its visits with North Valley families.",
        units=Unit.objects.filter(name="North Valley Unit"),
        access=TokenAccess.READ_WRITE,
        days=90,
    )
    # The provider's first token was rotated when its developer left: the old one is kept, revoked.
    ApiToken.objects.filter(pk=provider.token.pk).update(last_used_at=timezone.now() - timedelta(days=3))
    provider = token_rotate(token=provider.token, by=admin)
    caseworker = agency.caseworkers[0]
    old = personal_token_create(user=caseworker, name="Old phone", access=TokenAccess.READ_WRITE, days=90)
    token_revoke(token=old.token, by=caseworker)
    phone = personal_token_create(user=caseworker, name="Phone app", access=TokenAccess.READ_WRITE, days=90)
    now = timezone.now()
    for new, ago in (
        (state, timedelta(hours=7)),
        (provider, timedelta(minutes=40)),
        (phone, timedelta(hours=2)),
    ):
        ApiToken.objects.filter(pk=new.token.pk).update(last_used_at=now - ago)
