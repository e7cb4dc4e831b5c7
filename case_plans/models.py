"""Case plans: versions, their goals and steps, approval and signatures. (The PDFs made from
them are documents' Document rows: case_plans.document_kind says how a case plan is printed.)"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models import FileKind
from documents.signatures import Signature, signature_constraints
from families.family_wording import FamilyWording, WordedField, second_text
from families.models import Family
from families.versioning import Versioned

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


# --- Needs and strengths from the family strengths and needs assessment -------------------


class PlanNeed(Versioned):
    """How a version of the plan answers one domain of the family strengths and needs
    assessment: a priority need (rated C or D) answered by one of the plan's well-being goals
    or steps, or set aside for this version with the reason; a strength (rated A) linked to
    the goal or step that builds on it. Nothing here is deleted: a changed answer is a new
    version of the row, kept in its history."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="needs")
    rating = models.ForeignKey(
        "safety_networks.DomainRating",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("need or strength"),
    )
    well_being_goal = models.ForeignKey(
        "protective_factors.WellBeingGoal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("well-being goal that answers it"),
    )
    step = models.ForeignKey(
        CasePlanStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("step that answers it"),
    )
    set_aside_reason = models.TextField(_("why it is set aside for this plan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("need or strength in the plan")
        verbose_name_plural = _("needs and strengths in the plan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "rating"], name="plan_need_once"),
            models.CheckConstraint(
                condition=Q(well_being_goal__isnull=True) | Q(step__isnull=True),
                name="plan_need_one_answer",
                violation_error_message=_("Choose a goal or a step, not both."),
            ),
            models.CheckConstraint(
                condition=Q(set_aside_reason="") | Q(well_being_goal__isnull=True, step__isnull=True),
                name="plan_need_answered_or_set_aside",
                violation_error_message=_("A need set aside is not answered by a goal or a step."),
            ),
        ]

    def __str__(self) -> str:
        return _("Need or strength in %(plan)s") % {"plan": self.plan}
