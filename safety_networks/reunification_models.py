"""The SDM reunification reassessment of a child in care (DOMAIN.md, "Structured Decision
Making"; safety_networks.sdm.reunification says the file's format and the rule). A draft is
answered (the caregivers' progress on each goal of the case plan, the quality of family time,
the safety question when no safety assessment answers it); submitting it reads the household's
latest risk reassessment, the family time held and planned and the safety decision, and keeps
them with the recommendation that follows. A worker who disagrees records an override with a
reason, which the supervisor approves or refuses as for a risk override.
Imported by safety_networks.models."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.models import Child

from .models import FamilyRecord, OverrideStatus, RiskAssessment, RiskLevel, SafetyAssessment, SafetyDecision


class ReunificationInstrument(models.Model):
    """One version of a reunification reassessment file. A version never changes once
    loaded: a reassessment reads the scales, items and rule it was answered with."""

    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)  # English; the file's texts are in `definition`
    is_demonstration = models.BooleanField(default=False)
    definition = models.JSONField()
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="reunification_instrument_version_unique"
            )
        ]

    def __str__(self) -> str:
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}


class Recommendation(models.TextChoices):
    RETURN_HOME = "return_home", _("Return home")
    CONTINUE = "continue_reunification", _("Continue reunification services")
    END = "end_reunification", _("End reunification services")


class ReassessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ReunificationReassessment(FamilyRecord):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+", verbose_name=_("child"))
    instrument = models.ForeignKey(ReunificationInstrument, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("assessed on"), default=date.today)
    status = models.CharField(
        max_length=12, choices=ReassessmentStatus.choices, default=ReassessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The goals of the active case plan when the draft was started:
    # [{"key": "safety-3", "kind": "Safety goal", "wording": "…"}, …]
    goals = models.JSONField(default=list, blank=True)
    goal_ratings = models.JSONField(default=dict, blank=True)  # {goal key: progress code}
    family_time_ratings = models.JSONField(default=dict, blank=True)  # {item code: scale code}
    safety_answer = models.CharField(
        _("safety decision for the home (answered)"),
        max_length=20,
        choices=SafetyDecision.choices,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    # What submitting read and decided:
    risk_assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk_level = models.CharField(_("risk level"), max_length=12, choices=RiskLevel.choices, blank=True)
    safety_assessment = models.ForeignKey(
        SafetyAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safety_decision = models.CharField(
        _("safety decision"), max_length=20, choices=SafetyDecision.choices, blank=True
    )
    family_time_planned = models.PositiveIntegerField(_("family time planned"), null=True, blank=True)
    family_time_held = models.PositiveIntegerField(_("family time held"), null=True, blank=True)
    progress = models.CharField(_("progress on the goals"), max_length=40, blank=True)
    family_time_quality = models.CharField(_("quality of family time"), max_length=40, blank=True)
    recommendation = models.CharField(
        _("recommendation from the tool"), max_length=30, choices=Recommendation.choices, blank=True
    )
    compared_with = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The worker's override (with its reason), decided by the supervisor as a risk override is.
    override_recommendation = models.CharField(
        _("recommendation you think is right"), max_length=30, choices=Recommendation.choices, blank=True
    )
    override_reason = models.TextField(_("why"), blank=True)
    override_status = models.CharField(
        max_length=12, choices=OverrideStatus.choices, default=OverrideStatus.NONE
    )
    override_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_decided_at = models.DateTimeField(null=True, blank=True)
    override_decision_comment = models.TextField(_("supervisor's comment"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("reunification reassessment")
        verbose_name_plural = _("reunification reassessments")
        indexes = [
            # a child's last submitted one: WHERE child_id = %s AND status = 'submitted'
            # ORDER BY assessed_on DESC (the comparison, the unit review rule)
            models.Index(fields=["child", "status", "-assessed_on"], name="reunification_child_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(override_recommendation="") | ~Q(override_reason=""),
                name="reunification_override_needs_a_reason",
                violation_error_message=_("An override needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(recommendation=""),
                name="reunification_submitted_has_its_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return _("Reunification reassessment of %(day)s") % {"day": date_format(self.assessed_on)}

    @property
    def is_draft(self) -> bool:
        return self.status == ReassessmentStatus.DRAFT

    @property
    def recommendation_in_force(self) -> str:
        """The tool's recommendation, or the override once the supervisor approved it."""
        if self.override_recommendation and self.override_status == OverrideStatus.APPROVED:
            return self.override_recommendation
        return self.recommendation

    def get_recommendation_in_force_display(self) -> str:
        value = self.recommendation_in_force
        return Recommendation(value).label if value else ""
