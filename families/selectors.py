"""Reads of the case record, each with the joins its page needs (no query per row)."""

from django.db.models import Count, Q

from accounts.models import Role, User

from .models import Family, FamilyStatus


def caseload_for_worker(user, *, status: str | None = None):
    """My caseload: the families assigned to `user`, with the counts the list shows.

    Queries: 1 (families with annotated counts)."""
    families = (
        Family.objects.visible_to(user)
        .filter(assigned_caseworker=user)
        .annotate(children_count=Count("children", distinct=True))
        .order_by("display_name", "case_number")
    )
    if status:
        families = families.filter(status=status)
    return families


def family_overview(family: Family) -> dict:
    """What the family overview shows beyond the family row itself.

    Queries: 4 (caregivers; their links to children; those children; children)."""
    caregivers = family.caregivers.prefetch_related("child_links__child")
    return {"caregivers": list(caregivers), "children": list(family.children.all())}


def unit_caseworkers(unit):
    """Unit review: each caseworker of `unit` with family counts by status.

    Queries: 1."""
    return (
        User.objects.filter(unit=unit, role=Role.CASEWORKER, is_active=True)
        .annotate(
            referral_count=Count(
                "assigned_families", filter=Q(assigned_families__status=FamilyStatus.REFERRAL)
            ),
            open_count=Count("assigned_families", filter=Q(assigned_families__status=FamilyStatus.OPEN)),
        )
        .order_by("last_name", "first_name")
    )
