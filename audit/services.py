from uuid import UUID

from .context import current_origin
from .models import AuditAction, AuditEvent


def audit_family(*, actor, action: AuditAction, family, record=None) -> AuditEvent:
    """An event about a family's record (any object with public_id and case_number)."""
    return audit_record(
        actor=actor,
        action=action,
        family_public_id=family.public_id,
        case_number=family.case_number,
        record=record,
    )


def audit_record(
    *,
    actor,
    action: AuditAction,
    family_public_id: UUID | None = None,
    case_number: str = "",
    record=None,
    username: str = "",
    detail: str = "",
) -> AuditEvent:
    """Append one event: `actor` did `action` to `record` of the family. Call it from the view
    or service that does the thing, inside the same transaction as the change."""
    actor = actor if actor is not None and actor.is_authenticated else None
    origin = current_origin.get()
    return AuditEvent.objects.create(
        actor=actor,
        username=username or (actor.get_username() if actor else ""),
        action=action,
        family_public_id=family_public_id,
        case_number=case_number,
        record_type=record._meta.label if record is not None else "",
        record_id=str(record.pk) if record is not None else "",
        detail=detail[:300],
        path=origin.path if origin else "",
        ip_address=origin.ip_address if origin else None,
        user_agent=origin.user_agent if origin else "",
    )


def audit_search(*, actor, words: str, found: int, more: bool, status: str = "") -> AuditEvent:
    """A search for families: the words typed, and how many families it found (`more`: more
    than `found`, of which only `found` were shown)."""
    among = f" among {status} families" if status else ""
    count = f"more than {found}" if more else str(found)
    return audit_record(
        actor=actor, action=AuditAction.SEARCH, detail=f"“{words[:200]}”{among}: {count} found"
    )
