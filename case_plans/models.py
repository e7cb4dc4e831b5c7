"""Case plans (issue 8, to come) and the documents made from a family's records: PDFs
rendered by a Celery task, stored privately, served only through a permission-checked view.

A Document row is the request and its outcome: who asked, when, its state (queued,
rendering, ready, failed with the reason), and the file's size and checksum.
"""

import uuid

from django.conf import settings
from django.db import models

from families.models import Family


class DocumentKind(models.TextChoices):
    SAFETY_PLAN = "safety_plan", "Safety plan"
    MEETING_SUMMARY = "meeting_summary", "Meeting summary"


class DocumentState(models.TextChoices):
    QUEUED = "queued", "Waiting to be made"
    RENDERING = "rendering", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    source_id = models.PositiveBigIntegerField(help_text="The id of the plan or meeting it is made from.")
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=12, choices=DocumentState.choices, default=DocumentState.QUEUED)
    failure_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)

    class Meta:
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
    def is_finished(self) -> bool:
        return self.state in (DocumentState.READY, DocumentState.FAILED)
