"""The family strengths and needs assessment (FSNA): each caregiver's and each child's domains
rated A to D on a version of the tool an agency loaded (safety_networks.sdm.fsna says the
file's format). A rating of C or D is a priority need the case plan addresses; an A is a
strength to build on. Answers change only while the assessment is a draft; once submitted it
is kept as it was, and the next one is compared with it domain by domain.
Imported by safety_networks.models."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.models import Caregiver, Child
from sop_casework.translated import text_in_language, translation_for

from .models import FamilyRecord


class FsnaInstrument(models.Model):
    """One version of an FSNA file. Loading a changed file makes a new version; a version's
    domains never change, so an assessment reads the words it was rated with."""

    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_demonstration = models.BooleanField(default=False)
    definition = models.JSONField()  # {"caregiver_domains": [...], "child_domains": [...]}
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="fsna_instrument_version_unique")
        ]

    def __str__(self) -> str:
        return _("%(name)s (version %(version)s)") % {"name": self.shown_name, "version": self.version}

    # The texts below are in the reader's language where the file gave it (sdm.fsna).

    @property
    def shown_name(self) -> str:
        return text_in_language(self.name, self.definition.get("translations"), "name")

    def domains(self, side: str) -> list[dict]:
        """The side's domains, each {"code", "name", "ratings": {"A": …}} in the active
        language (English where the file gave no other)."""
        return [_shown(domain) for domain in self.definition[f"{side}_domains"]]

    def domain(self, side: str, code: str) -> dict:
        return next(
            (d for d in self.domains(side) if d["code"] == code), {"code": code, "name": code, "ratings": {}}
        )


def _shown(domain: dict) -> dict:
    texts = translation_for(domain.get("translations"))
    if not texts:
        return domain
    ratings = texts.get("ratings") or {}
    return {
        **domain,
        "name": texts.get("name") or domain["name"],
        "ratings": {rating: ratings.get(rating) or text for rating, text in domain["ratings"].items()},
    }


class FsnaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class StrengthsAndNeedsAssessment(FamilyRecord):
    instrument = models.ForeignKey(FsnaInstrument, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("date of the assessment"), default=date.today)
    status = models.CharField(max_length=12, choices=FsnaStatus.choices, default=FsnaStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("family strengths and needs assessment")
        verbose_name_plural = _("family strengths and needs assessments")
        indexes = [
            # the family's last submitted one: WHERE family_id = %s AND status = 'submitted'
            # ORDER BY assessed_on DESC, id DESC
            models.Index(fields=["family", "status", "-assessed_on"], name="fsna_family_latest_idx")
        ]

    def __str__(self) -> str:
        return _("Strengths and needs of %(day)s") % {"day": self.assessed_on}

    @property
    def is_draft(self) -> bool:
        return self.status == FsnaStatus.DRAFT


class Side(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    CHILD = "child", _("Child")


class Rating(models.TextChoices):
    A = "A", _("A: a strength that creates safety and well-being")
    B = "B", _("B: neither a strength nor a need")
    C = "C", _("C: a need that gets in the way")
    D = "D", _("D: a need that contributes to danger")


PRIORITY_NEEDS = (Rating.C, Rating.D)


class DomainRating(models.Model):
    """One domain of one caregiver or child, rated (blank while the draft is answered)."""

    assessment = models.ForeignKey(
        StrengthsAndNeedsAssessment, on_delete=models.PROTECT, related_name="ratings"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    domain = models.CharField(max_length=60)
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    rating = models.CharField(_("rating"), max_length=1, choices=Rating.choices, blank=True)
    note = models.TextField(_("what the rating rests on"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "caregiver_id", "child_id", "position"]
        verbose_name = _("strengths and needs rating")
        verbose_name_plural = _("strengths and needs ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(side="caregiver", caregiver__isnull=False, child__isnull=True)
                | Q(side="child", child__isnull=False, caregiver__isnull=True),
                name="fsna_rating_of_one_person_of_its_side",
            ),
            models.UniqueConstraint(
                fields=["assessment", "domain", "caregiver"],
                condition=Q(side="caregiver"),
                name="fsna_caregiver_domain_once",
            ),
            models.UniqueConstraint(
                fields=["assessment", "domain", "child"],
                condition=Q(side="child"),
                name="fsna_child_domain_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.rating or '—'}"

    @property
    def person(self):
        return self.caregiver if self.side == Side.CAREGIVER else self.child

    @property
    def person_key(self) -> tuple[str, int]:
        return (self.side, self.caregiver_id or self.child_id)

    @property
    def is_priority_need(self) -> bool:
        return self.rating in PRIORITY_NEEDS

    @property
    def is_strength(self) -> bool:
        return self.rating == Rating.A
