"""Every list endpoint of a family's records answers in the same number of queries whatever
the number of records (no N+1), and its reads are audited as views of the family."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from case_plans.models import CasePlan, CasePlanStep
from court.models import CourtOrder, CourtReport, Hearing
from documents.models import CaseFile
from intake.models import Allegation, Referral
from meetings.models import ActionItem, Meeting
from placements.models import FamilyTimePlan, FamilyTimeVisit, Placement
from protective_factors.models import Assessment, FactorScore, Instrument, ProtectiveFactor, WellBeingGoal
from safety_networks.models import (
    DangerStatement,
    HarmStatement,
    MapEntry,
    NetworkMember,
    RiskAssessment,
    SafetyAssessment,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanRule,
    SafetyThreat,
    ScalingScore,
    ThreeHouses,
)
from tests.factories import CaregiverFactory, ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "contacts", "map-entries", "harm-statements", "danger-statements", "scaling", "network-members",
    "safety-plans", "meetings", "action-items", "assessments", "well-being-goals", "case-plans", "files",
    "safety-assessments", "risk-assessments", "three-houses", "referrals", "allegations", "placements",
    "family-time-plans", "family-time-visits", "hearings", "court-orders", "court-reports",
]  # fmt: skip


def grow(family, worker, round_: int) -> None:
    """One more record of every kind the API lists, each with the related rows it shows."""
    child, caregiver = ChildFactory(family=family), CaregiverFactory(family=family)
    factors = list(ProtectiveFactor.objects.all()[:2])
    by = {"family": family, "recorded_by": worker}
    ContactFactory(family=family, children_seen=[child], caregivers_present=[caregiver])
    MapEntry.objects.create(kind="strength", text="Grandma helps", **by)
    HarmStatement.objects.create(
        what_happened="A bruise", child=child, caregiver_action="grabbed", effect="hurt", **by
    )
    danger = DangerStatement.objects.create(
        who_is_worried="School", caregiver_behaviour="shouting", what_could_happen="hurt", **by
    )
    danger.children.set([child])
    goal = SafetyGoal.objects.create(
        danger_statement=danger, caregivers_will="a", child_will_experience="b", agency_needs_to_see="c",
        for_how_long="six months", **by,
    )  # fmt: skip
    goal.protective_factors.set(factors)
    ScalingScore.objects.create(score=5, given_by="other", name="Lucía", **by)
    member = NetworkMember.objects.create(name="Samuel", relationship="uncle", **by)
    plan = SafetyPlan.objects.create(number=round_, **by)
    plan.caregivers_took_part.set([caregiver])
    plan.network_took_part.set([member])
    rule = SafetyPlanRule.objects.create(plan=plan, rule="Walks away", how_it_holds="Samuel checks")
    rule.responsible.set([member])
    meeting = Meeting.objects.create(scheduled_at=timezone.now(), **by)
    ActionItem.objects.create(meeting=meeting, family=family, what="Call", who="Maria", due_on=date.today())
    instrument = Instrument.objects.first()
    assessment = Assessment.objects.create(
        instrument=instrument, caregiver=caregiver, status="submitted", **by
    )
    for factor in factors:
        FactorScore.objects.create(
            assessment=assessment, factor=factor, mean=Decimal("3.5"), band="emerging", answered=3, items=3
        )
    well_being = WellBeingGoal.objects.create(factor=factors[0], child=child, goal="Reads every night", **by)
    case_plan = CasePlan.objects.create(number=round_, **by)
    case_plan.safety_goals.set([goal])
    case_plan.well_being_goals.set([well_being])
    CasePlanStep.objects.create(
        plan=case_plan, safety_goal=goal, what="Class", who="Daniel", by_when=date.today()
    )
    safety = SafetyAssessment.objects.create(decision="conditionally_safe", notes="Plan holds", **by)
    safety.threats.set(SafetyThreat.objects.all()[:2])
    RiskAssessment.objects.create(
        scored_level="high", override_level="moderate", override_reason="Strong network",
        override_status="approved", override_decided_by=worker, **by,
    )  # fmt: skip
    ThreeHouses.objects.create(
        child=child, house_of_worries="Daddy shouting", house_of_good_things="Aunt Lucía",
        house_of_hopes_and_dreams="Dinner together", sat_with="The caseworker", **by,
    )  # fmt: skip
    referral = Referral.objects.create(
        family=family, received_at=timezone.now(), channel="phone", reporter_type="school",
        what_was_reported="A bruise", recorded_by=worker, screening="screened_in", response_time="immediate",
        screened_on=date.today(), screened_by=worker, findings_on=date.today(), findings_by=worker,
    )  # fmt: skip
    Allegation.objects.create(
        referral=referral, family=family, child=child, alleged_caregiver=caregiver, kind="physical_abuse",
        finding="unfounded", found_on=date.today(), found_by=worker,
    )  # fmt: skip
    CaseFile.objects.create(
        family=family, kind="other", document_date=date.today() - timedelta(days=1), title="Letter",
        original_name="letter.pdf", storage_key=f"k/{family.pk}/{round_}", content_type="application/pdf",
        size=10, sha256="0" * 64, uploaded_by=worker,
    )  # fmt: skip
    Placement.objects.create(
        child=child, setting="relative", started_on=date.today() - timedelta(days=30), carer_name="Lucía",
        carer_relationship="aunt", address="12 Quiet Lane", reason="Safer with her aunt", **by,
    )  # fmt: skip
    family_time = FamilyTimePlan.objects.create(
        child=child, with_whom="Maria (mother)", with_kind="parent", supervised_by="Ana",
        started_on=date.today() - timedelta(days=30), **by,
    )  # fmt: skip
    FamilyTimeVisit.objects.create(plan=family_time, scheduled_at=timezone.now(), status="held", **by)
    hearing = Hearing.objects.create(kind="disposition", hearing_on=date.today(), **by)
    hearing.children.set([child])
    CourtOrder.objects.create(hearing=hearing, kind="no_contact", text="No contact with X", **by)
    CourtReport.objects.create(hearing=hearing, number=1, summary="Before the court since May", **by)


@pytest.mark.parametrize("what", LISTS)
def test_a_list_of_records_costs_the_same_queries_for_one_or_many(
    api_as, alice, family, what, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as(alice)
    url = f"/api/v1/families/{family.public_id}/{what}/"
    grow(family, alice, 1)
    client.get(url)  # the token's first use notes when it was used
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    assert first.status_code == 200 and len(first.json()["results"]) == 1, first.json()

    grow(family, alice, 2)
    grow(family, alice, 3)
    with django_assert_num_queries(len(one)):
        many = client.get(url)
    assert len(many.json()["results"]) == 3
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, family_public_id=family.public_id).count() == 3


@pytest.mark.parametrize("what", LISTS)
def test_each_record_reads_alone_with_its_etag(api_as, alice, family, what):
    grow(family, alice, 1)
    client = api_as(alice)
    row = client.get(f"/api/v1/families/{family.public_id}/{what}/").json()["results"][0]

    one = client.get(f"/api/v1/families/{family.public_id}/{what}/{row['id']}/")

    assert one.status_code == 200 and one.json() == row
    if "version" in row:
        assert one["ETag"] == f'"{row["version"]}"'
