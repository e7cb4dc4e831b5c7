"""Case plans (issue 8, to come) and the documents made from a family's records: PDFs
rendered by a Celery task, stored privately, served only through a permission-checked view.

A Document row is the request and its outcome: who asked, when, its state (queued,
rendering, ready, failed with the reason), and the file's size and checksum.
"""

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models import FileKind
from documents.signatures import Signature, signature_constraints
from families.family_wording import FamilyWording, WordedField, second_text
from families.models import Family, default_document_language, document_languages
from families.versioning import Versioned


class DocumentKind(models.TextChoices):
    CASE_PLAN = "case_plan", _("Case plan")
    SAFETY_PLAN = "safety_plan", _("Safety plan")
    MEETING_SUMMARY = "meeting_summary", _("Meeting summary")


class DocumentState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be made")
    RENDERING = "rendering", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# The reasons case_plans.services.documents_sweep gives a document it stops. The sweep runs
# outside any request, so it stores them in English; Document.failure_reason_text shows them
# in the reader's language.
TOOK_TOO_LONG = gettext_noop("Making the document took too long and was stopped. Try again.")
WAITED_TOO_LONG = gettext_noop(
    "No task worker started making the document within %(minutes)d minutes, so it was stopped. "
    "Try again; if it happens again, tell your IT help desk that the task service may be stopped."
)
NOT_SENT = gettext_noop(
    "The task service could not be reached for %(minutes)d minutes, so the document was not made. "
    "Try again; if it happens again, tell your IT help desk."
)
_SWEEP_REASONS = [
    (reason, re.compile(re.escape(reason).replace(re.escape("%(minutes)d"), r"(?P<minutes>\d+)") + "$"))
    for reason in (TOOK_TOO_LONG, WAITED_TOO_LONG, NOT_SENT)
]


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    source_id = models.PositiveBigIntegerField(help_text=_("The id of the plan or meeting it is made from."))
    title = models.CharField(max_length=200)  # in the document's language
    language = models.CharField(
        _("language"), max_length=10, choices=document_languages, default=default_document_language
    )
    state = models.CharField(max_length=12, choices=DocumentState.choices, default=DocumentState.QUEUED)
    failure_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        default=timezone.now,
        help_text=_("When it was last asked for: the request, or the latest “Try again”."),
    )
    sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When it was handed to the task service; empty while the service could not be reached."),
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            # The sweep of stuck renders: WHERE state = 'rendering' AND started_at < %s
            models.Index(fields=["state", "started_at"], name="document_state_idx"),
            # A family's documents: WHERE family_id = %s ORDER BY requested_at DESC
            models.Index(fields=["family", "-requested_at"], name="document_family_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display().lower()})"

    @property
    def failure_reason_text(self) -> str:
        """Why it failed, in the reader's language when the sweep gave the reason; an error
        from the render itself reads as it was raised."""
        for reason, pattern in _SWEEP_REASONS:
            found = pattern.match(self.failure_reason)
            if found:
                return gettext(reason) % {k: int(v) for k, v in found.groupdict().items()}
        return self.failure_reason

    @property
    def is_finished(self) -> bool:
        return self.state in (DocumentState.READY, DocumentState.FAILED)

    @property
    def waits_for_the_task_service(self) -> bool:
        """Asked for, but the task service could not be reached to take it (yet)."""
        return self.state == DocumentState.QUEUED and self.sent_at is None


# --- Case plans ------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the supervisor")
    RETURNED = "returned", _("Returned for changes")
    ACTIVE = "active", _("Approved and in force")
    SUPERSEDED = "superseded", _("Superseded")


class CasePlan(Versioned):
    """One version of the family's case plan. A supervisor of the unit approves it; an
    approved version never changes: a change is a new version."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    safety_goals = models.ManyToManyField(
        "safety_networks.SafetyGoal",
        blank=True,
        related_name="+",
        through="PlanSafetyGoal",
        verbose_name=_("safety goals"),
    )
    well_being_goals = models.ManyToManyField(
        "protective_factors.WellBeingGoal",
        blank=True,
        related_name="+",
        through="PlanWellBeingGoal",
        verbose_name=_("well-being goals"),
    )
    services = models.TextField(
        _("services"), blank=True, help_text=_("Services the family will use, e.g. a parenting class.")
    )
    visit_frequency = models.CharField(
        _("visit frequency"), max_length=100, blank=True, help_text=_("e.g. “every week, at home”")
    )
    review_on = models.DateField(
        _("review date"), null=True, blank=True, help_text=_("No more than six months out.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["family", "number"], name="case_plan_number_unique"),
            models.UniqueConstraint(
                fields=["family"], condition=Q(status="active"), name="one_active_case_plan"
            ),
        ]

    def __str__(self) -> str:
        return _("Case plan, version %(number)s (%(status)s)") % {
            "number": self.number,
            "status": self.get_status_display().lower(),
        }

    @property
    def can_change(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanSafetyGoal(models.Model):
    """A safety goal in a plan, in the order the caseworker put it."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE)
    safety_goal = models.ForeignKey("safety_networks.SafetyGoal", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "safety_goal"], name="plan_safety_goal_once")]

    def __str__(self) -> str:
        return f"{self.plan}: safety goal {self.position}"


class PlanWellBeingGoal(models.Model):
    """A well-being goal in a plan, in the order the caseworker put it."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE)
    well_being_goal = models.ForeignKey(
        "protective_factors.WellBeingGoal", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "well_being_goal"], name="plan_well_being_goal_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: well-being goal {self.position}"


class ActiveStepManager(models.Manager):
    """The steps in the plan: those not withdrawn."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class CasePlanStep(Versioned, FamilyWording):
    """A step toward a goal: what, who, by when, and how progress will be shown (a behaviour,
    not attendance). While the plan is a draft a step can be changed or withdrawn; a withdrawn
    step is kept (with who withdrew it and when) but is no longer part of the plan.

    How progress will be shown may be blank while the plan is a draft (a step pulled in from a
    meeting has none yet); the plan is not submitted until every step says it."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="steps")
    safety_goal = models.ForeignKey(
        "safety_networks.SafetyGoal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("safety goal"),
    )
    well_being_goal = models.ForeignKey(
        "protective_factors.WellBeingGoal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("well-being goal"),
    )
    what = models.TextField(_("what"))
    who = models.CharField(
        _("who"), max_length=200, help_text=_("A caregiver, a network member, the caseworker, a provider.")
    )
    by_when = models.DateField(_("by when"))
    progress_shown_by = models.TextField(
        _("how progress will be shown"),
        blank=True,
        help_text=_("A behaviour someone can see, not attendance."),
    )
    from_action_item = models.ForeignKey(
        "meetings.ActionItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The same step in the version of the plan this one was started from."),
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(_("why it is taken out"), blank=True)
    # The family's wording of how progress will be shown (families.family_wording): what the
    # step is has `family_wording`.
    progress_shown_by_family_wording = models.TextField(
        _("how progress will be shown, in the family's language"), blank=True
    )
    progress_shown_by_family_wording_of = models.TextField(blank=True, editable=False)

    worded_fields = (
        WordedField("what", _("What")),
        second_text("progress_shown_by", _("How progress will be shown")),
    )

    objects = models.Manager()
    in_plan = ActiveStepManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["by_when", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(safety_goal__isnull=False) | Q(well_being_goal__isnull=False),
                name="step_serves_a_goal",
                violation_error_message=_("Say which goal the step serves."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.who}: {self.what[:40]}"

    @property
    def original_wording(self) -> str:
        return self.what


class CasePlanSignature(Signature):
    """Who signed a version of the case plan (or refused), with the signed copy
    (documents.signatures says why this model lives here)."""

    record = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="signatures")

    SIGNED_COPY_KIND = FileKind.SIGNED_CASE_PLAN

    history = HistoricalRecords()

    class Meta(Signature.Meta):
        verbose_name = _("case plan signature")
        verbose_name_plural = _("case plan signatures")
        constraints = signature_constraints("case_plan_signature", "record")
        indexes = [
            # Unit review's rule and the overview: WHERE record_id = %s AND withdrawn_at IS NULL
            models.Index(
                fields=["record"], condition=Q(withdrawn_at__isnull=True), name="case_plan_signature_live"
            ),
        ]

    def __str__(self) -> str:
        return _("Signature of %(plan)s") % {"plan": self.record}
