"""Case plans for the demo families: approved (in force), waiting for the supervisor, or
drafts, each with a step per safety goal and the family's well-being goals."""

import random
from datetime import date, timedelta

from django.utils import timezone

from case_plans.models import (
    CasePlan,
    CasePlanStep,
    PlanNeed,
    PlanSafetyGoal,
    PlanStatus,
    PlanWellBeingGoal,
)
from families.models import Caregiver, Child, Family
from protective_factors.models import WellBeingGoal
from safety_networks.fsna_models import DomainRating, FsnaStatus, StrengthsAndNeedsAssessment
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
    okafor_reyes = next((p for p in plans if p.family.display_name == "Okafor-Reyes"), None)
    if okafor_reyes is not None:
        seed_okafor_reyes_needs(okafor_reyes, steps=[s for s in steps if s.plan is okafor_reyes])


# How the Okafor-Reyes plan answers its strengths and needs assessment (DOMAIN.md's worked
# example; sop_casework/demo/strengths_and_needs.py rates it): (first name, domain) ->
# the well-being goal (its first words), "step" (the safety goal's step), or a reason set aside.
OKAFOR_REYES_ANSWERS = {
    ("Daniel", "domestic_relationships"): "step",
    ("Daniel", "resource_management"): "The family applies for rental assistance",
    ("Maria", "resource_management"): "The family applies for rental assistance",
    ("Daniel", "mental_health"): "Daniel joins a weekly fathers' group",
    ("Maria", "support_system"): (
        "Set aside: Lucía and Mrs. Chen are in the safety network now; the review looks at it again."
    ),
    ("Sofía", "emotional_behavioral"): (
        "Set aside: Sofía sees the school counsellor every week and her teacher tells the worker how she is."
    ),
    ("Maria", "parenting_skills"): "Daniel joins a weekly fathers' group",  # a strength the group builds on
}


def seed_okafor_reyes_needs(plan: CasePlan, *, steps: list[CasePlanStep]) -> None:
    """Daniel's "Relationships at home" (D) answered by the safety goal's step, money (C) for
    both parents by the rental-assistance goal, the rest by a goal or set aside with the
    reason, and Maria's parenting (A) linked to the fathers' group. The assessment is dated
    before the plan was submitted, as the plan read it."""
    assessment = (
        StrengthsAndNeedsAssessment.objects.filter(family=plan.family, status=FsnaStatus.SUBMITTED)
        .order_by("-assessed_on", "-id")
        .first()
    )
    if assessment is None:
        return
    if plan.submitted_at and assessment.submitted_at > plan.submitted_at:
        assessment.submitted_at = plan.submitted_at - timedelta(days=3)
        assessment.assessed_on = assessment.submitted_at.date()
        assessment.save(update_fields=["submitted_at", "assessed_on"])
    goals = list(WellBeingGoal.objects.filter(family=plan.family))
    links = []
    for rating in DomainRating.objects.filter(assessment=assessment).select_related("caregiver", "child"):
        answer = OKAFOR_REYES_ANSWERS.get((rating.person.first_name, rating.domain))
        if answer is None:
            continue
        link = PlanNeed(plan=plan, rating=rating, recorded_by=plan.recorded_by)
        if answer == "step":
            link.step = steps[0]
        elif answer.startswith("Set aside: "):
            link.set_aside_reason = answer.removeprefix("Set aside: ")
        else:
            link.well_being_goal = next(g for g in goals if g.goal.startswith(answer))
        links.append(link)
    PlanNeed.objects.bulk_create(links)
