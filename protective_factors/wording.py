"""Well-being goals may be in the family's own words (families.family_wording). Registered
from ProtectiveFactorsConfig.ready()."""

from django.utils.translation import gettext_lazy

from families.family_wording import WordingKind, register_wording_kind

from .models import GoalStatus, WellBeingGoal


def _goals(family):
    return WellBeingGoal.objects.filter(family=family).select_related("factor")


def _open(records):
    return records.filter(status=GoalStatus.OPEN).order_by("factor__position", "id")


def _factor_of(goal) -> str:
    return goal.factor.label


def register() -> None:
    register_wording_kind(
        WordingKind(
            "well-being-goal",
            gettext_lazy("Well-being goals"),
            WellBeingGoal,
            _goals,
            _open,
            about=_factor_of,
            order=50,
        )
    )
