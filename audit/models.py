"""The audit trail: who did what to which family record, when, from where.

Append-only: events are created through audit.services.audit_record and never updated or
deleted; on PostgreSQL triggers refuse UPDATE and DELETE (migration 0002) and TRUNCATE (0003)
on the table, so not even a raw query can rewrite or empty the trail, and the app's database
role owns nothing, so it cannot switch them off (manage.py grant_app_role). The audit app
imports no domain app, so a family is referred to by its public id and case number.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    VIEW = "view", pgettext_lazy("audit action", "Viewed")
    EXPORT = "export", pgettext_lazy("audit action", "Exported or downloaded")
    CREATE = "create", pgettext_lazy("audit action", "Created")
    UPDATE = "update", pgettext_lazy("audit action", "Changed")
    LOGIN = "login", pgettext_lazy("audit action", "Signed in")
    LOGIN_FAILED = "login_failed", pgettext_lazy("audit action", "Failed sign-in")
    LOGOUT = "logout", pgettext_lazy("audit action", "Signed out")
    TWO_FACTOR_SET_UP = "two_factor_set_up", pgettext_lazy("audit action", "Set up two-step sign-in")
    TWO_FACTOR_VERIFIED = "two_factor_verified", pgettext_lazy("audit action", "Passed two-step sign-in")
    TWO_FACTOR_FAILED = "two_factor_failed", pgettext_lazy("audit action", "Failed two-step sign-in")
    SEARCH = "search", _("Searched for families")
    # A call of the REST API that read no family record (a list, a write, a refused token);
    # reads of a family's records are VIEW events, like its pages, naming the token.
    API = "api", pgettext_lazy("audit action", "Called the API")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as typed, so a failed sign-in under an unknown name is still recorded.
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    family_public_id = models.UUIDField(null=True, blank=True)
    # The human case number as it was at the time, so the trail reads and searches by it
    # without joining a domain table.
    case_number = models.CharField(max_length=20, blank=True, db_index=True)
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=500, blank=True)
    # What the event was about, in words, when no record says it: e.g. a search's words and
    # how many families it found.
    detail = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # "Who has opened this family": WHERE family_public_id = %s ORDER BY occurred_at DESC
            models.Index(fields=["family_public_id", "-occurred_at"], name="audit_family_idx"),
            # A user's activity: WHERE actor_id = %s ORDER BY occurred_at DESC
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only and cannot be deleted.")
