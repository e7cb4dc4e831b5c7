"""Tokens for the REST API: who calls it, with what rights, until when.

A personal access token acts as the person who made it, in their own scope; a service
account's token acts as the service account (accounts.models.ServiceAccount), in the units it
was given. Only a digest of the token is kept: the token itself is shown once, when it is
made, and cannot be read back. A token is revoked (kept, with who revoked it and when), never
deleted, so the audit trail's mentions of it keep meaning something.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenAccess(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “Phone app” or “State system”.")
    )
    # The user the token acts as: the person for a personal token, the service account's user.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    access = models.CharField(
        _("access"), max_length=12, choices=TokenAccess.choices, default=TokenAccess.READ
    )
    # The first characters of the token, shown in lists so a person can tell tokens apart.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    # SHA-256 of the whole token. The token carries 256 random bits, so a fast hash is safe
    # here (nothing to guess a dictionary from), and the lookup is one indexed query.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="api_token_revoked_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def may_write(self) -> bool:
        return self.access == TokenAccess.READ_WRITE
