"""The texts of the safety work a family may have in its own words (families.family_wording):
danger statements, safety goals and the rules of the safety plan. Registered from
SafetyNetworksConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.family_wording import WordingKind, register_wording_kind

from .models import DangerStatement, EntryStatus, PlanStatus, SafetyGoal, SafetyPlanRule


def _dangers(family):
    return DangerStatement.objects.filter(family=family).prefetch_related("children")


def _goals(family):
    return SafetyGoal.objects.filter(family=family)


def _active_dangers(records):
    return records.filter(status=EntryStatus.ACTIVE).order_by("noted_on", "id")


def _active_goals(records):
    return records.filter(status=EntryStatus.ACTIVE).order_by("danger_statement__noted_on", "id")


def _rules(family):
    return SafetyPlanRule.objects.filter(plan__family=family).select_related("plan")


def _current_rules(records):
    """The rules of the plan in force and of a draft being made: not those superseded."""
    return records.exclude(plan__status=PlanStatus.SUPERSEDED).order_by("-plan__number", "position", "id")


def _plan_of(rule) -> str:
    return _("Safety plan, version %(number)s (%(status)s)") % {
        "number": rule.plan.number,
        "status": rule.plan.get_status_display().lower(),
    }


def register() -> None:
    register_wording_kind(
        WordingKind(
            "danger-statement",
            gettext_lazy("Danger statements"),
            DangerStatement,
            _dangers,
            _active_dangers,
            order=10,
        )
    )
    register_wording_kind(
        WordingKind("safety-goal", gettext_lazy("Safety goals"), SafetyGoal, _goals, _active_goals, order=20)
    )
    register_wording_kind(
        WordingKind(
            "safety-plan-rule",
            gettext_lazy("Rules of the safety plan"),
            SafetyPlanRule,
            _rules,
            _current_rules,
            about=_plan_of,
            order=30,
        )
    )
