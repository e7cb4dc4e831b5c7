"""The files of a case: what a caseworker is handed or photographs (a signed case plan, a
court order, a school or doctor's report, a photo of the home) and uploads to the family.

A file is part of the family's record: reached only through the family's access rule, never
deleted (a wrong upload is withdrawn with a reason, and stays in storage and the audit trail),
and kept under a random storage key; the name it was uploaded with is only a label.

The next slice's signatures (who signed a case-plan version, with the signed copy) point at a
CaseFile with a foreign key (PROTECT): the signed copy is an upload like any other.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.models import Family
from families.versioning import Versioned


class FileKind(models.TextChoices):
    SIGNED_CASE_PLAN = "signed_case_plan", _("Signed case plan")
    SIGNED_SAFETY_PLAN = "signed_safety_plan", _("Signed safety plan")
    COURT = "court", _("Court order or report")
    SCHOOL = "school", _("School report")
    MEDICAL = "medical", _("Medical report")
    PSYCHOLOGICAL = "psychological", _("Psychological report")
    SERVICE_PROVIDER = "service_provider", _("Service provider's report")
    HOME_PHOTO = "home_photo", _("Photo of the home")
    OTHER = "other", _("Other")


class ScanStatus(models.TextChoices):
    NOT_SCANNED = "not_scanned", _("Not scanned")
    CLEAN = "clean", _("No virus found")


class CaseFile(Versioned):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="case_files")
    kind = models.CharField(_("kind"), max_length=24, choices=FileKind.choices)
    document_date = models.DateField(
        _("date"), help_text=_("The date on the document, or when the photo was taken.")
    )
    title = models.CharField(_("title"), max_length=200)
    # What it belongs to, besides the family: one of documents.belongs_to's kinds (a child; a
    # case-plan version, a meeting, registered by the apps above) and that record's id.
    belongs_to_kind = models.CharField(max_length=40, blank=True)
    belongs_to_id = models.PositiveBigIntegerField(null=True, blank=True)
    original_name = models.CharField(
        _("file name"), max_length=200, help_text=_("As it was uploaded, cleaned; only a label.")
    )
    storage_key = models.CharField(max_length=200, unique=True, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    scan_status = models.CharField(
        _("virus scan"), max_length=16, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED
    )
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "Only the assigned caseworker, their supervisor and program administrators may open it "
            "(e.g. a child's medical report). Others see that it exists."
        ),
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(_("why it is withdrawn"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            # A family's files, newest first: WHERE family_id = %s ORDER BY uploaded_at DESC
            models.Index(fields=["family", "-uploaded_at"], name="casefile_family_idx"),
            # Withdrawn files, for program administrators: WHERE withdrawn_at IS NOT NULL
            # ORDER BY withdrawn_at DESC (few rows: a partial index)
            models.Index(
                fields=["-withdrawn_at"],
                name="casefile_withdrawn_idx",
                condition=Q(withdrawn_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(belongs_to_kind="") & Q(belongs_to_id__isnull=True))
                | (~Q(belongs_to_kind="") & Q(belongs_to_id__isnull=False)),
                name="casefile_belongs_to_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="casefile_withdrawn_when_and_by_whom",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="casefile_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
