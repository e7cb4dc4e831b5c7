"""The SOP safety work of a family (DOMAIN.md, "SOP, piece by piece"):

- the map: what we are worried about (harm statements, complicating factors, danger
  statements), what is working well (strengths, existing safety), what needs to happen
  (safety goals, next steps), and scaling;
- the safety network and the safety plan;
- the SDM safety and risk assessments;
- the child's voice (Three Houses).

Nothing here is deleted: statements and entries are withdrawn, plans superseded, members
leave the network. Every editable record carries a version and a change history.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models import FileKind
from documents.signatures import Signature, signature_constraints
from families.family_wording import FamilyWording, WordedField, original_language, second_text
from families.models import Caregiver, Child, Family
from families.versioning import Versioned
from protective_factors.models import ProtectiveFactor
from sop_casework.translated import Translated


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FamilyRecord(Versioned):
    """What every piece of the safety work shares: the family, who wrote it, when."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Withdrawable(FamilyRecord):
    """Map entries and statements are withdrawn (with a reason), never deleted."""

    status = models.CharField(max_length=12, choices=EntryStatus.choices, default=EntryStatus.ACTIVE)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status == EntryStatus.ACTIVE


# --- The map -------------------------------------------------------------------------


class MapColumn(models.TextChoices):
    WORRIES = "worries", _("What are we worried about?")
    WORKING_WELL = "working_well", _("What’s working well?")
    NEEDS_TO_HAPPEN = "needs_to_happen", _("What needs to happen?")


class EntryKind(models.TextChoices):
    COMPLICATING_FACTOR = "complicating_factor", _("Complicating factor")
    STRENGTH = "strength", _("Strength")
    EXISTING_SAFETY = "existing_safety", _("Existing safety")
    NEXT_STEP = "next_step", _("Next step")

    @property
    def column(self) -> MapColumn:
        return {
            "complicating_factor": MapColumn.WORRIES,
            "strength": MapColumn.WORKING_WELL,
            "existing_safety": MapColumn.WORKING_WELL,
            "next_step": MapColumn.NEEDS_TO_HAPPEN,
        }[self.value]


class MapEntry(Withdrawable):
    """A plain entry of the map: a complicating factor, a strength, existing safety, a next step."""

    kind = models.CharField(max_length=24, choices=EntryKind.choices)
    text = models.TextField()
    noted_on = models.DateField(_("date"), default=date.today)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["noted_on", "id"]
        verbose_name_plural = _("map entries")
        indexes = [models.Index(fields=["family", "status"], name="mapentry_family_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class HarmStatement(Withdrawable):
    """Harm that has happened: what, to which child, by which caregiver's action, with what effect."""

    what_happened = models.TextField(
        help_text=_("In plain words, e.g. “Sofía came to school with a bruise on her arm.”")
    )
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    caregiver_action = models.TextField(
        _("what the caregiver did"),
        help_text=_("e.g. “grabbed her hard when he was angry that she woke Tomás”"),
    )
    effect = models.TextField(
        _("the effect on the child"), help_text=_("e.g. “she had a bruise and was scared to go home”")
    )
    noted_on = models.DateField(_("date"), default=date.today)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["noted_on", "id"]
        indexes = [models.Index(fields=["family", "status"], name="harm_family_idx")]

    def __str__(self) -> str:
        return self.what_happened[:60]


class DangerStatement(Withdrawable, FamilyWording):
    """Who is worried, about which caregiver behaviour, and what could happen to which
    children if nothing changes: one sentence the family can read."""

    who_is_worried = models.CharField(max_length=300, help_text=_("e.g. “The school, Maria and the agency”"))
    caregiver_behaviour = models.TextField(
        help_text=_("e.g. “when Daniel is angry and stressed he may grab or hit”")
    )
    children = models.ManyToManyField(Child, related_name="+", verbose_name=_("children it is about"))
    what_could_happen = models.TextField(
        _("what could happen if nothing changes"), help_text=_("e.g. “they could be badly hurt”")
    )
    noted_on = models.DateField(_("date"), default=date.today)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[children])

    class Meta:
        ordering = ["noted_on", "id"]
        indexes = [models.Index(fields=["family", "status"], name="danger_family_idx")]

    def __str__(self) -> str:
        return _("%(who)s worried: %(behaviour)s") % {
            "who": self.who_is_worried,
            "behaviour": self.caregiver_behaviour[:40],
        }

    @property
    def original_wording(self) -> str:
        """The sentence as the map shows it, in the language staff write in (the children
        as read with the statement: prefetch `children`)."""
        from .statements import danger_sentence

        with translation.override(original_language()):
            return danger_sentence(
                who_is_worried=self.who_is_worried,
                caregiver_behaviour=self.caregiver_behaviour,
                children=[c.called for c in self.children.all()],
                what_could_happen=self.what_could_happen,
            )


class SafetyGoal(Withdrawable, FamilyWording):
    """Exactly one per danger statement: what the caregivers will be doing, what the child
    will experience instead, and what the agency must see, over time, to close the case."""

    danger_statement = models.ForeignKey(DangerStatement, on_delete=models.PROTECT, related_name="goals")
    caregivers_will = models.TextField(
        _("what the caregivers will be doing"),
        help_text=_("e.g. “when Daniel is angry he walks away and calls his brother”"),
    )
    child_will_experience = models.TextField(
        _("what the children will experience"),
        help_text=_("e.g. “Sofía and Tomás are safe and feel safe at home”"),
    )
    agency_needs_to_see = models.TextField(
        _("what the agency needs to see"),
        help_text=_("e.g. “an adult the children trust checks on them every day”"),
    )
    for_how_long = models.CharField(max_length=100, help_text=_("e.g. “over the next six months”"))
    protective_factors = models.ManyToManyField(
        ProtectiveFactor, blank=True, related_name="+", verbose_name=_("protective factors it builds")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[protective_factors])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["danger_statement"],
                condition=Q(status="active"),
                name="one_active_goal_per_danger_statement",
                violation_error_message=_("This danger statement already has its safety goal."),
            )
        ]

    def __str__(self) -> str:
        return self.caregivers_will[:60]

    @property
    def original_wording(self) -> str:
        """The goal as one statement, in the language staff write in."""
        from .statements import goal_sentence

        with translation.override(original_language()):
            return goal_sentence(
                caregivers_will=self.caregivers_will,
                child_will_experience=self.child_will_experience,
                agency_needs_to_see=self.agency_needs_to_see,
                for_how_long=self.for_how_long,
            )


class ScalingGiver(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    CHILD = "child", _("Child")
    NETWORK_MEMBER = "network_member", _("Network member")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    OTHER = "other", _("Other")


class ScalingScore(FamilyRecord):
    """Where is this from 0 to 10? 0: the children cannot be safe in the parents' care;
    10: enough safety for the agency to close the case. Each person gives their own.

    The number is linked to the person who gave it (one of the family's caregivers or
    children, a member of the safety network, or a member of staff), so each person is one
    line on the chart whatever their name was written as; only someone else is a name
    alone. `name` keeps the name as it was shown when the number was given. Numbers
    recorded before the links existed may be a name alone for any kind of person."""

    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    given_by = models.CharField(_("who gave it"), max_length=20, choices=ScalingGiver.choices)
    name = models.CharField(_("their name"), max_length=200)
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    network_member = models.ForeignKey(
        "NetworkMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member of staff"),
    )
    scored_on = models.DateField(_("date"), default=date.today)
    occasion = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where it was asked, e.g. “home visit” or “first Family Team Meeting”."),
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["scored_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=10),
                name="scaling_between_0_and_10",
                violation_error_message=_("A scaling number is from 0 to 10."),
            ),
            # A link names the kind of person: so a number is linked to one person at most.
            models.CheckConstraint(
                condition=(Q(caregiver__isnull=True) | Q(given_by="caregiver"))
                & (Q(child__isnull=True) | Q(given_by="child"))
                & (Q(network_member__isnull=True) | Q(given_by="network_member"))
                & (Q(staff__isnull=True) | Q(given_by__in=["caseworker", "supervisor"])),
                name="scaling_linked_to_one_person_of_its_kind",
                violation_error_message=_(
                    "A scaling number is linked to one person, of the kind who gave it."
                ),
            ),
        ]
        indexes = [
            # The scaling history and the latest numbers: WHERE family_id = %s ORDER BY scored_on
            models.Index(fields=["family", "scored_on"], name="scaling_family_idx")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.score} on {self.scored_on}"

    @property
    def person_key(self) -> tuple:
        """Who gave the number, as one person: the linked person, or (numbers with a name
        alone) the kind of person and the name."""
        return person_key(self)


def person_key(score) -> tuple:
    """ScalingScore.person_key, for any object with the score's fields (the overview reads
    them from JSON)."""
    for kind in ("caregiver", "child", "network_member", "staff"):
        pk = getattr(score, f"{kind}_id", None)
        if pk is not None:
            return (kind, pk)
    return (score.given_by, score.name)


# --- The safety network ----------------------------------------------------------------


class MemberKind(models.TextChoices):
    INFORMAL = "informal", _("Informal")
    PROFESSIONAL = "professional", _("Professional")


class Circle(models.TextChoices):
    INNER = "inner", _("Inner circle")
    MIDDLE = "middle", _("Middle circle")
    OUTER = "outer", _("Outer circle")


class NetworkMember(FamilyRecord):
    """Someone who knows the harm, the worries and the goals, and has agreed to help."""

    name = models.CharField(max_length=200)
    relationship = models.CharField(
        max_length=100, help_text=_("To the family, e.g. “aunt”, “neighbour”, “teacher”.")
    )
    kind = models.CharField(
        max_length=16,
        choices=MemberKind.choices,
        default=MemberKind.INFORMAL,
        help_text=_("Informal: family, friends, neighbours, faith or community members."),
    )
    circle = models.CharField(max_length=8, choices=Circle.choices, default=Circle.MIDDLE)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    agreed_to = models.TextField(_("what they have agreed to do"), blank=True)
    knows_the_worries = models.BooleanField(
        _("knows the harm, worries and goals"),
        default=False,
        help_text=_("Has heard the danger statements and goals."),
    )
    joined_on = models.DateField(default=date.today)
    left_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["circle", "name"]
        indexes = [models.Index(fields=["family", "left_on"], name="network_family_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


# --- The safety plan -------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded")


class SafetyPlan(FamilyRecord):
    """One version of the family's safety plan. Activating a version supersedes the active
    one, which stays readable."""

    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    warning_signs = models.TextField(
        blank=True, help_text=_("What tells everyone things are getting unsafe.")
    )
    if_a_rule_is_broken = models.TextField(_("what happens if a rule is broken"), blank=True)
    backup_plan = models.TextField(blank=True)
    monitoring = models.TextField(_("how the caseworker monitors it"), blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    caregivers_took_part = models.ManyToManyField(Caregiver, blank=True, related_name="+")
    children_took_part = models.ManyToManyField(
        Child, blank=True, related_name="+", help_text=_("Children 12 and older take part in their plan.")
    )
    network_took_part = models.ManyToManyField(NetworkMember, blank=True, related_name="+")
    activated_on = models.DateField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["family", "number"], name="plan_numbers_unique_per_family"),
            models.UniqueConstraint(
                fields=["family"], condition=Q(status="active"), name="one_active_plan_per_family"
            ),
        ]

    def __str__(self) -> str:
        return f"Safety plan v{self.number} ({self.get_status_display().lower()})"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class SafetyPlanRule(Versioned, FamilyWording):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="rules")
    rule = models.TextField(
        help_text=_("e.g. “When Daniel feels angry he leaves the room and calls Samuel.”")
    )
    how_it_holds = models.TextField(
        _("how they make sure it holds"), help_text=_("e.g. “Lucía checks in with Sofía every evening.”")
    )
    responsible = models.ManyToManyField(
        NetworkMember, related_name="+", verbose_name=_("network members who make sure it holds")
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The family's wording of how it holds (families.family_wording): the rule's is `family_wording`.
    how_it_holds_family_wording = models.TextField(_("how it holds, in the family's language"), blank=True)
    how_it_holds_family_wording_of = models.TextField(blank=True, editable=False)

    worded_fields = (
        WordedField("rule", _("Rule")),
        second_text("how_it_holds", _("How they make sure it holds")),
    )

    history = HistoricalRecords(m2m_fields=[responsible])

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.rule[:60]

    @property
    def original_wording(self) -> str:
        return self.rule


# --- Structured Decision Making ---------------------------------------------------------


class SafetyThreat(Translated):
    """One item of a safety-assessment instrument, loaded as data (the agency's licensed
    wording, or the demonstration list this product ships). `wording` is English; other
    languages are in `translations` (sop_casework.translated)."""

    instrument = models.CharField(max_length=100)
    code = models.CharField(max_length=20)
    wording = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="threat_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.wording}"


class OverrideStatus(models.TextChoices):
    NONE = "none", _("No override")
    PENDING = "pending", _("Waiting for the supervisor")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class SafetyAssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class SafetyDecision(models.TextChoices):
    SAFE = "safe", _("Safe")
    CONDITIONALLY_SAFE = "conditionally_safe", _("Conditionally safe")
    UNSAFE = "unsafe", _("Unsafe")


class SafetyAssessment(FamilyRecord):
    assessed_on = models.DateField(default=date.today)
    threats = models.ManyToManyField(
        SafetyThreat, blank=True, related_name="+", verbose_name=_("safety threats present")
    )
    # The decision in force (blank while a scored assessment is a draft): the tool's, or an
    # override once the supervisor approved it. Recorded by hand before the scored tool.
    decision = models.CharField(max_length=20, choices=SafetyDecision.choices, blank=True)
    placement_made = models.BooleanField(
        _("a child was placed to protect them"),
        default=False,
        help_text=_("Record the placement when the decision is unsafe."),
    )
    notes = models.TextField(blank=True)
    # The scored tool (safety_networks.sdm.safety). An assessment without an instrument was
    # recorded before it: its decision was picked by hand beside the threat checklist.
    instrument = models.ForeignKey(
        "SafetyInstrument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=SafetyAssessmentStatus.choices, default=SafetyAssessmentStatus.SUBMITTED
    )
    scored_decision = models.CharField(
        _("decision from the tool"), max_length=20, choices=SafetyDecision.choices, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    override_decision = models.CharField(
        _("decision you think is right"), max_length=20, choices=SafetyDecision.choices, blank=True
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

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[threats])

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["family", "-assessed_on"], name="safety_assessment_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(override_decision="") | ~Q(override_reason=""),
                name="safety_override_needs_a_reason",
                violation_error_message=_("An override needs a reason."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.assessed_on}"

    @property
    def is_scored(self) -> bool:
        """Made with the scored tool (not recorded by hand before it)."""
        return self.instrument_id is not None

    @property
    def is_draft(self) -> bool:
        return self.status == SafetyAssessmentStatus.DRAFT


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class RiskKind(models.TextChoices):
    ASSESSMENT = "risk_assessment", _("Risk assessment")
    REASSESSMENT = "risk_reassessment", _("Risk reassessment")


class RiskAssessment(FamilyRecord):
    assessed_on = models.DateField(default=date.today)
    scored_level = models.CharField(_("level from the tool"), max_length=12, choices=RiskLevel.choices)
    override_level = models.CharField(max_length=12, choices=RiskLevel.choices, blank=True)
    override_reason = models.TextField(blank=True)
    override_status = models.CharField(
        max_length=12, choices=OverrideStatus.choices, default=OverrideStatus.NONE
    )
    override_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_decided_at = models.DateTimeField(null=True, blank=True)
    override_decision_comment = models.TextField(_("supervisor's comment"), blank=True)
    notes = models.TextField(blank=True)
    # Scored with a loaded instrument (safety_networks.risk_models; none: recorded before the
    # scored tool, its level typed in). `scored_level` is then the tool's level after the
    # policy overrides; each answer and index total is kept for the next reassessment.
    instrument = models.ForeignKey(
        "RiskInstrument", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    kind = models.CharField(max_length=20, choices=RiskKind.choices, default=RiskKind.ASSESSMENT)
    answers = models.JSONField(default=dict, blank=True)
    index_scores = models.JSONField(default=dict, blank=True)
    index_level = models.CharField(
        _("level from the indices"), max_length=12, choices=RiskLevel.choices, blank=True
    )
    policy_overrides = models.JSONField(default=list, blank=True)
    compared_with = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["family", "-assessed_on"], name="risk_assessment_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(override_level="") | ~Q(override_reason=""),
                name="override_needs_a_reason",
                violation_error_message=_("An override needs a reason."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} on {self.assessed_on}"

    @property
    def level(self) -> str:
        """The level in force: an override once the supervisor approved it, else the tool's."""
        if self.override_level and self.override_status == OverrideStatus.APPROVED:
            return self.override_level
        return self.scored_level

    def get_level_display(self) -> str:
        return RiskLevel(self.level).label


# --- The child's voice -----------------------------------------------------------------


class ThreeHouses(FamilyRecord):
    """The child's own view, in the child's own words."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(_("date"), default=date.today)
    house_of_worries = models.TextField(blank=True)
    house_of_good_things = models.TextField(blank=True)
    house_of_hopes_and_dreams = models.TextField(_("house of hopes and dreams"), blank=True)
    sat_with = models.CharField(_("who sat with the child"), max_length=200)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name_plural = _("Three Houses")

    def __str__(self) -> str:
        return f"Three Houses with {self.child} on {self.recorded_on}"


class SafetyPlanSignature(Signature):
    """Who signed a version of the safety plan (or refused), with the signed copy
    (documents.signatures says why this model lives here)."""

    record = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="signatures")

    SIGNED_COPY_KIND = FileKind.SIGNED_SAFETY_PLAN

    history = HistoricalRecords()

    class Meta(Signature.Meta):
        verbose_name = _("safety plan signature")
        verbose_name_plural = _("safety plan signatures")
        constraints = signature_constraints("safety_plan_signature", "record")

    def __str__(self) -> str:
        return _("Signature of %(plan)s") % {"plan": self.record}


# The family strengths and needs assessment (its own module: safety_networks.fsna_models).
from .fsna_models import DomainRating, FsnaInstrument, StrengthsAndNeedsAssessment  # noqa: E402, F401

# The SDM reunification reassessment of a child in care (safety_networks.reunification_models).
from .reunification_models import ReunificationInstrument, ReunificationReassessment  # noqa: E402, F401

# The scored SDM risk tools (their own module: safety_networks.risk_models).
from .risk_models import RiskAssessmentDraft, RiskInstrument  # noqa: E402, F401

# The scored SDM safety assessment's instrument and answers (safety_networks.sdm).
from .sdm.safety_models import SafetyInstrument, SafetyInterventionAnswer, SafetyThreatAnswer  # noqa: E402, F401
