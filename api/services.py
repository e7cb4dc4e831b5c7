"""Making, using and revoking API tokens. The plain token exists only in the value these
functions return when a token is made; what is stored is its SHA-256 digest."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Role, ServiceAccount
from audit.models import AuditAction
from audit.services import audit_record

from .models import ApiToken, TokenAccess

TOKEN_START = "sop_"  # noqa: S105 (a marker every token starts with, not a secret)
# The longest a token may live; an agency rotates them at least once a year.
MAX_DAYS = 365
# last_used_at is written at most this often, so a busy client does not write on every call.
LAST_USED_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str  # shown once, never stored


def token_digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def _check(name: str, days: int, access: str) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the token a name that says what it is for.")
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}
    if access not in TokenAccess.values:
        errors["access"] = _("Choose read only, or read and write.")
    if errors:
        raise ValidationError(errors)


def _issue(*, user, name: str, access: str, days: int, by) -> NewToken:
    prefix = secrets.token_hex(4)
    plain = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        name=name.strip(),
        user=user,
        access=access,
        prefix=prefix,
        digest=token_digest(plain),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=by,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        record=token,
        detail=f"API token “{token.name}” for {user.username}",
    )
    return NewToken(token=token, plain=plain)


@transaction.atomic
def personal_token_create(*, user, name: str, access: str, days: int) -> NewToken:
    """A token that acts as `user`, in `user`'s own scope (it can never see more than they do)."""
    _check(name, days, access)
    if user.is_service_account:
        raise PermissionDenied
    return _issue(user=user, name=name, access=access, days=days, by=user)


@transaction.atomic
def service_account_create(
    *, by, name: str, description: str = "", units=(), agency_wide: bool = False, access: str, days: int
) -> NewToken:
    """A program administrator makes a service account for a system, scoped to some units or
    the agency, and its first token."""
    if not by.is_program_administrator:
        raise PermissionDenied
    _check(name, days, access)
    units = list(units)
    if not agency_wide and not units:
        raise ValidationError({"units": _("Choose the units it may reach, or the whole agency.")})
    username = f"service-{slugify(name)[:60] or 'account'}"
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"name": _("A service account with this name already exists.")})
    user = User(username=username, first_name=name.strip()[:150], role=Role.SERVICE_ACCOUNT)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    account = ServiceAccount.objects.create(
        user=user, description=description, agency_wide=agency_wide, created_by=by
    )
    account.units.set([] if agency_wide else units)
    return _issue(user=user, name=name, access=access, days=days, by=by)


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Stop a token working at once. Its owner revokes a personal token; a program
    administrator revokes any token."""
    if token.user_id != by.pk and not by.is_program_administrator:
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=by, action=AuditAction.UPDATE, record=token, detail=f"API token “{token.name}” revoked"
        )
    return token


def _lifetime_days(token: ApiToken) -> int:
    """How many days the token was made to last (what it was given on the form)."""
    days = round((token.expires_at - token.created_at).total_seconds() / 86400)
    return min(max(days, 1), MAX_DAYS)


@transaction.atomic
def token_rotate(*, token: ApiToken, by) -> NewToken:
    """A program administrator gives a service account's token a new secret: a new token with
    the same name, access and lifetime (from today), shown once; the old one is revoked in
    the same transaction, so it stops working at once (kept, as every revoked token, so the
    audit trail's mentions of it keep meaning something). A revoked token is not rotated:
    make a new one instead."""
    if not by.is_program_administrator:
        raise PermissionDenied
    old = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not old.user.is_service_account:
        raise PermissionDenied
    if old.is_revoked:
        raise ValidationError(_("This token is revoked: it cannot be rotated. Make a new one instead."))
    old.revoked_at, old.revoked_by = timezone.now(), by
    old.save(update_fields=["revoked_at", "revoked_by"])
    new = _issue(user=old.user, name=old.name, access=old.access, days=_lifetime_days(old), by=by)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        record=old,
        detail=(
            f"API token “{old.name}” rotated: sop_{old.prefix}… revoked, "
            f"sop_{new.token.prefix}… made in its place"
        ),
    )
    return new


def token_find(plain: str) -> ApiToken | None:
    """The token this plain text is, with its user, or None (revoked and expired ones included:
    the caller says why they are refused)."""
    if not plain.startswith(TOKEN_START):
        return None
    return ApiToken.objects.select_related("user").filter(digest=token_digest(plain)).first()


def token_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def token_refused(token: ApiToken, why: str) -> None:
    audit_record(
        actor=None,
        username=token.user.username,
        action=AuditAction.API,
        record=token,
        detail=f"API token “{token.name}” refused: {why}",
    )
