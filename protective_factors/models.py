"""The five Strengthening Families protective factors (reference data, loaded by a data
migration); instruments as versioned data; assessments, their answers and scores;
well-being goals.

Licensed instruments (PFS-2, PAPF) are never shipped: an agency loads the file of the
instrument it licenses (`manage.py load_instrument`). The product ships its own short
demonstration instrument, labelled as such.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.family_wording import FamilyWording
from families.models import Caregiver, Child, Family
from families.versioning import Versioned
from sop_casework.translated import SOURCE_LANGUAGE, Translated, translation_for


class FactorCode(models.TextChoices):
    PARENTAL_RESILIENCE = "parental_resilience", _("Parental resilience")
    SOCIAL_CONNECTIONS = "social_connections", _("Social connections")
    KNOWLEDGE_OF_PARENTING = "knowledge_of_parenting", _("Knowledge of parenting and child development")
    CONCRETE_SUPPORT = "concrete_support", _("Concrete support in times of need")
    SOCIAL_EMOTIONAL_COMPETENCE = (
        "social_emotional_competence",
        _("Social and emotional competence of children"),
    )


class ProtectiveFactor(Translated):
    """One of the five factors. `definition` and `how_sop_builds_it` are English; their other
    languages are in `translations` (sop_casework.translated), loaded from reference.py."""

    code = models.CharField(max_length=40, choices=FactorCode.choices, unique=True)
    name = models.CharField(max_length=100)
    definition = models.TextField(help_text=_("What the factor means in practice."))
    how_sop_builds_it = models.TextField(help_text=_("How Safety Organized Practice builds this factor."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The factor's name in the reader's language: its own translation if it has one, else
        the catalogue's (the five names are FactorCode's labels); a name an agency changed
        reads as it is stored."""
        # A factor read without its translations (a row read in part, family_row) must not
        # fetch them, one query per row: it reads the catalogue's name.
        translations = self.__dict__.get("translations")
        return translation_for(translations).get("name") or gettext(self.name)


# --- Instruments as data ------------------------------------------------------------------


class Respondent(models.TextChoices):
    CAREGIVER_SELF = "caregiver_self", _("Caregiver, about themselves")
    CAREGIVER_ABOUT_CHILD = "caregiver_about_child", _("Caregiver, about a child")
    CASEWORKER = "caseworker", _("Caseworker observation")


class Band(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    EMERGING = "emerging", _("Emerging")
    AREA_TO_BUILD = "area_to_build", _("Area to build")


class Instrument(Translated):
    """One version of an instrument file. Loading a changed file makes a new version;
    assessments keep the version they were answered on.

    Its texts in other languages (protective_factors.instruments): `translations` holds the
    name and description ({"es": {"name": …, "description": …}}); each answer of `scale`
    carries its own ({"value": 1, "label": …, "labels": {…}, "translations": {"es":
    {"label": …, "labels": {…}}}}); items and bands hold theirs on their rows."""

    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    is_demonstration = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    scale = models.JSONField(help_text=_('The answers, lowest first: [{"value": 1, "label": "…"}, …].'))
    max_unanswered = models.PositiveSmallIntegerField(
        default=1, help_text=_("How many items of one factor may be left unanswered and still be scored.")
    )
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def scale_for(self, respondent: str, language: str | None = None) -> list[tuple[int, str]]:
        """The answers as an item for `respondent` offers them, in `language` (default: the
        active one; English where the instrument lacks it): each value with its label in that
        item's grammatical person (the scale's `labels`), else the scale's `label`."""
        return [(point["value"], _scale_label(point, respondent, language)) for point in self.scale]

    def scale_label(self, value: int, respondent: str | None = None, language: str | None = None) -> str:
        for point in self.scale:
            if point["value"] == value:
                return _scale_label(point, respondent, language)
        return ""

    @property
    def scale_min(self) -> int:
        return min(point["value"] for point in self.scale)

    @property
    def scale_max(self) -> int:
        return max(point["value"] for point in self.scale)


def _scale_label(point: dict, respondent: str | None, language: str | None) -> str:
    english = (point.get("labels") or {}).get(respondent) or point["label"]
    texts = translation_for(point.get("translations"), language)
    return (texts.get("labels") or {}).get(respondent) or texts.get("label") or english


class Item(Translated):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(max_length=20)
    factor = models.ForeignKey(ProtectiveFactor, on_delete=models.PROTECT, related_name="+")
    wording = models.TextField()
    respondent = models.CharField(max_length=24, choices=Respondent.choices)
    reverse_scored = models.BooleanField(default=False)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("For items about a child."))
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="item_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.wording}"


class ScoringBand(Translated):
    """A band of mean scores for one factor: low ≤ mean < high (the top band includes high),
    with what it means in words for the person (optional; `translations` for other languages)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="bands")
    factor = models.ForeignKey(ProtectiveFactor, on_delete=models.PROTECT, related_name="+")
    band = models.CharField(max_length=16, choices=Band.choices)
    low = models.DecimalField(max_digits=5, decimal_places=2)
    high = models.DecimalField(max_digits=5, decimal_places=2)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["factor__position", "low"]

    def __str__(self) -> str:
        return f"{self.factor}: {self.get_band_display()} {self.low}–{self.high}"


class EverydayAction(Translated):
    """Suggestions of everyday actions for a well-being goal, per factor (data, editable;
    other languages of `text` in `translations`)."""

    factor = models.ForeignKey(ProtectiveFactor, on_delete=models.PROTECT, related_name="everyday_actions")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["factor__position", "position"]

    def __str__(self) -> str:
        return self.text


# --- Assessments ----------------------------------------------------------------------


class AssessmentKind(models.TextChoices):
    PRE = "pre", _("Pre")
    INTERIM = "interim", _("Interim")
    POST = "post", _("Post")
    RETROSPECTIVE_PRE = "retrospective_pre", _("Retrospective pre")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(Versioned):
    """One person's protective-factor assessment: a caregiver about themselves, or about a child."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=AssessmentKind.choices, default=AssessmentKind.PRE)
    assessed_on = models.DateField(default=date.today)
    status = models.CharField(max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    # The language the person was asked in: its items and answers were shown in it. Scores
    # come from the values, so they are the same in every language.
    language = models.CharField(_("language of the questions"), max_length=10, default=SOURCE_LANGUAGE)
    submitted_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(caregiver__isnull=False) & Q(child__isnull=True))
                | (Q(caregiver__isnull=True) & Q(child__isnull=False)),
                name="assessment_is_about_one_person",
                violation_error_message=_("An assessment is about one caregiver or one child."),
            )
        ]
        indexes = [models.Index(fields=["family", "status"], name="pf_assessment_family_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} assessment of {self.person} on {self.assessed_on}"

    @property
    def person(self):
        return self.caregiver or self.child

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(null=True, blank=True, help_text=_("Empty: not answered."))

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.value}"


class FactorScore(models.Model):
    """A submitted assessment's score for one factor (computed by protective_factors.scoring)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="scores")
    factor = models.ForeignKey(ProtectiveFactor, on_delete=models.PROTECT, related_name="+")
    mean = models.DecimalField(max_digits=5, decimal_places=2)
    band = models.CharField(max_length=16, choices=Band.choices)
    answered = models.PositiveSmallIntegerField()
    items = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["factor__position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="one_score_per_factor")]

    def __str__(self) -> str:
        return f"{self.factor}: {self.mean} ({self.get_band_display()})"


# --- Well-being goals -----------------------------------------------------------------


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    STOPPED = "stopped", _("Stopped")


class WellBeingGoal(Versioned, FamilyWording):
    """A goal that builds one protective factor for one person, with everyday actions."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    factor = models.ForeignKey(ProtectiveFactor, on_delete=models.PROTECT, related_name="+")
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    goal = models.TextField(
        help_text=_("e.g. “The family applies for rental assistance and a job programme.”")
    )
    everyday_actions = models.TextField(blank=True, help_text=_("One action a line."))
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["factor__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(caregiver__isnull=False) & Q(child__isnull=False)),
                name="goal_is_for_one_person_or_the_family",
                violation_error_message=_(
                    "A well-being goal is for one caregiver, one child, or the family."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.goal[:60]

    @property
    def person(self):
        return self.caregiver or self.child

    @property
    def original_wording(self) -> str:
        return self.goal
