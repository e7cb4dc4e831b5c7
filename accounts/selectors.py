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
