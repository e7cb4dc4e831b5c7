"""Scored SDM safety assessments on the demo agency's day (safety_networks.sdm.safety): the
worked example's assessment today, on the demonstration instrument, compared with the one
recorded by hand at the Family Team Meeting; and a few other open families whose safety plan
is in force, reassessed the same way (their decision stays conditionally safe, so the day's
figures do not move). Made through the services, as a worker would: drafts answered per
child, then submitted. Deterministic: no random draw decides anything a test reads."""

from datetime import date

from families.models import Family, FamilyStatus
from safety_networks.models import PlanStatus, SafetyAssessment, SafetyPlan
from safety_networks.sdm import safety

OTHER_FAMILIES = 3


def _assess(family: Family, *, present: dict, interventions: dict, notes: str, today: date):
    worker = family.assigned_caseworker
    draft = safety.safety_assessment_start(family=family, by=worker, assessed_on=today)
    threats = {
        (a.child_id, a.threat): present.get(a.threat) in ("all", a.child_id)
        for a in draft.threat_answers.all()
    }
    saved = safety.safety_assessment_save(
        assessment=draft,
        by=worker,
        expected_version=draft.version,
        threats=threats,
        interventions=interventions,
        notes=notes,
    )
    return safety.safety_assessment_submit(assessment=saved, by=worker)


def seed_scored_safety(*, today: date) -> None:
    with_plan = SafetyPlan.objects.filter(status=PlanStatus.ACTIVE).values("family_id")
    okafor = Family.objects.filter(display_name="Okafor-Reyes", pk__in=with_plan).first()
    if okafor is not None:
        sofia = okafor.children.order_by("date_of_birth").first()
        _assess(
            okafor,
            present={"2": sofia.pk},
            interventions={
                ("2", "network_in_home"): "in_place",
                ("2", "caregiver_leaves"): "considered",
                ("2", "protective_caregiver_acts"): "in_place",
            },
            notes="Lucía checks on Sofía every evening; Daniel leaves the room and calls Samuel when angry.",
            today=today,
        )
    latest_cs = [
        family
        for family in Family.objects.filter(status=FamilyStatus.OPEN, pk__in=with_plan)
        .exclude(display_name="Okafor-Reyes")
        .select_related("assigned_caseworker")
        .order_by("pk")
        if _latest_decision(family) == "conditionally_safe" and family.children.exists()
    ][:OTHER_FAMILIES]
    for family in latest_cs:
        _assess(
            family,
            present={"4": "all"},
            interventions={("4", "services"): "in_place", ("4", "child_with_relative"): "considered"},
            notes="In-home support started this week; the plan holds.",
            today=today,
        )


def _latest_decision(family: Family) -> str:
    latest = SafetyAssessment.objects.filter(family=family).order_by("-assessed_on", "-id").first()
    return latest.decision if latest else ""
