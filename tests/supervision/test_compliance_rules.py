"""Each rule of supervision.compliance against hand-built families on both sides of its edge,
and the pure per-family functions the caseload uses agree with the database at each edge."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from case_plans.deadlines import case_plan_due, six_months_after
from case_plans.models import CasePlan, PlanStatus
from families.deadlines import next_due
from families.models import ClosureReason, ClosureRequest, Family, FamilyStatus, FamilyStatusChange
from meetings.deadlines import first_meeting_state
from meetings.models import ActionItem, ActionStatus, Meeting, MeetingStatus
from safety_networks.models import OverrideStatus, RiskAssessment, SafetyAssessment
from supervision.compliance import RULES_BY_SLUG, families_where, with_rules
from supervision.models import Consultation, ConsultationAction
from tests.factories import ChildFactory, ContactFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def local(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def judge(family: Family, slug: str, today: date, now: datetime | None = None) -> int:
    """The rule's number for one family, and check the drill-down list agrees with it."""
    now = now or local(today)
    rule = RULES_BY_SLUG[slug]
    number = getattr(with_rules(Family.objects.filter(pk=family.pk), today=today, now=now).get(), rule.field)
    listed = families_where(Family.objects.filter(pk=family.pk), rule, today=today, now=now).exists()
    assert listed == (number > 0)
    return number


def opened(family: Family, on: date, by) -> Family:
    FamilyStatusChange.objects.create(
        family=family, from_status="referral", to_status="open", effective_on=on, changed_by=by
    )
    return family


# --- Every child seen in person each calendar month -----------------------------------------


@pytest.mark.parametrize(
    ("seen_at", "now", "unseen"),
    [
        # the last minutes of October count for October, not November
        ((date(2026, 10, 31), 23, 30), (date(2026, 10, 31), 23, 59), 0),
        ((date(2026, 10, 31), 23, 30), (date(2026, 11, 1), 0, 10), 1),
        # leap day: seen on Feb 29, judged that evening and in the first minutes of March
        ((date(2028, 2, 29), 9, 0), (date(2028, 2, 29), 23, 0), 0),
        ((date(2028, 2, 29), 9, 0), (date(2028, 3, 1), 0, 5), 1),
        # seen in the first minute of the month
        ((date(2026, 12, 1), 0, 0), (date(2026, 12, 31), 23, 59), 0),
    ],
)
def test_children_not_seen_this_month_follows_the_calendar_month_in_agency_time(alice, seen_at, now, unseen):
    family = FamilyFactory(assigned_caseworker=alice)
    child = ChildFactory(family=family)
    ContactFactory(family=family, occurred_at=local(*seen_at), children_seen=[child])
    day, hour, minute = now
    assert judge(family, "not_seen", day, local(day, hour, minute)) == unseen


def test_children_who_left_the_household_or_were_only_talked_about_by_phone(alice):
    family = FamilyFactory(assigned_caseworker=alice)
    seen, phoned, gone = ChildFactory.create_batch(3, family=family)
    gone.left_household_on = date(2026, 10, 1)
    gone.save()
    today = date(2026, 11, 20)
    ContactFactory(family=family, occurred_at=local(today), children_seen=[seen])
    ContactFactory(family=family, occurred_at=local(today), kind="phone")
    assert judge(family, "not_seen", today) == 1  # `phoned` only
    assert judge(family, "children", today) == 2


# --- First contact within 24 hours or 10 days ------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "days_after_referral", "late"),
    [("immediate", 1, 0), ("immediate", 2, 1), ("ten_day", 10, 0), ("ten_day", 11, 1)],
)
def test_first_contact_is_late_the_day_after_it_was_due(alice, priority, days_after_referral, late):
    referred = date(2028, 2, 28)
    family = FamilyFactory(
        assigned_caseworker=alice,
        status=FamilyStatus.REFERRAL,
        referral_date=referred,
        response_priority=priority,
    )
    today = referred + timedelta(days=days_after_referral)
    assert judge(family, "first_contact", today) == late
    assert next_due(family, today=today).overdue == bool(late)


def test_a_referral_with_its_first_contact_is_not_late(alice):
    family = FamilyFactory(
        assigned_caseworker=alice,
        status=FamilyStatus.REFERRAL,
        referral_date=date(2026, 1, 1),
        first_contact_at=local(date(2026, 1, 2)),
    )
    assert judge(family, "first_contact", date(2026, 3, 1)) == 0


# --- Case plan within 60 days; reviewed at least every six months -----------------------------


@pytest.mark.parametrize(("days", "late"), [(59, 0), (60, 0), (61, 1)])
def test_the_first_case_plan_is_late_from_day_61(alice, days, late):
    family = opened(FamilyFactory(assigned_caseworker=alice), date(2027, 12, 31), alice)
    today = date(2027, 12, 31) + timedelta(days=days)
    assert judge(family, "case_plan", today) == late
    assert case_plan_due(opened_on=date(2027, 12, 31), active_review_on=None, today=today).overdue == bool(
        late
    )


def approved_plan(family, by, *, approved: date, review_on: date | None) -> CasePlan:
    return CasePlan.objects.create(
        family=family,
        number=1,
        status=PlanStatus.ACTIVE,
        recorded_by=by,
        decided_by=by,
        decided_at=local(approved),
        review_on=review_on,
    )


def test_an_approved_plan_stops_the_60_day_clock(alice, bob):
    family = opened(FamilyFactory(assigned_caseworker=alice), date(2026, 1, 1), alice)
    approved_plan(family, bob, approved=date(2026, 2, 1), review_on=date(2026, 8, 1))
    assert judge(family, "case_plan", date(2026, 7, 31)) == 0
    assert judge(family, "case_plan", date(2026, 8, 1)) == 0
    assert judge(family, "case_plan", date(2026, 8, 2)) == 1


@pytest.mark.parametrize(
    ("approved", "last_day_on_time"),
    [
        (date(2027, 8, 31), date(2028, 2, 29)),  # into a leap February
        (date(2026, 8, 31), date(2027, 2, 28)),  # into a common February
        (date(2027, 3, 15), date(2027, 9, 15)),  # six months to the day
        (date(2027, 9, 30), date(2028, 3, 30)),
    ],
)
def test_a_plan_is_reviewed_within_six_months_of_approval_to_the_day(alice, bob, approved, last_day_on_time):
    family = opened(FamilyFactory(assigned_caseworker=alice), approved - timedelta(days=30), alice)
    # A review date set further out (before the rule was enforced) does not stretch the six months.
    approved_plan(family, bob, approved=approved, review_on=approved + timedelta(days=300))
    assert six_months_after(approved) == last_day_on_time
    assert judge(family, "case_plan", last_day_on_time) == 0
    assert judge(family, "case_plan", last_day_on_time + timedelta(days=1)) == 1
    python = case_plan_due(
        opened_on=None,
        active_review_on=approved + timedelta(days=300),
        approved_on=approved,
        today=last_day_on_time,
    )
    assert python.on == last_day_on_time and not python.overdue


# --- First Family Team Meeting within 60 days, 30 under ICWA -----------------------------------


@pytest.mark.parametrize(
    ("icwa", "days", "late"), [(False, 60, 0), (False, 61, 1), (True, 30, 0), (True, 31, 1)]
)
def test_the_first_meeting_is_late_after_60_days_or_30_under_icwa(alice, icwa, days, late):
    start = date(2028, 1, 30)
    family = opened(FamilyFactory(assigned_caseworker=alice, icwa_applies=icwa), start, alice)
    today = start + timedelta(days=days)
    assert judge(family, "first_meeting", today) == late
    state = first_meeting_state(opened_on=start, icwa=icwa, first_held_on=None, today=today)
    assert (state.state == "overdue") == bool(late)


def test_a_held_first_meeting_is_never_late(alice):
    family = opened(FamilyFactory(assigned_caseworker=alice), date(2026, 1, 1), alice)
    Meeting.objects.create(
        family=family, scheduled_at=local(date(2026, 3, 20)), status=MeetingStatus.HELD, recorded_by=alice
    )
    assert judge(family, "first_meeting", date(2026, 11, 1)) == 0


# --- Action items done by their dates ----------------------------------------------------------


def test_action_items_from_meetings_and_consultations_are_late_the_day_after_their_date(alice, bob):
    family = FamilyFactory(assigned_caseworker=alice)
    due = date(2028, 2, 29)
    meeting = Meeting.objects.create(family=family, scheduled_at=local(date(2028, 2, 1)), recorded_by=alice)
    ActionItem.objects.create(meeting=meeting, family=family, what="Call the school", who="Maria", due_on=due)
    ActionItem.objects.create(
        meeting=meeting, family=family, what="Done already", who="Maria", due_on=due, status=ActionStatus.DONE
    )
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
    )
    ConsultationAction.objects.create(
        consultation=consultation, family=family, what="Ask", owner=alice, due_on=due
    )
    assert judge(family, "action_items", due) == 0
    assert judge(family, "action_items", due + timedelta(days=1)) == 2


# --- Families unsafe or at high risk -----------------------------------------------------------


def test_only_the_latest_safety_decision_counts(alice):
    family = FamilyFactory(assigned_caseworker=alice)
    SafetyAssessment.objects.create(
        family=family, recorded_by=alice, assessed_on=date(2026, 9, 1), decision="unsafe"
    )
    SafetyAssessment.objects.create(
        family=family, recorded_by=alice, assessed_on=date(2026, 10, 1), decision="safe"
    )
    assert judge(family, "unsafe", date(2026, 11, 1)) == 0
    SafetyAssessment.objects.create(
        family=family, recorded_by=alice, assessed_on=date(2026, 10, 15), decision="conditionally_safe"
    )
    assert judge(family, "unsafe", date(2026, 11, 1)) == 1


@pytest.mark.parametrize(
    ("scored", "override", "status", "counted"),
    [
        ("high", "", OverrideStatus.NONE, 1),
        ("very_high", "", OverrideStatus.NONE, 1),
        ("moderate", "", OverrideStatus.NONE, 0),
        ("high", "moderate", OverrideStatus.APPROVED, 0),  # the approved override is in force
        ("high", "moderate", OverrideStatus.PENDING, 1),  # until approved, the tool's level is
        ("moderate", "high", OverrideStatus.APPROVED, 1),
        ("moderate", "high", OverrideStatus.REJECTED, 0),
    ],
)
def test_the_risk_level_in_force_decides_high_risk(alice, scored, override, status, counted):
    family = FamilyFactory(assigned_caseworker=alice)
    RiskAssessment.objects.create(
        family=family,
        recorded_by=alice,
        scored_level=scored,
        override_level=override,
        override_reason="Because." if override else "",
        override_status=status,
    )
    assert judge(family, "high_risk", date.today()) == counted


# --- Pending approvals, and closed families --------------------------------------------------


def test_waiting_for_the_supervisor_counts_plans_overrides_and_closures(alice):
    family = FamilyFactory(assigned_caseworker=alice)
    CasePlan.objects.create(family=family, number=1, status=PlanStatus.SUBMITTED, recorded_by=alice)
    RiskAssessment.objects.create(
        family=family,
        recorded_by=alice,
        scored_level="high",
        override_level="moderate",
        override_reason="Grandmother moved in.",
        override_status=OverrideStatus.PENDING,
    )
    ClosureRequest.objects.create(
        family=family, closed_on=date.today(), closure_reason=ClosureReason.MOVED, requested_by=alice
    )
    assert judge(family, "waiting", date.today()) == 3


def test_waiting_for_the_supervisor_counts_a_reunification_override(alice, bob):
    """It waits in the same approvals inbox; once decided it no longer counts."""
    from safety_networks.reunification_services import reunification_override_decide
    from tests.safety_networks.reunification_world import override_waiting

    family = FamilyFactory(assigned_caseworker=alice)
    reassessment = override_waiting(family, alice)
    assert judge(family, "waiting", date.today()) == 1
    reunification_override_decide(reassessment=reassessment, by=bob, approve=True)
    assert judge(family, "waiting", date.today()) == 0


def test_closed_families_are_not_judged(alice):
    family = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    ChildFactory(family=family)
    row = with_rules(Family.objects.filter(pk=family.pk), today=date.today(), now=timezone.now())
    assert not row.exists()


# --- An approved case plan signed by the caregivers within 30 days ------------------------------


@pytest.mark.parametrize(("days", "flagged"), [(29, 0), (30, 0), (31, 1)])
def test_an_approved_plan_unsigned_by_the_caregivers_is_flagged_from_day_31(alice, bob, days, flagged):
    from case_plans.deadlines import SIGNED_WITHIN_DAYS
    from tests.factories import CaregiverFactory

    assert SIGNED_WITHIN_DAYS == 30  # the documented number
    family = opened(FamilyFactory(assigned_caseworker=alice), date(2026, 1, 1), alice)
    CaregiverFactory(family=family)
    approved_plan(family, bob, approved=date(2026, 2, 1), review_on=date(2026, 8, 1))
    assert judge(family, "case_plan_unsigned", date(2026, 2, 1) + timedelta(days=days)) == flagged


def test_each_caregiver_in_the_household_answers_by_signing_or_refusing(alice, bob):
    from case_plans.models import CasePlanSignature
    from documents.models import CaseFile
    from tests.factories import CaregiverFactory

    family = opened(FamilyFactory(assigned_caseworker=alice), date(2026, 1, 1), alice)
    maria, daniel = CaregiverFactory.create_batch(2, family=family)
    CaregiverFactory(family=family, left_household_on=date(2026, 1, 20))  # left: does not sign
    plan = approved_plan(family, bob, approved=date(2026, 2, 1), review_on=date(2026, 8, 1))
    late = date(2026, 4, 1)
    copy = CaseFile.objects.create(
        family=family, kind="signed_case_plan", document_date=late, title="Signed", original_name="s.pdf",
        storage_key="k", content_type="application/pdf", size=1, sha256="0" * 64, uploaded_by=alice,
    )  # fmt: skip
    common = {"record": plan, "dated": late, "recorded_by": alice}
    CasePlanSignature.objects.create(role="caregiver", caregiver=maria, signed_copy=copy, **common)
    assert judge(family, "case_plan_unsigned", late) == 1  # Daniel has not answered
    withdrawn = CasePlanSignature.objects.create(
        role="caregiver",
        caregiver=daniel,
        signed_copy=copy,
        withdrawn_at=local(late),
        withdrawn_by=alice,
        **common,
    )
    assert judge(family, "case_plan_unsigned", late) == 1  # a withdrawn record does not count
    CasePlanSignature.objects.create(
        role="caregiver",
        caregiver=daniel,
        refused=True,
        refused_reason="Wants his lawyer to read it",
        **common,
    )
    assert judge(family, "case_plan_unsigned", late) == 0
    assert withdrawn.is_withdrawn
    # the caseworker's signature is not a caregiver's: another family with only that stays flagged
    other = opened(FamilyFactory(assigned_caseworker=alice), date(2026, 1, 1), alice)
    CaregiverFactory(family=other)
    other_plan = approved_plan(other, bob, approved=date(2026, 2, 1), review_on=date(2026, 8, 1))
    CasePlanSignature.objects.create(
        record=other_plan, role="caseworker", staff=alice, dated=late, recorded_by=alice,
        signed_copy=CaseFile.objects.create(
            family=other, kind="signed_case_plan", document_date=late, title="Signed", original_name="s.pdf",
            storage_key="k2", content_type="application/pdf", size=1, sha256="0" * 64, uploaded_by=alice,
        ),
    )  # fmt: skip
    assert judge(other, "case_plan_unsigned", late) == 1
