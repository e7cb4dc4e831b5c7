"""The document pipeline: request (recorded at once), render (in a Celery task), retry,
sweep. Every kind of document goes through here (case_plans.documents says how each is
made)."""

import hashlib
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError

from audit.models import AuditAction
from audit.services import audit_family

from .documents import SPECS
from .models import Document, DocumentKind, DocumentState
from .rendering import html_to_pdf

logger = logging.getLogger(__name__)

# A render still "rendering" after this long died or hung (the task's hard limit is lower).
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def document_storage() -> FileSystemStorage:
    """Private storage: under MEDIA_ROOT/documents, never served by a URL of its own."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "documents")


def _queue(document: Document) -> None:
    """Queue the render once the request's transaction has committed. If the broker is down,
    the request stays recorded as queued; the sweep (or a retry) sends it again."""
    from .tasks import render_document

    def send():
        try:
            render_document.delay(document.pk)
        except OperationalError:
            logger.warning("Document %s is queued but the task broker is unreachable", document.pk)

    transaction.on_commit(send)


@transaction.atomic
def document_request(*, family, by, kind: DocumentKind, source_id: int) -> Document:
    """Record the request and queue the render; answers at once."""
    spec = SPECS[kind]
    try:
        title = spec.title(spec.context(family, source_id))
    except ObjectDoesNotExist as error:
        raise ValidationError("There is nothing of that kind to print for this family.") from error
    document = Document.objects.create(
        family=family, kind=kind, source_id=source_id, title=title, requested_by=by
    )
    audit_family(actor=by, action=AuditAction.EXPORT, family=family, record=document)
    _queue(document)
    return document


def document_render(document_id: int) -> Document:
    """Make the PDF (called by the Celery task). A failure marks the document failed with
    the reason, for the user to see and retry."""
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("family").get(pk=document_id)
        if document.is_finished:
            return document  # a late duplicate delivery: nothing to do
        document.state, document.started_at = DocumentState.RENDERING, timezone.now()
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "attempts"])
    try:
        spec = SPECS[document.kind]
        context = spec.context(document.family, document.source_id)
        html = render_to_string(spec.template, {"family": document.family, "document": document, **context})
        pdf = html_to_pdf(html)
    except Exception as error:  # any failure is shown to the user as the document's reason  # noqa: BLE001
        logger.exception("Rendering document %s failed", document_id)
        return _finish(
            document_id, state=DocumentState.FAILED, failure_reason=f"{type(error).__name__}: {error}"
        )
    name = document_storage().save(f"{document.family.public_id}/{document.public_id}.pdf", ContentFile(pdf))
    return _finish(
        document_id,
        state=DocumentState.READY,
        file_name=name,
        size=len(pdf),
        checksum=hashlib.sha256(pdf).hexdigest(),
        failure_reason="",
    )


def _finish(document_id: int, **fields) -> Document:
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        for name, value in fields.items():
            setattr(document, name, value)
        document.finished_at = timezone.now()
        document.save()
    return document


@transaction.atomic
def document_retry(*, document: Document, by) -> Document:
    if document.state != DocumentState.FAILED:
        raise ValidationError("Only a failed document is made again.")
    document.state, document.failure_reason = DocumentState.QUEUED, ""
    document.save(update_fields=["state", "failure_reason"])
    audit_family(actor=by, action=AuditAction.EXPORT, family=document.family, record=document)
    _queue(document)
    return document


def documents_sweep(*, now=None) -> int:
    """Renders that died or hung are marked failed (with a reason the user can act on)."""
    now = now or timezone.now()
    return Document.objects.filter(state=DocumentState.RENDERING, started_at__lt=now - STUCK_AFTER).update(
        state=DocumentState.FAILED,
        failure_reason="Making the document took too long and was stopped. Try again.",
        finished_at=now,
    )


def document_open(*, document: Document, by):
    """The stored file, for the download view; the download is audited."""
    audit_family(actor=by, action=AuditAction.EXPORT, family=document.family, record=document)
    return document_storage().open(document.file_name, "rb")
