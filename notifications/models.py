# --- Email ---
# What each person asked to receive by email, and every email handed to the mail server.
# No email carries a family's details: case numbers, counts, dates and links only
# (notifications.digests, notifications.emails).

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from families.versioning import Versioned


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Every morning at 7:00")
    WEEKLY = "weekly", _("Mondays at 7:00")
    OFF = "off", _("Never")


class EmailPreference(Versioned):
    """A person's email settings. Without a row, the defaults apply: a daily digest and
    every immediate email (notifications.preferences.preference_of)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    digest = models.CharField(
        _("summary email"), max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    plan_returned = models.BooleanField(
        _("when my supervisor returns a case plan to me"),
        default=True,
    )
    access_requested = models.BooleanField(
        _("when someone asks to read a family I supervise"),
        default=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"


class EmailKind(models.TextChoices):
    DAILY_DIGEST = "daily_digest", _("Daily summary")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly summary")
    PLAN_RETURNED = "plan_returned", _("Case plan returned")
    ACCESS_REQUESTED = "access_requested", _("Access requested")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, to be tried again")
    GAVE_UP = "gave_up", _("Failed")
    SKIPPED = "skipped", _("Nothing to send")


class EmailDelivery(models.Model):
    """One email to one person for one period (a digest: the day or the week it covers) or
    one event (an immediate email: the record and its version). The unique constraint is what
    makes an email go once: a beat that fires twice, a task retried or two workers all meet the
    same row, and only the one that moves it to "sending" sends (notifications.emails)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    # "2026-12-07" for a daily digest, "2026-W50" for a weekly one, "case_plan:12:v4" for an event.
    period = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("email sent")
        verbose_name_plural = _("emails sent")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "period"], name="one_email_per_period"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="sent_email_has_time"
            ),
        ]
        indexes = [
            # The admin's list of failures: WHERE status IN ('failed', 'gave_up') ORDER BY created_at DESC
            models.Index(fields=["status", "-created_at"], name="email_delivery_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} → {self.recipient_id}: {self.status}"
