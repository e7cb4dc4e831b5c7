"""A child in care to reassess for reunification: placed with a relative, an approved case plan
with `goals` safety goals, a risk reassessment of the household, weekly family time with
`visits` visits held. Shared by the reunification tests and the walkers."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from case_plans.models import CasePlan, PlanSafetyGoal, PlanStatus
from placements.models import FamilyTimePlan, FamilyTimeVisit, Placement
from safety_networks.models import DangerStatement, RiskAssessment, SafetyGoal
from tests.factories import ChildFactory


def child_in_care(
    family, worker, *, goals: int = 2, visits: int = 4, risk: str | None = "moderate", child=None
):
    today = timezone.localdate()
    child = child or ChildFactory(family=family, first_name="Sofía", date_of_birth=date(2019, 5, 2))
    Placement.objects.create(
        family=family, child=child, setting="relative", started_on=today - timedelta(days=120),
        carer_name="Lucía Reyes", carer_relationship="aunt", reason="Not safe at home yet.",
        recorded_by=worker,
    )  # fmt: skip
    plan = CasePlan.objects.create(
        family=family, number=1, status=PlanStatus.ACTIVE, recorded_by=worker, decided_by=worker,
        decided_at=timezone.now() - timedelta(days=60), review_on=today + timedelta(days=100),
    )  # fmt: skip
    for n in range(goals):
        danger = DangerStatement.objects.create(
            family=family, recorded_by=worker, who_is_worried="The agency",
            caregiver_behaviour=f"worry {n}", what_could_happen="hurt",
        )  # fmt: skip
        goal = SafetyGoal.objects.create(
            family=family, recorded_by=worker, danger_statement=danger, caregivers_will=f"goal {n} behaviour",
            child_will_experience="safe", agency_needs_to_see="checks", for_how_long="six months",
        )  # fmt: skip
        PlanSafetyGoal.objects.create(plan=plan, safety_goal=goal, position=n)
    if risk:
        RiskAssessment.objects.create(
            family=family, recorded_by=worker, scored_level=risk, kind="risk_reassessment",
            assessed_on=today - timedelta(days=3),
        )  # fmt: skip
    time_plan = FamilyTimePlan.objects.create(
        family=family, child=child, with_whom="Maria (mother)", with_kind="parent", supervised_by="Lucía",
        started_on=today - timedelta(days=7 * (visits + 2)), recorded_by=worker,
    )  # fmt: skip
    FamilyTimeVisit.objects.bulk_create(
        FamilyTimeVisit(
            plan=time_plan,
            family=family,
            recorded_by=worker,
            status="held",
            scheduled_at=timezone.make_aware(datetime.combine(today - timedelta(days=7 * (n + 1)), time(16))),
        )  # fmt: skip
        for n in range(visits)
    )
    return child


def answers(reassessment, *, progress="substantial", quality="good", safety="safe") -> dict:
    """The draft page's POST answering every question."""
    data = {
        "version": reassessment.version,
        "assessed_on": reassessment.assessed_on.isoformat(),
        "notes": "",
        "safety_answer": safety,
    }
    data |= {f"goal_{g['key']}": progress for g in reassessment.goals}
    data |= {f"ft_{i['code']}": quality for i in reassessment.instrument.definition["family_time_items"]}
    return data


def override_waiting(family, worker, *, to: str = "continue_reunification"):
    """A child of `family` in care, reassessed by `worker` (every answer favourable: the tool
    recommends the return home), who asks for the recommendation `to` instead; submitted, so
    the override waits for the supervisor."""
    from safety_networks import reunification_services as services

    child = child_in_care(family, worker)
    draft = services.reunification_start(
        family=family, by=worker, child=child, instrument=services.latest_instrument()
    )
    definition = draft.instrument.definition
    saved = services.reunification_save(
        reassessment=draft,
        by=worker,
        goal_ratings={g["key"]: "substantial" for g in draft.goals},
        family_time={i["code"]: "good" for i in definition["family_time_items"]},
        safety_answer="safe",
        expected_version=draft.version,
    )
    submitted = services.reunification_submit(reassessment=saved, by=worker)
    return services.reunification_override_request(
        reassessment=submitted,
        by=worker,
        override_recommendation=to,
        override_reason="Lucía Reyes says the mother left two visits early, shouting.",
    )
