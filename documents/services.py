"""Every write to the files of a case: upload, withdraw; and the audited opening of one. Then
the pipeline of generated documents (PDFs): request, render (in a Celery task), retry, sweep,
open (the second half of this module).

Nothing half-stored: the upload is judged (type from its content, size, virus scan) before a
byte is written to storage. The row and the stored object are then made in one step: inside
the transaction the row is inserted and audited first, the object written last; if writing
fails, the transaction rolls back and no row points at nothing; if the commit fails after the
object was written, the object is deleted again. (Were the service ever called inside a larger
transaction that later rolled back, the object would stay behind under its random key,
referenced by no row and reachable by no URL: harmless, and findable by listing keys that no
row names.)"""

import hashlib
import logging
from datetime import date, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from audit.models import AuditAction
from audit.services import audit_family
from families.models import document_languages
from families.services import require_open_record, supervises
from families.versioning import claim_version
from notifications.models import Kind
from notifications.services import notify

from . import belongs_to as belongs_to_registry
from . import kinds
from .models import NOT_SENT, TOOK_TOO_LONG, WAITED_TOO_LONG, CaseFile, Document, DocumentState, FileKind
from .rendering import html_to_pdf
from .scanning import scan
from .sniffing import judge
from .storage import (
    DOCUMENTS_PREFIX,
    case_files_storage,
    clean_name,
    is_legacy_document,
    legacy_documents_storage,
    new_key,
    open_stream,
)

logger = logging.getLogger(__name__)

WITHDRAW_FIELDS = ["withdrawn_reason"]


def may_open(user, case_file: CaseFile) -> bool:
    """Who may open a file of a family they can see: anyone, unless it is restricted; then
    only the assigned caseworker, the supervisor of their unit and program administrators.
    A withdrawn file is opened only by program administrators (who review withdrawals)."""
    family = case_file.family
    if case_file.is_withdrawn:
        return user.is_program_administrator
    if not case_file.restricted:
        return True
    return (
        user.is_program_administrator
        or (family.assigned_caseworker_id is not None and family.assigned_caseworker_id == user.pk)
        or supervises(user, family)
    )


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def case_file_upload(
    *,
    family,
    by,
    upload,
    kind: FileKind | str,
    document_date: date,
    title: str,
    belongs_to: tuple[str, int] | None = None,
    restricted: bool = False,
) -> CaseFile:
    """Keep `upload` (a Django UploadedFile) as a file of `family`. Raises ValidationError
    (keyed by field) for a file that may not be kept; then nothing is stored."""
    require_open_record(family)
    original_name = clean_name(upload.name or "")
    try:
        judged = judge(upload, claimed_name=original_name, claimed_type=upload.content_type or "")
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    try:
        scan_status = scan(upload)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    kind_key, record_id = belongs_to or ("", None)
    if belongs_to is not None:
        registered = belongs_to_registry.registry.get(kind_key)
        if registered is None or record_id not in dict(registered.choices(family)):
            raise ValidationError({"belongs_to": _("That is not a record of this family.")})
    case_file = CaseFile(
        family=family,
        kind=kind,
        document_date=document_date,
        title=title.strip(),
        belongs_to_kind=kind_key,
        belongs_to_id=record_id,
        original_name=original_name,
        storage_key=new_key(),
        content_type=judged.content_type,
        size=upload.size,
        sha256=_sha256(upload),
        scan_status=scan_status,
        restricted=restricted,
        uploaded_by=by,
    )
    case_file.full_clean()
    storage = case_files_storage()
    writing = False
    try:
        with transaction.atomic():
            case_file.save()
            audit_family(actor=by, action=AuditAction.CREATE, family=family, record=case_file)
            upload.seek(0)
            writing = True
            stored = storage.save(case_file.storage_key, upload)
            if stored != case_file.storage_key:  # the storage chose another name: never expected
                storage.delete(stored)
                raise RuntimeError(f"storage kept {case_file.storage_key} as {stored}")
    except Exception:
        if writing:
            # The write may have happened, wholly or in part, before the failure (or the
            # commit failed after it): remove whatever is under the key. Deleting a key that
            # was never written is not an error on either storage.
            logger.warning("Removing %s: its row was not kept", case_file.storage_key)
            try:
                storage.delete(case_file.storage_key)
            except Exception:  # the original failure is the one to report  # noqa: BLE001
                logger.exception("Could not remove %s, which no row names", case_file.storage_key)
        raise
    return case_file


@transaction.atomic
def case_file_withdraw(
    *, case_file: CaseFile, by, reason: str, expected_version: int | None = None
) -> CaseFile:
    """A wrong upload is withdrawn with a reason: it leaves the family's lists, and stays in
    storage, its history and the audit trail (program administrators see withdrawn files)."""
    require_open_record(case_file.family)
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": _("Say why it is withdrawn.")})
    claim_version(case_file, expected=expected_version, fields=WITHDRAW_FIELDS)
    if (
        case_file.is_withdrawn
        or CaseFile.objects.filter(pk=case_file.pk, withdrawn_at__isnull=False).exists()
    ):
        raise ValidationError(_("This file is already withdrawn."))
    case_file.withdrawn_at, case_file.withdrawn_by = timezone.now(), by
    case_file.withdrawn_reason = reason.strip()
    case_file.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "version"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=case_file.family, record=case_file)
    return case_file


def case_file_open(*, case_file: CaseFile, by):
    """The stored file, streamed, for `by` to download; the download is audited. Raises
    PermissionDenied when `by` may see that the file exists but not open it."""
    if not may_open(by, case_file):
        raise PermissionDenied(_("This file is restricted."))
    stream = open_stream(case_file.storage_key)
    audit_family(actor=by, action=AuditAction.EXPORT, family=case_file.family, record=case_file)
    return stream


# --- Documents made from the family's records (PDFs) ----------------------------------
# Every kind goes through here; documents.kinds says how each is made (registered by the app
# that owns the records).

# A render still "rendering" after this long died or hung (the task's hard limit is lower).
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# A request the task service could not take when it was made is sent again by the sweep once
# it is this old (younger ones are still being sent by the request itself).
RESEND_AFTER = timedelta(seconds=30)
# A request no worker has started within this long is failed with the reason, to try again.
NOT_STARTED_AFTER = timedelta(minutes=10)
RESEND_AT_MOST = 100  # per sweep

# What sending the render raises when Redis is down or unreachable (found with Redis stopped:
# tests/documents/test_broker_down.py): kombu turns the broker's connection errors into
# OperationalError; the result store, which a task keeping its result subscribes to as it is
# sent, raises RuntimeError("Retry limit exceeded while trying to reconnect to the Celery
# result store"). render_document keeps no result (the Document row is its result), so only
# the first is expected, but a send never turns into a server error either way.
TASK_SERVICE_DOWN = (OperationalError, RuntimeError)


def _send(document_id: int) -> bool:
    """Hand the render to the task service. If it can't be reached, the document stays
    queued and unsent: the page says so, the sweep sends it again, and "Try again" works."""
    from .tasks import render_document

    try:
        render_document.delay(document_id)
    except TASK_SERVICE_DOWN as error:
        logger.warning(
            "Document %s is waiting: the task service could not be reached (%s: %s)",
            document_id,
            type(error).__name__,
            str(error).strip(),
        )
        return False
    Document.objects.filter(pk=document_id, sent_at=None).update(sent_at=timezone.now())
    return True


def _queue(document: Document) -> None:
    """Send the render once the request's transaction has committed."""
    transaction.on_commit(lambda: _send(document.pk))


@transaction.atomic
def document_request(*, family, by, kind: str, source_id: int, language: str | None = None) -> Document:
    """Record the request and queue the render; answers at once. `kind` is one of
    documents.kinds' registered kinds. The document is made in `language` (default: the
    family's language for documents), whatever the language of the person asking; its title
    is kept in that language too."""
    if not kinds.is_kind(kind):
        raise ValidationError(_("There is nothing of that kind to print for this family."))
    spec = kinds.spec_of(kind)
    language = language or family.document_language
    if language not in dict(document_languages()):
        raise ValidationError({"language": _("Documents cannot be made in that language.")})
    try:
        with translation.override(language):
            title = spec.title(spec.context(family, source_id))
    except ObjectDoesNotExist as error:
        raise ValidationError(_("There is nothing of that kind to print for this family.")) from error
    document = Document.objects.create(
        family=family, kind=kind, source_id=source_id, title=title, language=language, requested_by=by
    )
    audit_family(actor=by, action=AuditAction.EXPORT, family=family, record=document)
    _queue(document)
    return document


def document_render(document_id: int) -> Document:
    """Make the PDF (called by the Celery task), in the document's language, and keep it on
    the case_files storage (the bucket when one is configured) under a random key. A failure
    marks the document failed with the reason, for the user to see and retry."""
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("family").get(pk=document_id)
        if document.is_finished:
            return document  # a late duplicate delivery: nothing to do
        document.state, document.started_at = DocumentState.RENDERING, timezone.now()
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "attempts"])
    try:
        spec = kinds.spec_of(document.kind)
        with translation.override(document.language):
            context = spec.context(document.family, document.source_id)
            html = render_to_string(
                spec.template,
                {
                    "family": document.family,
                    "document": document,
                    **kinds.facts_of(document.family),
                    **context,
                },
            )
        pdf = html_to_pdf(html)
        name = case_files_storage().save(new_key(DOCUMENTS_PREFIX), ContentFile(pdf))
    except SoftTimeLimitExceeded:  # the task's soft_time_limit: said in words, in the reader's language
        logger.warning("Rendering document %s took longer than the task may and was stopped", document_id)
        return _finish(document_id, state=DocumentState.FAILED, failure_reason=TOOK_TOO_LONG)
    except Exception as error:  # any failure is shown to the user as the document's reason  # noqa: BLE001
        logger.exception("Rendering document %s failed", document_id)
        return _finish(
            document_id, state=DocumentState.FAILED, failure_reason=f"{type(error).__name__}: {error}"
        )
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
        _tell_who_asked(document)
    return document


def _tell_who_asked(document: Document) -> None:
    """The person who asked hears that it is ready or failed (the bell)."""
    notify(
        recipients=[document.requested_by],
        kind=Kind.DOCUMENT_READY if document.state == DocumentState.READY else Kind.DOCUMENT_FAILED,
        family=document.family,
        link=reverse("documents:document", args=[document.family.public_id, document.public_id]),
    )


def _fail(documents, *, reason: str, now) -> int:
    """Mark `documents` failed with `reason` and tell each person who asked, as a render that
    fails does. Rows a render holds at this moment are left for the next sweep."""
    with transaction.atomic():
        failing = documents.select_for_update(skip_locked=True, of=("self",))
        failing = list(failing.select_related("family", "requested_by"))
        Document.objects.filter(pk__in=[document.pk for document in failing]).update(
            state=DocumentState.FAILED, failure_reason=reason, finished_at=now
        )
        for document in failing:
            document.state = DocumentState.FAILED
            _tell_who_asked(document)
    return len(failing)


@transaction.atomic
def document_retry(*, document: Document, by) -> Document:
    """Make a failed document again, or send again one the task service could not take."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not (document.state == DocumentState.FAILED or document.waits_for_the_task_service):
        raise ValidationError(_("Only a document that failed or could not be sent is made again."))
    document.state, document.failure_reason = DocumentState.QUEUED, ""
    document.queued_at, document.sent_at = timezone.now(), None
    document.save(update_fields=["state", "failure_reason", "queued_at", "sent_at"])
    audit_family(actor=by, action=AuditAction.EXPORT, family=document.family, record=document)
    _queue(document)
    return document


def documents_sweep(*, now=None, resend: bool = False) -> int:
    """No document waits for ever: renders that died or hung, and requests no worker started
    within NOT_STARTED_AFTER, are marked failed with a reason the user can act on (Try again).
    With `resend` (the periodic task, which runs only while the task service is up), requests
    the task service could not take are sent again. Returns how many documents it dealt with."""
    now = now or timezone.now()
    minutes = int(NOT_STARTED_AFTER.total_seconds() // 60)
    stuck = Document.objects.filter(state=DocumentState.RENDERING, started_at__lt=now - STUCK_AFTER)
    dealt_with = _fail(stuck, reason=TOOK_TOO_LONG, now=now)
    waited = Document.objects.filter(state=DocumentState.QUEUED, queued_at__lt=now - NOT_STARTED_AFTER)
    dealt_with += _fail(waited.filter(sent_at=None), reason=NOT_SENT % {"minutes": minutes}, now=now)
    dealt_with += _fail(waited, reason=WAITED_TOO_LONG % {"minutes": minutes}, now=now)
    if resend:
        unsent = Document.objects.filter(
            state=DocumentState.QUEUED, sent_at=None, queued_at__lt=now - RESEND_AFTER
        ).order_by("queued_at")
        for document_id in unsent.values_list("pk", flat=True)[:RESEND_AT_MOST]:
            if not _send(document_id):
                break  # still down: the next sweep tries again
            dealt_with += 1
    return dealt_with


def document_open(*, document: Document, by):
    """The stored PDF, streamed (documents.storage.open_stream), for the download view; the
    download is audited. A PDF made by a version before documents kept them on the case_files
    storage is read from the web server's disk, where that version put it."""
    audit_family(actor=by, action=AuditAction.EXPORT, family=document.family, record=document)
    if is_legacy_document(document.file_name):
        return legacy_documents_storage().open(document.file_name, "rb")
    return open_stream(document.file_name)
