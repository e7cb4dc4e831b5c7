from uuid import UUID

from django.db.models import Count, Max, QuerySet

from .models import AuditAction, AuditEvent


def who_opened_family(family_public_id: UUID) -> QuerySet:
    """Each person who has opened the family's pages: how often, and when last.

    Queries: 1 (uses audit_family_idx)."""
    return (
        AuditEvent.objects.filter(family_public_id=family_public_id, action=AuditAction.VIEW)
        .values("actor_id", "username")
        .annotate(views=Count("id"), last_viewed=Max("occurred_at"))
        .order_by("-last_viewed")
    )


def audit_events() -> QuerySet:
    """The trail for the audit search page, newest first, with each actor."""
    return AuditEvent.objects.select_related("actor")
