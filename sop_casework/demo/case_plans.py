"""Case plans for the demo families: approved (in force), waiting for the supervisor, or
drafts, each with a step per safety goal and the family's well-being goals."""

import random
from datetime import date, timedelta

from django.utils import timezone

from case_plans.models import CasePlan, CasePlanStep, PlanSafetyGoal, PlanStatus, PlanWellBeingGoal
from families.models import Caregiver, Child, Family
from protective_factors.models import WellBeingGoal
from safety_networks.models import SafetyGoal


def seed_case_plans(
    *,
    households: list[tuple[Family, list[Caregiver], list[Child]]],
    agency,
    rng: random.Random,
    today: date,
):
    by_family = {family.pk: family for family, _, _ in households if not family.closed_on}
    safety: dict[int, list[SafetyGoal]] = {}
    for goal in SafetyGoal.objects.filter(family_id__in=by_family, status="active"):
        safety.setdefault(goal.family_id, []).append(goal)
    wellbeing: dict[int, list[WellBeingGoal]] = {}
    for goal in WellBeingGoal.objects.filter(family_id__in=by_family):
        wellbeing.setdefault(goal.family_id, []).append(goal)
    plans, steps = [], []
    for family_id, goals in safety.items():
        family = by_family[family_id]
        status = rng.choices(
            [PlanStatus.ACTIVE, PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.DRAFT, None],
            weights=[55, 12, 4, 9, 20],
        )[0]
        if family.display_name == "Okafor-Reyes":
            status = PlanStatus.ACTIVE
        if status is None:
            continue
        worker = family.assigned_caseworker
        supervisor = agency.supervisor_of(worker)
        decided = status in (PlanStatus.ACTIVE, PlanStatus.RETURNED) and supervisor is not None
        review_on = today + timedelta(days=rng.randint(30, 170))
        # approved about six months before the review date it set; waiting ones asked lately
        decided_at = (
            timezone.now() - timedelta(days=max(1, 180 - (review_on - today).days)) if decided else None
        )
        plan = CasePlan(
            family=family,
            number=1,
            status=status,
            recorded_by=worker,
            services="Parenting group on Thursdays; housing advocate.",
            visit_frequency="every week, at home",
            review_on=review_on,
            submitted_at=None
            if status == PlanStatus.DRAFT
            else (decided_at or timezone.now()) - timedelta(days=rng.randint(0, 12), hours=rng.randint(1, 8)),
            decided_by=supervisor if decided else None,
            decided_at=decided_at,
            decision_comment="Add how the network will show the rule held, in the family's words."
            if status == PlanStatus.RETURNED
            else "",
        )
        plan._goals = (goals, wellbeing.get(family_id, []))
        plans.append(plan)
        for goal in goals:
            steps.append(
                CasePlanStep(
                    plan=plan,
                    safety_goal=goal,
                    what="Use the safety plan's rule every time",
                    who=family.display_name.split("-")[0] + " family",
                    by_when=today + timedelta(days=60),
                    progress_shown_by="The network reports each week that the rule held",
                )
            )
    CasePlan.objects.bulk_create(plans, batch_size=2000)
    CasePlanStep.objects.bulk_create(steps, batch_size=5000)
    PlanSafetyGoal.objects.bulk_create(
        [
            PlanSafetyGoal(plan=p, safety_goal=g, position=i)
            for p in plans
            for i, g in enumerate(p._goals[0], 1)
        ],
        batch_size=5000,
    )
    PlanWellBeingGoal.objects.bulk_create(
        [
            PlanWellBeingGoal(plan=p, well_being_goal=g, position=i)
            for p in plans
            for i, g in enumerate(p._goals[1], 1)
        ],
        batch_size=5000,
    )
