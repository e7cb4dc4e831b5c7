"""The files of a case: what a caseworker is handed or photographs (a signed case plan, a
court order, a school or doctor's report, a photo of the home) and uploads to the family.

A file is part of the family's record: reached only through the family's access rule, never
deleted (a wrong upload is withdrawn with a reason, and stays in storage and the audit trail),
and kept under a random storage key; the name it was uploaded with is only a label.

The next slice's signatures (who signed a case-plan version, with the signed copy) point at a
CaseFile with a foreign key (PROTECT): the signed copy is an upload like any other.

A Document is a PDF made from a family's records (a case plan, a safety plan, a meeting's
summary): the request and its outcome, who asked, when, its state (queued, rendering, ready,
failed with the reason), and the file's size and checksum. Which kinds there are, and how each
is made, the apps above say (documents.kinds); this app knows none of them.
"""

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.models import Family, default_document_language, document_languages
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


# --- Documents made from the family's records (PDFs) ----------------------------------


class DocumentState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be made")
    RENDERING = "rendering", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# The reasons documents.services.documents_sweep gives a document it stops. The sweep runs
# outside any request, so it stores them in English; Document.failure_reason_text shows them
# in the reader's language.
TOOK_TOO_LONG = gettext_noop("Making the document took too long and was stopped. Try again.")
WAITED_TOO_LONG = gettext_noop(
    "No task worker started making the document within %(minutes)d minutes, so it was stopped. "
    "Try again; if it happens again, tell your IT help desk that the task service may be stopped."
)
NOT_SENT = gettext_noop(
    "The task service could not be reached for %(minutes)d minutes, so the document was not made. "
    "Try again; if it happens again, tell your IT help desk."
)
_SWEEP_REASONS = [
    (reason, re.compile(re.escape(reason).replace(re.escape("%(minutes)d"), r"(?P<minutes>\d+)") + "$"))
    for reason in (TOOK_TOO_LONG, WAITED_TOO_LONG, NOT_SENT)
]


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    # One of documents.kinds' registered kinds ("case_plan", "safety_plan", "meeting_summary"):
    # no choices here, so that this app names none of the apps that register them.
    kind = models.CharField(max_length=24)
    source_id = models.PositiveBigIntegerField(help_text=_("The id of the plan or meeting it is made from."))
    title = models.CharField(max_length=200)  # in the document's language
    language = models.CharField(
        _("language"), max_length=10, choices=document_languages, default=default_document_language
    )
    state = models.CharField(max_length=12, choices=DocumentState.choices, default=DocumentState.QUEUED)
    failure_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        default=timezone.now,
        help_text=_("When it was last asked for: the request, or the latest “Try again”."),
    )
    sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When it was handed to the task service; empty while the service could not be reached."),
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)

    class Meta:
        # The table is the one case_plans made (the model moved here in documents 0002 with
        # SeparateDatabaseAndState): the rows, their ids and the audit events naming them stay
        # as they are, and web or task processes of the previous release, still running while
        # a deploy migrates, keep reading and writing the same table. Renaming it would break
        # them for the minutes of the deploy and buy nothing but a name.
        db_table = "case_plans_document"
        ordering = ["-requested_at", "-id"]
        indexes = [
            # The sweep of stuck renders: WHERE state = 'rendering' AND started_at < %s
            models.Index(fields=["state", "started_at"], name="document_state_idx"),
            # A family's documents: WHERE family_id = %s ORDER BY requested_at DESC
            models.Index(fields=["family", "-requested_at"], name="document_family_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display().lower()})"

    @property
    def failure_reason_text(self) -> str:
        """Why it failed, in the reader's language when the sweep gave the reason; an error
        from the render itself reads as it was raised."""
        for reason, pattern in _SWEEP_REASONS:
            found = pattern.match(self.failure_reason)
            if found:
                return gettext(reason) % {k: int(v) for k, v in found.groupdict().items()}
        return self.failure_reason

    @property
    def is_finished(self) -> bool:
        return self.state in (DocumentState.READY, DocumentState.FAILED)

    @property
    def waits_for_the_task_service(self) -> bool:
        """Asked for, but the task service could not be reached to take it (yet)."""
        return self.state == DocumentState.QUEUED and self.sent_at is None
