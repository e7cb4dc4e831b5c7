"""A notification: something that happened which one person should know about, shown by the
bell in the header and on the notifications page.

Only facts are stored (the kind, who did it, which family, a date, the link); the words are
put together when the notification is shown (notifications.wording), so that the family is
named only to a reader who may still see it: someone reassigned away reads "a family you no
longer have access to", and the link answers 404 like any other page of that family.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.versioning import Versioned


class Kind(models.TextChoices):
    # A decision on what I asked for
    PLAN_APPROVED = "plan_approved", _("Case plan approved")
    PLAN_RETURNED = "plan_returned", _("Case plan returned")
    OVERRIDE_APPROVED = "override_approved", _("Risk override approved")
    OVERRIDE_REJECTED = "override_rejected", _("Risk override not approved")
    SAFETY_OVERRIDE_APPROVED = "safety_override_approved", _("Safety override approved")
    SAFETY_OVERRIDE_REJECTED = "safety_override_rejected", _("Safety override not approved")
    REUNIFICATION_OVERRIDE_APPROVED = "reunification_override_approved", _("Reunification override approved")
    REUNIFICATION_OVERRIDE_REJECTED = (
        "reunification_override_rejected",
        _("Reunification override not approved"),
    )
    CLOSURE_APPROVED = "closure_approved", _("Closure approved")
    CLOSURE_RETURNED = "closure_returned", _("Closure returned")
    ACCESS_GRANTED = "access_granted", _("Access granted")
    ACCESS_REFUSED = "access_refused", _("Access refused")
    COURT_REPORT_APPROVED = "court_report_approved", _("Court report approved")
    COURT_REPORT_RETURNED = "court_report_returned", _("Court report returned")
    # Something waiting for me to decide
    PLAN_SUBMITTED = "plan_submitted", _("Case plan to approve")
    COURT_REPORT_SUBMITTED = "court_report_submitted", _("Court report to approve")
    OVERRIDE_REQUESTED = "override_requested", _("Risk override to decide")
    SAFETY_OVERRIDE_REQUESTED = "safety_override_requested", _("Safety override to decide")
    REUNIFICATION_OVERRIDE_REQUESTED = (
        "reunification_override_requested",
        _("Reunification override to decide"),
    )
    CLOSURE_REQUESTED = "closure_requested", _("Closure to decide")
    REFERRAL_TO_SCREEN = "referral_to_screen", _("Referral to screen")
    ACCESS_REQUESTED = "access_requested", _("Access request to decide")
    # My work
    FAMILY_ASSIGNED = "family_assigned", _("Family assigned to you")
    ACTION_ITEM_ASSIGNED = "action_item_assigned", _("Meeting action item")
    ACTION_ITEM_DUE = "action_item_due", _("Meeting action item due tomorrow")
    CONSULTATION_ACTION_ASSIGNED = "consultation_action_assigned", _("Consultation action")
    CONSULTATION_ACTION_DUE = "consultation_action_due", _("Consultation action due tomorrow")
    DOCUMENT_READY = "document_ready", _("Document ready")
    DOCUMENT_FAILED = "document_failed", _("Document failed")


class Notification(models.Model):
    # In the URL that opens it: not guessable, so another site cannot mark it read for you.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="+")
    # Who did what the notification is about (none for the daily reminders).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The page of the record, as reversed when the notification was made (a path of this site).
    link = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    # Makes a notification that must come once (a reminder of one item for one day) unique:
    # a beat that fires twice, or two workers, make one notification.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], condition=~Q(key=""), name="notification_once"
            ),
        ]
        indexes = [
            # The page: WHERE recipient_id = %s ORDER BY created_at DESC, id DESC
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_page_idx"),
            # The bell, on every page: COUNT(*) WHERE recipient_id = %s AND read_at IS NULL
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# --- Email ---------------------------------------------------------------------------------
# What each person asked to receive by email, and every email handed to the mail server.
# No email carries a family's details: case numbers, counts, dates and links only
# (notifications.digests, notifications.emails).


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
    # Named for the first email it switched; it now covers every approval returned (a case
    # plan, a risk, safety or reunification override not approved, a closure request returned).
    plan_returned = models.BooleanField(
        _(
            "when an approval I asked for is returned "
            "(a case plan, a risk, safety or reunification override, a closure)"
        ),
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
    OVERRIDE_RETURNED = "override_returned", _("Risk override not approved")
    SAFETY_OVERRIDE_RETURNED = "safety_override_returned", _("Safety override not approved")
    REUNIFICATION_OVERRIDE_RETURNED = (
        "reunification_override_returned",
        _("Reunification override not approved"),
    )
    CLOSURE_RETURNED = "closure_returned", _("Closure returned")
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
    kind = models.CharField(max_length=32, choices=EmailKind.choices)
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
