from django.db.models import Count, Prefetch, Q

from .models import Role, Unit, User


def units_with_staff():
    """The Staff page: every unit with its active members, supervisor first.

    Queries: 2 (units with counts; their members)."""
    members = User.objects.filter(is_active=True).order_by("-role", "last_name", "first_name")
    return Unit.objects.annotate(
        caseworker_count=Count("members", filter=Q(members__role=Role.CASEWORKER, members__is_active=True))
    ).prefetch_related(Prefetch("members", queryset=members, to_attr="active_members"))


def program_administrators():
    return User.objects.filter(role=Role.PROGRAM_ADMINISTRATOR, is_active=True)


def supervisor_of_unit(unit_id: int | None) -> User | None:
    """The supervisor of a unit (a unit has one at most): who approves its caseworkers' case
    plans, risk-level overrides and closures. Queries: 1 (none without a unit)."""
    if unit_id is None:
        return None
    return User.objects.filter(role=Role.SUPERVISOR, unit_id=unit_id, is_active=True).first()


def unit_and_supervisor(user) -> tuple[Unit | None, User | None]:
    """A caseworker's unit and its supervisor, read in one query: the user's own row again
    (with the unit, which the navigation shows) and the supervisor's row. Queries: 1 (none
    without a unit)."""
    if user.unit_id is None:
        return None, None
    rows = User.objects.filter(
        Q(pk=user.pk) | Q(role=Role.SUPERVISOR, unit_id=user.unit_id, is_active=True)
    ).select_related("unit")
    unit, supervisor = None, None
    for row in rows:
        if row.pk == user.pk:
            unit = row.unit
        if row.role == Role.SUPERVISOR:
            supervisor = row
    return unit, supervisor
