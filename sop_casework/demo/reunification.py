"""A demo reunification reassessment: for the first open family with a child in care and an
approved case plan with goals, the child's reassessment submitted last week on the
demonstration tool, some progress on each goal and family time mostly good, with the
recommendation the tool's rule gives."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from families.extensions import active_plan_goals
from families.models import Caregiver, Child, Family, FamilyStatus
from placements.selectors import family_time_summary
from safety_networks import reunification_services as services
from safety_networks.models import RiskAssessment
from safety_networks.reunification_models import ReassessmentStatus, ReunificationReassessment
from safety_networks.sdm import reunification


def seed_reunification(*, households: list[tuple[Family, list[Caregiver], list[Child]]], today: date) -> None:
    instrument = services.latest_instrument()
    if instrument is None:
        return
    definition = instrument.definition
    for family, _caregivers, _children in households:
        if family.status != FamilyStatus.OPEN:
            continue
        in_care = services.children_in_care(family)
        goals = active_plan_goals(family) if in_care else []
        risk = services.latest_risk_reassessment(family) or (
            RiskAssessment.objects.filter(family=family).order_by("-assessed_on", "-id").first()
        )
        if not goals or risk is None:
            continue
        child = in_care[0]
        safety = services.safety_for_child(family, child.pk)
        goal_ratings = {g.key: ("some" if n % 2 else "substantial") for n, g in enumerate(goals)}
        family_time = {item["code"]: "good" for item in definition["family_time_items"]}
        family_time[definition["family_time_items"][-1]["code"]] = "mixed"
        decision = safety.decision if safety else "conditionally_safe"
        found = reunification.result(
            definition,
            risk=risk.level,
            goal_ratings=goal_ratings,
            goal_keys=list(goal_ratings),
            family_time=family_time,
            safety=decision,
        )
        summary = [p for p in family_time_summary(family).plans if p.plan.child_id == child.pk]
        on = today - timedelta(days=7)
        ReunificationReassessment.objects.create(
            family=family, recorded_by=family.assigned_caseworker, child=child, instrument=instrument,
            assessed_on=on, status=ReassessmentStatus.SUBMITTED,
            submitted_at=timezone.make_aware(datetime.combine(on, time(15))),
            goals=[{"key": g.key, "kind": str(g.kind), "wording": g.wording} for g in goals],
            goal_ratings=goal_ratings, family_time_ratings=family_time,
            safety_answer="" if safety else decision,
            risk_assessment=risk, risk_level=risk.level, safety_assessment=safety, safety_decision=decision,
            family_time_planned=sum(p.planned for p in summary),
            family_time_held=sum(p.held for p in summary),
            progress=found.progress, family_time_quality=found.family_time,
            recommendation=found.recommendation,
            notes="Visits at the centre go well; the mother now calls the aunt when she feels overwhelmed.",
        )  # fmt: skip
        return
