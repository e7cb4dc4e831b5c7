"""Case-plan steps may be in the family's own words (families.family_wording). Registered from
CasePlansConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.family_wording import WordingKind, register_wording_kind

from .models import CasePlanStep, PlanStatus


def _steps(family):
    return CasePlanStep.objects.filter(plan__family=family).select_related("plan")


def _current_steps(records):
    """The steps in the plans not superseded (the one in force, a draft being made)."""
    return (
        records.filter(withdrawn_at__isnull=True)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .order_by("-plan__number", "by_when", "id")
    )


def _plan_of(step) -> str:
    return _("%(plan)s · %(who)s") % {"plan": step.plan, "who": step.who}


def register() -> None:
    register_wording_kind(
        WordingKind(
            "case-plan-step",
            gettext_lazy("Steps of the case plan"),
            CasePlanStep,
            _steps,
            _current_steps,
            about=_plan_of,
            order=40,
        )
    )
