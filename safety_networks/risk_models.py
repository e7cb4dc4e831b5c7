"""The scored SDM risk tools (DOMAIN.md, "Structured Decision Making"): an instrument file
loaded as a version (safety_networks.sdm.risk says the format), and the draft a caseworker
answers. Submitting a draft scores it into a RiskAssessment (safety_networks.models), which
keeps every answer, each index's total and the level; the draft is then closed to changes.
Imported by safety_networks.models."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .models import FamilyRecord, RiskAssessment, RiskKind
from .sdm import risk


class RiskInstrument(models.Model):
    """One version of a risk instrument file. Loading a changed file makes a new version;
    the definition of a version never changes, so an assessment reads the items, bands and
    overrides it was scored with."""

    tool = models.CharField(max_length=20, choices=RiskKind.choices)
    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_demonstration = models.BooleanField(default=False)
    definition = models.JSONField()
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tool", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="risk_instrument_version_unique")
        ]

    def __str__(self) -> str:
        return _("%(name)s (version %(version)s)") % {"name": self.shown_name, "version": self.version}

    # The texts below are in the reader's language where the file gave it (sdm.risk.shown).

    @property
    def shown_name(self) -> str:
        return risk.shown(self.definition, "name") or self.name

    def items(self) -> list[dict]:
        return self.definition["items"]

    def policy_overrides(self) -> list[dict]:
        return self.definition.get("policy_overrides", [])

    def index_names(self) -> dict[str, str]:
        return {index["code"]: risk.shown(index, "name") for index in self.definition["indices"]}

    def answer_label(self, code: str, answer: str) -> str:
        for item in self.items():
            if item["code"] == code:
                return next((risk.shown(a, "label") for a in item["answers"] if a["code"] == answer), "")
        return {"yes": _("Yes"), "no": _("No")}.get(answer, "")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class RiskAssessmentDraft(FamilyRecord):
    """A risk assessment or reassessment being answered. Answers change only while it is a
    draft; submitting it (every item answered) scores it into `assessment`."""

    instrument = models.ForeignKey(RiskInstrument, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(default=date.today)
    answers = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    assessment = models.OneToOneField(
        RiskAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", assessment__isnull=True)
                | Q(status="submitted", assessment__isnull=False),
                name="risk_draft_submitted_has_its_assessment",
            )
        ]
        indexes = [
            # the family's drafts on the decisions page: WHERE family_id = %s AND status = 'draft'
            models.Index(fields=["family", "status"], name="risk_draft_family_idx")
        ]

    def __str__(self) -> str:
        return _("%(tool)s draft of %(day)s") % {
            "tool": self.instrument.get_tool_display(),
            "day": self.assessed_on,
        }

    @property
    def is_draft(self) -> bool:
        return self.status == DraftStatus.DRAFT
