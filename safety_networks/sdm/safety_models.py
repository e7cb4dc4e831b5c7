"""The scored SDM safety assessment's instrument (a version of a loaded file) and its answers.
Imported by safety_networks.models; the assessment itself is models.SafetyAssessment."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from families.models import Child
from sop_casework.translated import Translated, text_in_language


class SafetyInstrument(Translated):
    """One version of an SDM safety-assessment file (safety_networks.sdm.safety_file). A
    version never changes once loaded: its threats, interventions and rule are kept as they
    were read, so an assessment reads and decides the same on every day. `name` and
    `description` are English; their other languages are in `translations`; each threat and
    intervention carries its own ({"code", "wording", "translations": {"es": {"wording": …}}})."""

    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_demonstration = models.BooleanField(default=False)
    threats = models.JSONField()
    interventions = models.JSONField()
    decision_rule = models.JSONField()
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="safety_instrument_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @staticmethod
    def wording(entry: dict, language: str | None = None) -> str:
        return text_in_language(entry["wording"], entry.get("translations"), "wording", language)

    @property
    def placement_codes(self) -> set[str]:
        return {i["code"] for i in self.interventions if i.get("placement")}


class SafetyThreatAnswer(models.Model):
    """Is this threat present for this child? (None: not answered yet.) Changed only while
    the assessment is a draft, through its version."""

    assessment = models.ForeignKey(
        "safety_networks.SafetyAssessment", on_delete=models.PROTECT, related_name="threat_answers"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    threat = models.CharField(max_length=20)  # its code in the assessment's instrument version
    present = models.BooleanField(null=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "child", "threat"], name="one_threat_answer_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"{self.threat} for {self.child_id}: {self.present}"


class SafetyInterventionAnswer(models.Model):
    """For a threat present: an intervention of the tool's list, considered, and whether it
    is in place."""

    assessment = models.ForeignKey(
        "safety_networks.SafetyAssessment", on_delete=models.PROTECT, related_name="intervention_answers"
    )
    threat = models.CharField(max_length=20)
    intervention = models.CharField(max_length=40)
    considered = models.BooleanField(_("considered"), default=False)
    in_place = models.BooleanField(_("in place"), default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "threat", "intervention"], name="one_intervention_answer_per_threat"
            )
        ]

    def __str__(self) -> str:
        state = "in place" if self.in_place else "considered" if self.considered else "not considered"
        return f"{self.threat}/{self.intervention}: {state}"
