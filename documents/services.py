"""Every write to the files of a case: upload, withdraw; and the audited opening of one.

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
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family
from families.services import require_open_record, supervises
from families.versioning import claim_version

from . import belongs_to as belongs_to_registry
from .models import CaseFile, FileKind
from .scanning import scan
from .sniffing import judge
from .storage import case_files_storage, clean_name, new_key, open_stream

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
