"""The court: hearings, the orders made at them, and the court report written before each.
Nothing here is deleted: a hearing entered by mistake is withdrawn with a reason, an order
that no longer holds is ended, and a final report is superseded by a newer one, never
changed or erased."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.models import Child, Family
from families.versioning import Versioned

# The court report is due this many days before its hearing (supervision's rule
# "court_report"): day -10 is on time, day -9 is late.
REPORT_DUE_DAYS_BEFORE = 10


class HearingKind(models.TextChoices):
    DETENTION = "detention", _("Detention")
    JURISDICTION = "jurisdiction", _("Jurisdiction")
    DISPOSITION = "disposition", _("Disposition")
    SIX_MONTH_REVIEW = "six_month_review", _("Six-month review")
    TWELVE_MONTH_REVIEW = "twelve_month_review", _("Twelve-month review")
    PERMANENCY = "permanency", _("Permanency")
    TERMINATION = "termination", _("Termination of parental rights")
    OTHER = "other", _("Other")


class Hearing(Versioned):
    """A hearing of the family's case in court: its kind, its date, which children it is
    about and, once held, its outcome."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of hearing"), max_length=24, choices=HearingKind.choices)
    kind_other = models.CharField(
        _("what kind, if other"), max_length=200, blank=True, help_text=_("e.g. “Progress report”")
    )
    hearing_on = models.DateField(_("date of the hearing"))
    children = models.ManyToManyField(Child, related_name="+", verbose_name=_("children it is about"))
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("What the court decided. Only once the hearing was held.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(_("why it is withdrawn"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[children])

    class Meta:
        ordering = ["hearing_on", "id"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(kind_other=""),
                name="hearing_other_says_what",
                violation_error_message=_("Say what kind of hearing it is."),
            )
        ]
        indexes = [
            # The caseload's next hearing and supervision's rule: WHERE family_id = %s AND
            # withdrawn_at IS NULL AND hearing_on >= %s ORDER BY hearing_on
            models.Index(
                fields=["family", "hearing_on"], condition=Q(withdrawn_at__isnull=True), name="hearing_next"
            )
        ]

    def __str__(self) -> str:
        return _("%(kind)s hearing, %(day)s") % {"kind": self.kind_label, "day": self.hearing_on}

    @property
    def kind_label(self) -> str:
        return self.kind_other if self.kind == HearingKind.OTHER else self.get_kind_display()

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class OrderKind(models.TextChoices):
    """Kinds of court order other apps may read (court.selectors.orders_in_force)."""

    NO_CONTACT = "no_contact", _("No contact")
    REUNIFICATION_SERVICES = "reunification_services", _("Family reunification services")
    ADDRESS_KEPT_FROM_PARENTS = "address_kept_from_parents", _("Address kept from the parents")
    SUPERVISED_VISITS = "supervised_visits", _("Supervised family time")
    PLACEMENT = "placement", _("Placement")
    OTHER = "other", _("Other")


class CourtOrder(Versioned):
    """An order made at a hearing, in force until the court ends it (`ended_on`)."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="orders")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of order"), max_length=32, choices=OrderKind.choices)
    text = models.TextField(_("the order"), help_text=_("e.g. “No contact between Daniel and Sofía”"))
    # The children the order is about; none: every child of the family. An order keeping an
    # address from the parents covers every placement of these children (the one source of
    # that rule: placements.models.PlacementQuerySet.with_court_order reads it).
    children = models.ManyToManyField(
        Child,
        blank=True,
        related_name="+",
        verbose_name=_("children it is about"),
        help_text=_("Leave all unticked when the order is about every child of the family."),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["id"]
        verbose_name = _("court order")
        verbose_name_plural = _("court orders")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the supervisor")
    RETURNED = "returned", _("Returned for changes")
    FINAL = "final", _("Final")
    SUPERSEDED = "superseded", _("Superseded")


# The sections the caseworker writes; the rest of the report is drafted from the record.
NARRATIVE_FIELDS = ["summary", "assessment", "recommendation"]


class CourtReport(Versioned):
    """One version of the court report for a hearing. The supervisor approves it, and it is
    then final: it never changes again. A new draft for the same hearing supersedes it once
    approved in its turn."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="reports")
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(
        _("summary for the court"),
        blank=True,
        help_text=_("Why the family is before the court, and since when."),
    )
    assessment = models.TextField(
        _("the caseworker's assessment"),
        blank=True,
        help_text=_("What has changed since the last hearing, in behaviour, not attendance."),
    )
    recommendation = models.TextField(
        _("recommendation"), blank=True, help_text=_("What the agency asks the court to order.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    # The PDF made when the report became final: the copy the court gets, never made again.
    final_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-number"]
        verbose_name = _("court report")
        verbose_name_plural = _("court reports")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "number"], name="court_report_number_unique"),
            models.UniqueConstraint(
                fields=["hearing"], condition=Q(status="final"), name="one_final_court_report"
            ),
            models.UniqueConstraint(
                fields=["hearing"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="one_open_court_report",
            ),
        ]
        indexes = [
            # supervision's rule: WHERE hearing_id = %s AND status = 'final'
            models.Index(fields=["hearing", "status"], name="court_report_hearing_status"),
        ]

    def __str__(self) -> str:
        return _("Court report, version %(number)s (%(status)s)") % {
            "number": self.number,
            "status": self.get_status_display().lower(),
        }

    @property
    def can_change(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
