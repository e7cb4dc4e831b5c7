"""Family Team Meetings (DOMAIN.md): the family, its network, the child where old enough, the
worker, a facilitator and other professionals; run through the SOP stages; decisions and
action items. Meetings are cancelled with a reason, never deleted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.family_wording import FamilyWording
from families.models import Caregiver, Child, Family
from families.versioning import Versioned
from safety_networks.models import NetworkMember, ScalingScore


class MeetingType(models.TextChoices):
    INITIAL = "initial", _("Initial")
    SAFETY_PLANNING = "safety_planning", _("Safety planning")
    PLACEMENT_DECISION = "placement_decision", _("Placement decision")
    CASE_PLAN_REVIEW = "case_plan_review", _("Case-plan review")
    TRANSITION_OR_CLOSING = "transition_or_closing", _("Transition or closing")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(Versioned):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    meeting_type = models.CharField(
        _("type"), max_length=24, choices=MeetingType.choices, default=MeetingType.INITIAL
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    facilitator = models.CharField(max_length=200, blank=True)
    purpose = models.TextField(blank=True)
    desired_outcome = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    cancelled_reason = models.TextField(blank=True)
    # The stages, recorded as the meeting runs.
    group_agreements = models.TextField(blank=True)
    worries = models.TextField(_("what we are worried about"), blank=True)
    working_well = models.TextField(_("what is working well"), blank=True)
    needs_to_happen = models.TextField(_("what needs to happen"), blank=True)
    decisions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        indexes = [
            # The first held meeting and the upcoming ones:
            # WHERE family_id = %s AND status = %s ORDER BY scheduled_at
            models.Index(fields=["family", "status", "scheduled_at"], name="meeting_family_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""),
                name="cancelled_meeting_has_reason",
                violation_error_message=_("Say why the meeting was cancelled."),
            )
        ]

    def __str__(self) -> str:
        # The agency's day (as the page shows it), the month in the reader's language:
        # "Initial meeting, 05 Jan 2026".
        return gettext("%(type)s meeting, %(day)s") % {
            "type": self.get_meeting_type_display(),
            "day": date_format(timezone.localtime(self.scheduled_at), "d M Y"),
        }


class ParticipantKind(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    CHILD = "child", _("Child")
    NETWORK_MEMBER = "network_member", _("Network member")
    PROFESSIONAL = "professional", _("Professional")


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="participants")
    kind = models.CharField(max_length=16, choices=ParticipantKind.choices)
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    network_member = models.ForeignKey(
        NetworkMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(null=True, help_text=_("Empty until the meeting is recorded."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("No longer needed")


class ActionItem(Versioned, FamilyWording):
    """Who does what by when, agreed at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    what = models.TextField()
    who = models.CharField(max_length=200)
    due_on = models.DateField(_("by when"))
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # Overdue action items on My caseload: WHERE family_id = %s AND status = 'open' AND due_on < today
            models.Index(fields=["family", "status", "due_on"], name="action_item_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.who}: {self.what[:40]} by {self.due_on}"

    @property
    def original_wording(self) -> str:
        return self.what


class MeetingScaling(models.Model):
    """A scaling number given at a meeting: the family's scaling entry, and where it was given."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="scaling_links")
    scaling_score = models.OneToOneField(ScalingScore, on_delete=models.PROTECT, related_name="meeting_link")

    def __str__(self) -> str:
        return f"{self.scaling_score} at {self.meeting}"
