from uuid import UUID

from .models import AuditAction, AuditEvent


def _client_ip(request) -> str | None:
    # REMOTE_ADDR is the peer; a trusted proxy's X-Forwarded-For is honoured in issue-4 work.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    request,
    action: AuditAction,
    family_public_id: UUID | None = None,
    record=None,
    username: str = "",
) -> AuditEvent:
    """Append one event for what `request.user` just did. Call it from the view or service
    that does the thing, in the same transaction."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        actor=actor,
        username=username or (actor.get_username() if actor else ""),
        action=action,
        family_public_id=family_public_id,
        record_type=record._meta.label if record is not None else "",
        record_id=str(record.pk) if record is not None else "",
        path=request.get_full_path()[:500],
        ip_address=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
