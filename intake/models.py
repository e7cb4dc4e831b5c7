"""The front door (DOMAIN.md, "Intake, screening and findings"): a referral says who reported
what about which child; a supervisor screens it in (with a response time) or out; the
investigation ends with a finding per allegation.

The reporter's identity (name and how to reach them) is kept apart, in Reporter, and read
only through intake.access.reporter_shown, which checks who may see it and audits each
showing. Nothing else selects it: no list, panel, document or export joins it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from families.models import Caregiver, Child, Family, ResponsePriority
from families.versioning import Versioned


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone (hotline)")
    ONLINE = "online", _("Online report")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement cross-report")
    WALK_IN = "walk_in", _("Walk-in")
    OTHER = "other", pgettext_lazy("how a referral came", "Other")


class ReporterType(models.TextChoices):
    SCHOOL = "school", _("School")
    MEDICAL = "medical", _("Medical")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    RELATIVE = "relative", _("Relative")
    NEIGHBOUR = "neighbour", _("Neighbour")
    ANONYMOUS = "anonymous", _("Anonymous")
    OTHER = "other", pgettext_lazy("reporter type", "Other")


class ScreeningDecision(models.TextChoices):
    SCREENED_IN = "screened_in", _("Screened in")
    SCREENED_OUT = "screened_out", _("Screened out")


class AllegationType(models.TextChoices):
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    EMOTIONAL_ABUSE = "emotional_abuse", _("Emotional abuse")
    GENERAL_NEGLECT = "general_neglect", _("General neglect")
    SEVERE_NEGLECT = "severe_neglect", _("Severe neglect")
    EXPLOITATION = "exploitation", _("Exploitation")
    CARETAKER_ABSENCE = "caretaker_absence", _("Caretaker absence or incapacity")
    AT_RISK_SIBLING = "at_risk_sibling", _("At risk, sibling abused")


class Finding(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")
    UNFOUNDED = "unfounded", _("Unfounded")


class Referral(Versioned):
    """A report to the hotline about a family. Its screening is recorded on it (and kept in
    its history when corrected)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("received"))
    channel = models.CharField(_("how it came"), max_length=20, choices=Channel.choices)
    reporter_type = models.CharField(_("reporter"), max_length=20, choices=ReporterType.choices)
    reporter_mandated = models.BooleanField(
        _("mandated reporter"),
        default=False,
        help_text=_("Teachers, doctors, police and others the law obliges."),
    )
    what_was_reported = models.TextField(_("what was reported"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    screening = models.CharField(
        _("screening decision"), max_length=16, choices=ScreeningDecision.choices, blank=True
    )
    response_time = models.CharField(
        _("response time"), max_length=16, choices=ResponsePriority.choices, blank=True
    )
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screen_out_reason = models.TextField(_("why it is screened out"), blank=True)
    community_services = models.BooleanField(_("referred to community services"), default=False)
    community_services_to = models.CharField(_("referred to"), max_length=200, blank=True)

    findings_on = models.DateField(_("findings date"), null=True, blank=True)
    findings_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The family's referrals, newest first: WHERE family_id = %s ORDER BY received_at DESC
            models.Index(fields=["family", "-received_at"], name="referral_family_idx"),
            # Waiting for screening: WHERE screening = '' AND family_id IN (...) ORDER BY received_at
            models.Index(fields=["screening", "received_at"], name="referral_screening_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(screening="screened_in") | (~Q(response_time="") & Q(screened_on__isnull=False)),
                name="screened_in_has_response_time",
                violation_error_message=_("A referral screened in needs a response time and a date."),
            ),
            models.CheckConstraint(
                condition=~Q(screening="screened_out")
                | (~Q(screen_out_reason="") & Q(screened_on__isnull=False)),
                name="screened_out_has_reason",
                violation_error_message=_("A referral screened out needs a reason and a date."),
            ),
            models.CheckConstraint(
                condition=Q(findings_on__isnull=True) | Q(screening="screened_in"),
                name="findings_only_when_screened_in",
                violation_error_message=_("Findings are recorded only for a referral screened in."),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.received_at:%Y-%m-%d}"

    @property
    def is_screened_in(self) -> bool:
        return self.screening == ScreeningDecision.SCREENED_IN

    @property
    def is_screened_out(self) -> bool:
        return self.screening == ScreeningDecision.SCREENED_OUT


class Reporter(models.Model):
    """Who reported: confidential by law. Read only through intake.access.reporter_shown.
    An anonymous report has no Reporter row."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("reporter's name"), max_length=200)
    contact = models.TextField(_("how to reach the reporter"), blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reporter of referral {self.referral_id}"  # never the name: str() lands in logs


class Allegation(Versioned):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="allegations")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+", verbose_name=_("child"))
    alleged_caregiver = models.ForeignKey(
        Caregiver,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alleged person responsible"),
    )
    alleged_other = models.CharField(
        _("or someone outside the household"),
        max_length=200,
        blank=True,
        help_text=_("Their name, when the alleged person responsible is not one of the family's caregivers."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=AllegationType.choices)
    what_was_reported = models.TextField(_("what was reported"), blank=True)

    finding = models.CharField(_("finding"), max_length=16, choices=Finding.choices, blank=True)
    found_on = models.DateField(_("finding date"), null=True, blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("allegation")
        verbose_name_plural = _("allegations")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(alleged_caregiver__isnull=False) & Q(alleged_other=""))
                | (Q(alleged_caregiver__isnull=True) & ~Q(alleged_other="")),
                name="allegation_names_one_person_responsible",
                violation_error_message=_(
                    "Name the alleged person responsible: a caregiver, or someone outside the household."
                ),
            ),
            models.CheckConstraint(
                condition=Q(finding="") | (Q(found_on__isnull=False) & Q(found_by__isnull=False)),
                name="finding_has_date_and_who",
                violation_error_message=_("A finding needs its date and who decided."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"

    @property
    def alleged_person(self) -> str:
        return self.alleged_caregiver.full_name if self.alleged_caregiver_id else self.alleged_other
