"""Reads of case plans: the plan with its goals, steps and the link between the two
frameworks. Queries: a fixed number, whatever the number of goals."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from protective_factors.models import WellBeingGoal
from safety_networks.models import SafetyGoal
from safety_networks.statements import danger_sentence, goal_sentence

from .models import CasePlan, CasePlanStep


@dataclass
class LinkRow:
    """One safety goal, its danger statement, the factors it builds, and the plan's
    well-being goals for those factors."""

    danger: str
    goal: str
    safety_goal: SafetyGoal
    factors: list
    well_being_goals: list
    steps: list = field(default_factory=list)


def case_plan_detail(plan: CasePlan) -> dict:
    plan = (
        CasePlan.objects.select_related("decided_by", "recorded_by")
        .prefetch_related(
            Prefetch(
                "safety_goals",
                queryset=SafetyGoal.objects.select_related("danger_statement").prefetch_related(
                    "protective_factors", "danger_statement__children"
                ),
            ),
            Prefetch(
                "well_being_goals",
                queryset=WellBeingGoal.objects.select_related("factor", "caregiver", "child"),
            ),
            Prefetch("steps", queryset=CasePlanStep.objects.order_by("by_when", "id")),
        )
        .get(pk=plan.pk)
    )
    well_being = list(plan.well_being_goals.all())
    steps = list(plan.steps.all())
    rows = []
    for goal in plan.safety_goals.all():
        factors = list(goal.protective_factors.all())
        danger = goal.danger_statement
        rows.append(
            LinkRow(
                danger=danger_sentence(
                    who_is_worried=danger.who_is_worried,
                    caregiver_behaviour=danger.caregiver_behaviour,
                    children=[c.called for c in danger.children.all()],
                    what_could_happen=danger.what_could_happen,
                ),
                goal=goal_sentence(
                    caregivers_will=goal.caregivers_will,
                    child_will_experience=goal.child_will_experience,
                    agency_needs_to_see=goal.agency_needs_to_see,
                    for_how_long=goal.for_how_long,
                ),
                safety_goal=goal,
                factors=factors,
                well_being_goals=[w for w in well_being if w.factor_id in {f.pk for f in factors}],
                steps=[s for s in steps if s.safety_goal_id == goal.pk],
            )
        )
    return {
        "plan": plan,
        "links": rows,
        "well_being": [(w, [s for s in steps if s.well_being_goal_id == w.pk]) for w in well_being],
        "draft": plan.status != "active",
    }


def family_case_plans(family) -> list[CasePlan]:
    return list(CasePlan.objects.filter(family=family).select_related("decided_by"))
