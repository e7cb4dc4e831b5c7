import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, ServiceAccount, Unit, User
from api.models import ApiToken
from audit.models import AuditEvent
from families.models import Caregiver, Child, Contact, Family, FamilyStatus
from families.selectors import with_caseload_columns

pytestmark = pytest.mark.django_db


def seed(settings, **options):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "a-demo-password-here", **options)


def test_seed_demo_builds_a_realistic_agency(settings):
    seed(settings)

    assert User.objects.get(username="admin").role == Role.PROGRAM_ADMINISTRATOR
    assert Unit.objects.count() == 2
    for n in (1, 2):
        assert User.objects.get(username=f"supervisor{n}").role == Role.SUPERVISOR
    caseworkers = User.objects.filter(role=Role.CASEWORKER)
    assert sorted(caseworkers.values_list("username", flat=True)) == sorted(
        f"caseworker{n}" for n in range(1, 9)
    )
    assert User.objects.get(username="caseworker1").check_password("a-demo-password-here")
    assert Family.objects.count() == 40
    assert not Family.objects.filter(assigned_caseworker__isnull=True).exists()
    assert Caregiver.objects.count() >= 40 and Child.objects.count() >= 40
    # The worked example of DOMAIN.md is caseworker1's
    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    assert okafor_reyes.assigned_caseworker.username == "caseworker1"
    assert sorted(okafor_reyes.children.values_list("first_name", flat=True)) == ["Sofía", "Tomás"]
    # Systems that call the API, and a caseworker's phone app (one older token revoked)
    assert ServiceAccount.objects.filter(agency_wide=True).count() == 1
    assert ApiToken.objects.filter(user__username="caseworker1", revoked_at__isnull=True).count() == 1
    # The provider's token was rotated once: the old one revoked, the new one working, same name
    provider = ApiToken.objects.filter(user__service_account__agency_wide=False)
    assert provider.filter(revoked_at__isnull=True).count() == 1 and provider.count() == 2
    assert AuditEvent.objects.filter(detail__contains="rotated").exists()
    # Children in care: with a relative and in a resource family, family time held and to come
    from placements.models import FamilyTimeVisit, Placement

    current = Placement.objects.current()
    assert current.filter(setting="relative").exists() and current.filter(setting="resource_family").exists()
    assert FamilyTimeVisit.objects.filter(status="held", scheduled_at__lt=timezone.now()).exists()
    assert FamilyTimeVisit.objects.filter(status="scheduled", scheduled_at__gt=timezone.now()).exists()
    assert not FamilyTimeVisit.objects.filter(status="scheduled", scheduled_at__lt=timezone.now()).exists()


def test_seed_demo_names_come_from_many_cultures(settings):
    seed(settings)
    names = " ".join(Caregiver.objects.values_list("last_name", flat=True)) + " ".join(
        Child.objects.values_list("first_name", flat=True)
    )
    assert any(ch in names for ch in "áéíóúñçøåüễ")  # accents
    assert "'" in names or "-" in " ".join(Family.objects.values_list("display_name", flat=True))
    assert any(ord(ch) > 0x2FF for ch in names)  # a non-Latin script


def test_the_same_seed_gives_the_same_agency(settings):
    def build(seed_value):
        with transaction.atomic():
            seed(settings, seed=seed_value)
            rows = list(
                Family.objects.order_by("case_number").values_list("case_number", "public_id", "display_name")
            )
            transaction.set_rollback(True)  # start the next build from an empty database
        return rows

    assert build(7) == build(7)
    assert build(7) != build(8)


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo")
    assert not Family.objects.exists()


def test_seed_demo_with_force_runs_with_debug_off_and_scales(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", "--families", "300", "--password", "a-demo-password-here")
    assert Family.objects.count() == 300
    # caseloads stay realistic: more caseworkers, each with about 20 active families at most
    workers = User.objects.filter(role=Role.CASEWORKER).count()
    assert workers >= 11
    assert len(set(Family.objects.values_list("case_number", flat=True))) == 300


def test_running_seed_demo_twice_adds_no_families(settings):
    seed(settings)
    seed(settings)
    assert Family.objects.count() == 40


def test_seed_demo_adds_six_months_of_visits_with_realistic_gaps(settings):
    seed(settings)
    contacts = Contact.objects.all()
    assert contacts.count() > 40 * 3
    oldest = contacts.exclude(family__status=FamilyStatus.CLOSED).order_by("occurred_at").first().occurred_at
    assert (timezone.now() - oldest).days <= 6 * 31
    assert not contacts.filter(occurred_at__gt=timezone.now()).exists()
    # some children were not seen this month, most were seen at least once
    rows = with_caseload_columns(Family.objects.exclude(status=FamilyStatus.CLOSED))
    assert any(row.children_unseen for row in rows)
    assert sum(row.children_unseen for row in rows) < sum(row.children_count for row in rows)
    # closed families were visited only before they closed, and closed with a reason
    for family in Family.objects.filter(status=FamilyStatus.CLOSED):
        assert family.closure_reason and family.closed_on
        assert not family.contacts.filter(occurred_at__date__gt=family.closed_on).exists()
    # each family has its assignment and its status history; search text is filled in
    assert not Family.objects.filter(assignments__isnull=True).exists()
    assert not Family.objects.filter(status_changes__isnull=True).exists()
    assert not Family.objects.filter(search_text="").exists()


def test_seed_demo_gives_most_families_their_safety_work(settings):
    from safety_networks.models import (
        DangerStatement,
        NetworkMember,
        PlanStatus,
        SafetyGoal,
        SafetyPlan,
        ScalingScore,
    )

    seed(settings)
    open_families = Family.objects.filter(status=FamilyStatus.OPEN)
    with_plans = open_families.filter(
        pk__in=SafetyPlan.objects.filter(status=PlanStatus.ACTIVE).values("family")
    )
    assert with_plans.count() >= open_families.count() * 0.6
    assert DangerStatement.objects.count() == SafetyGoal.objects.count()
    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    assert set(NetworkMember.objects.filter(family=okafor_reyes).values_list("name", flat=True)) == {
        "Lucía Reyes",
        "Samuel Okafor",
        "Mrs. Chen",
        "Ms. Alvarez",
    }
    first_meeting = dict(
        ScalingScore.objects.filter(family=okafor_reyes, occasion="First Family Team Meeting").values_list(
            "name", "score"
        )
    )
    assert first_meeting["Maria"] == 6 and first_meeting["Daniel"] == 7 and first_meeting["Lucía Reyes"] == 5
    # every demo number is linked to the person who gave it: one line per person on the chart
    assert not ScalingScore.objects.filter(
        caregiver=None, child=None, network_member=None, staff=None
    ).exists()


def test_seed_demo_adds_protective_factor_assessments_and_goals(settings):
    from protective_factors.models import Assessment, FactorScore, WellBeingGoal

    seed(settings)
    assert Assessment.objects.filter(kind="pre").count() >= 15
    assert Assessment.objects.exclude(kind="pre").exists()  # interim or post for older cases
    assert FactorScore.objects.count() == 4 * Assessment.objects.count()
    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    bands = dict(
        FactorScore.objects.filter(assessment__family=okafor_reyes).values_list("factor__code", "band")
    )
    assert bands["parental_resilience"] == bands["concrete_support"] == "area_to_build"
    assert bands["knowledge_of_parenting"] == "strength"
    assert WellBeingGoal.objects.filter(family=okafor_reyes, goal__startswith="Daniel joins").exists()
    # a Spanish-speaking caregiver was asked in Spanish, everyone else in English
    assessed = Assessment.objects.select_related("family")
    assert assessed.filter(language="es").exists()
    assert all(a.language == a.family.document_language for a in assessed)


def test_seed_demo_adds_held_and_upcoming_meetings(settings):
    from meetings.models import ActionItem, Meeting, MeetingScaling

    seed(settings)
    assert Meeting.objects.filter(status="held").count() >= 10
    assert Meeting.objects.filter(status="scheduled", scheduled_at__gt=timezone.now()).exists()
    assert ActionItem.objects.filter(status="open").exists() and MeetingScaling.objects.exists()
    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    first = Meeting.objects.get(family=okafor_reyes, status="held")
    assert first.participants.filter(attended=True).exists()
    given = dict(first.scaling_links.values_list("scaling_score__name", "scaling_score__score"))
    assert given["Maria"] == 6 and given["Daniel"] == 7 and given["Lucía Reyes"] == 5


def test_seed_demo_adds_approved_submitted_and_draft_case_plans(settings):
    from case_plans.models import CasePlan

    seed(settings)
    statuses = set(CasePlan.objects.values_list("status", flat=True))
    assert {"active", "submitted"} <= statuses
    okafor_reyes = CasePlan.objects.get(family__display_name="Okafor-Reyes")
    assert okafor_reyes.status == "active" and okafor_reyes.safety_goals.count() == 1
    assert okafor_reyes.well_being_goals.count() == 2 and okafor_reyes.steps.exists()


def test_the_okafor_reyes_strengths_and_needs_feed_their_plan(settings):
    """Daniel's "Relationships at home" (D) and money (C) for both parents are answered by
    goals or steps of the plan in force; the rest set aside with a reason; a strength linked."""
    from case_plans.models import CasePlan
    from case_plans.selectors import case_plan_detail

    seed(settings, families=12)
    plan = CasePlan.objects.get(family__display_name="Okafor-Reyes")
    detail = case_plan_detail(plan)
    needs = {need.label: need for need in detail["needs"]}
    assert list(needs)[0] == "Daniel Okafor: Relationships at home (D)"
    assert needs["Daniel Okafor: Relationships at home (D)"].answer_is_step
    for parent in ("Maria Reyes", "Daniel Okafor"):
        answer = needs[f"{parent}: Money, housing and basic needs (C)"].answer
        assert answer.goal.startswith("The family applies for rental assistance")
    assert not detail["unanswered"] and any(need.set_aside_reason for need in needs.values())
    strengths = {s.label: s for s in detail["strengths"]}
    assert strengths["Maria Reyes: Parenting skills and knowledge (A)"].answer is not None


def test_seed_demo_fills_the_supervisors_desk(settings):
    from accounts.models import User
    from families.models import ClosureRequest
    from supervision.models import Consultation, ConsultationAction
    from supervision.selectors import approvals_waiting, unit_review

    seed(settings)
    assert ClosureRequest.objects.filter(status="pending").exists()
    assert ClosureRequest.objects.filter(status="returned").exclude(decision_comment="").exists()
    assert Consultation.objects.exists() and ConsultationAction.objects.filter(status="open").exists()
    kinds = set()
    for supervisor in User.objects.filter(role="supervisor"):
        waiting = approvals_waiting(supervisor)
        kinds |= {item.kind for item in waiting}
        assert [item.since for item in waiting] == sorted(item.since for item in waiting)
    assert kinds == {"case_plan", "risk_override", "closure", "court_report"}
    supervisor = User.objects.get(username="supervisor1")
    review = unit_review(supervisor, unit=supervisor.unit)
    assert len(review["rows"]) >= 4
    numbers = review["total"].numbers
    assert numbers["caseload"] > 0 and numbers["waiting"] > 0 and numbers["not_seen"] > 0
    # The worked example reads the same at every size of agency (the benchmark's subject).
    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    assert not ClosureRequest.objects.filter(family=okafor_reyes).exists()
    agreed = ConsultationAction.objects.filter(family=okafor_reyes, status="open")
    assert agreed.count() == 3 and agreed.filter(what__contains="Samuel").exists()


def test_an_approved_risk_override_says_which_supervisor_approved_it_and_when(settings):
    from safety_networks.models import RiskAssessment

    seed(settings, families=200)  # enough that some overrides are asked for and approved
    overrides = RiskAssessment.objects.exclude(override_status="none")
    assert overrides.filter(override_status="pending", override_decided_by__isnull=True).exists()
    approved = overrides.filter(override_status="approved").select_related(
        "family__assigned_caseworker", "override_decided_by"
    )
    assert approved.exists()
    for risk in approved:
        assert risk.override_decided_at is not None and risk.override_decided_by.role == "supervisor"
        assert risk.override_decided_by.unit_id == risk.family.assigned_caseworker.unit_id


def test_no_closed_family_has_anything_waiting_for_approval(settings):
    """The demo obeys the services' rules: a family closes only once nothing waits on it."""
    from accounts.models import User
    from case_plans.models import CasePlan
    from families.models import ClosureRequest
    from safety_networks.models import RiskAssessment
    from supervision.selectors import approvals_waiting

    seed(settings)
    closed = Family.objects.filter(status=FamilyStatus.CLOSED)
    assert closed.count() >= 5
    # what each supervisor's approvals inbox shows
    for supervisor in User.objects.filter(role="supervisor"):
        waiting = approvals_waiting(supervisor)
        assert waiting, supervisor  # the inbox itself is filled, with open families' work
        assert not [(item.kind, item.family) for item in waiting if item.family.status == FamilyStatus.CLOSED]
    # and, whatever the unit, nothing of the kinds an inbox shows
    assert not RiskAssessment.objects.filter(family__in=closed, override_status="pending").exists()
    assert not CasePlan.objects.filter(family__in=closed, status="submitted").exists()
    assert not ClosureRequest.objects.filter(family__in=closed, status="pending").exists()
    # closed families still carry their decided overrides, decided before they closed
    decided = RiskAssessment.objects.filter(family__in=closed, override_status="approved")
    assert decided.exists()
    assert all(risk.override_decided_at.date() <= risk.family.closed_on for risk in decided)


def test_the_demo_families_who_speak_spanish_get_their_documents_in_spanish(settings):
    seed(settings)
    spanish = Family.objects.filter(primary_language="Spanish")
    assert spanish.exists()
    assert not spanish.exclude(document_language="es").exists()
    assert not Family.objects.exclude(primary_language="Spanish").filter(document_language="es").exists()


def test_the_spanish_speaking_families_have_most_of_their_texts_in_spanish_and_a_few_missing(settings):
    from families.selectors import family_texts

    seed(settings)
    texts = [
        row
        for family in Family.objects.filter(document_language="es")
        for _kind, rows in family_texts(family, "es")
        for row in rows
    ]
    translated = [row for row in texts if not row.missing]  # every text of the record
    missing = [row for row in texts if row.missing]
    assert len(translated) > 2 * len(missing) > 0
    assert any(row.wording.text.startswith("Cuando ") for row in translated)  # a rule, in Spanish
    # a rule's second text (how it holds) and a step's (how progress is shown) too
    seconds = {row.kind.name: row.wordings[1][1].text for row in translated if len(row.wordings) > 1}
    assert seconds["safety-plan-rule"].startswith(("Por teléfono", "Samuel contesta", "Una llamada"))
    assert seconds["case-plan-step"] == "La red cuenta cada semana que la regla se cumplió"


def test_seed_demo_shows_a_mother_known_in_a_closed_family_of_another_unit(settings, client):
    seed(settings)
    maria = Caregiver.objects.get(family__display_name="Okafor-Reyes", first_name="Maria")
    earlier = Caregiver.objects.exclude(pk=maria.pk).get(person=maria.person)
    assert earlier.family.status == FamilyStatus.CLOSED
    assert earlier.family.assigned_caseworker.unit != maria.family.assigned_caseworker.unit
    assert Caregiver.objects.values("person").distinct().count() < Caregiver.objects.count() - 1

    client.force_login(maria.family.assigned_caseworker)
    page = client.get(f"/families/{maria.family.public_id}/").text
    assert earlier.family.case_number in page and "a family you may not open" in page
    assert earlier.family.address not in page


def test_seed_demo_shows_people_known_in_two_families_their_prior_findings_and_access_requests(
    settings, client
):
    from django.urls import reverse

    from families.models import AccessRequest, AccessStatus
    from intake.models import Referral

    seed(settings)

    # some people appear in two families (one person, one history)
    families_of: dict[int, set[int]] = {}
    for person_id, family_id in Caregiver.objects.values_list("person_id", "family_id"):
        families_of.setdefault(person_id, set()).add(family_id)
    shared = {person: families for person, families in families_of.items() if len(families) == 2}
    assert len(shared) >= 3
    # … and some families have a prior referral with findings in the other one
    with_findings = set(
        Referral.objects.filter(findings_on__isnull=False).values_list("family_id", flat=True)
    )
    with_prior_findings = {
        family for families in shared.values() for family in families if (families - {family}) & with_findings
    }
    assert len(with_prior_findings) >= 2

    # the worked example: Maria Reyes was known in a closed family of the other unit, whose
    # supervisor has caseworker1's request for access to decide
    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    asked = AccessRequest.objects.get(from_family=okafor_reyes)
    assert asked.status == AccessStatus.PENDING and asked.requested_by.username == "caseworker1"
    assert set(AccessRequest.objects.values_list("status", flat=True)) == {
        AccessStatus.PENDING,
        AccessStatus.GRANTED,
        AccessStatus.REFUSED,
    }

    client.force_login(User.objects.get(username="caseworker1"))
    overview = client.get(reverse("families:overview", args=[okafor_reyes.public_id])).text
    assert "Prior involvements" in overview and asked.family.case_number in overview
    assert "access asked for" in overview
    supervisor = User.objects.get(role=Role.SUPERVISOR, unit=asked.family.assigned_caseworker.unit)
    client.force_login(supervisor)
    to_decide = client.get(reverse("families:access_requests")).text
    assert asked.family.case_number in to_decide and str(asked.requested_by) in to_decide


def test_seed_demo_gives_the_bell_a_real_day(settings, client):
    from django.urls import resolve

    from notifications.models import Kind, Notification

    seed(settings)
    for username in ("caseworker1", "supervisor1"):
        mine = Notification.objects.filter(recipient__username=username)
        assert mine.filter(read_at=None).exists(), f"{username} has nothing new this morning"
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {Kind.PLAN_SUBMITTED, Kind.CLOSURE_REQUESTED, Kind.FAMILY_ASSIGNED} <= kinds
    assert Notification.objects.exclude(read_at=None).exists()  # older ones were read
    for link in Notification.objects.values_list("link", flat=True).distinct():
        resolve(link)  # every link leads to a page of the site
    # a notification is about a family its reader may see
    for notification in Notification.objects.select_related("recipient", "family"):
        assert Family.objects.visible_to(notification.recipient).filter(pk=notification.family_id).exists()


def test_seed_demo_adds_hearings_past_and_due_and_reports_in_draft_and_final(settings):
    from court.models import CourtReport, Hearing
    from supervision.compliance import RULES_BY_SLUG, families_where

    seed(settings)
    today = timezone.localdate()
    example = Family.objects.get(display_name="Okafor-Reyes")
    hearings = list(Hearing.objects.filter(family=example).order_by("hearing_on"))
    assert [h.kind for h in hearings] == ["jurisdiction", "six_month_review"]
    held, coming = hearings
    assert held.hearing_on < today and held.outcome and held.orders.count() == 2
    assert coming.hearing_on == today + timezone.timedelta(days=8) and coming.children.count() == 2
    assert CourtReport.objects.get(hearing=held).status == "final"
    assert CourtReport.objects.get(hearing=coming).status == "draft"
    statuses = set(CourtReport.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "final"} <= statuses
    late = families_where(
        Family.objects.all(), RULES_BY_SLUG["court_report"], today=today, now=timezone.now()
    )
    assert example in late


def test_the_demo_records_scored_risk_assessments_and_reassessments(settings):
    """Every demo risk assessment is scored on the demonstration tool, each answer kept, and
    in-home families open long enough have a reassessment compared with the first one."""
    from safety_networks.models import RiskAssessment
    from safety_networks.sdm import risk
    from sop_casework.demo.risk import ANSWERS

    for kind, levels in ANSWERS.items():  # each answer set gives the level it stands for
        definition = RiskAssessment.instrument.field.related_model.objects.get(
            tool=kind, is_demonstration=True
        ).definition
        for level, answers in levels.items():
            assert risk.score(definition, {**answers, "P1": "no", "P2": "no", "P3": "no"}).level == level
    seed(settings)
    assessments = RiskAssessment.objects.filter(kind="risk_assessment")
    assert assessments.exists() and not assessments.filter(instrument__isnull=True).exists()
    okafor_reyes = assessments.get(family__display_name="Okafor-Reyes")
    assert (okafor_reyes.level, okafor_reyes.index_scores) == ("high", {"neglect": 3, "abuse": 4})
    reassessments = RiskAssessment.objects.filter(kind="risk_reassessment").select_related("compared_with")
    assert reassessments.count() >= 3
    for again in reassessments:
        assert again.compared_with.family_id == again.family_id
        assert again.assessed_on > again.compared_with.assessed_on and set(again.answers) >= {"R1", "R2"}


def test_seed_demo_records_scored_safety_assessments(settings):
    from safety_networks.models import SafetyAssessment

    seed(settings)
    scored = SafetyAssessment.objects.filter(instrument__isnull=False)
    assert scored.count() >= 2 and not scored.filter(status="draft").exists()
    okafor = scored.get(family__display_name="Okafor-Reyes")
    assert okafor.decision == "conditionally_safe" and okafor.instrument.is_demonstration
    assert okafor.threat_answers.filter(present=True).count() == 1
    assert okafor.intervention_answers.filter(in_place=True).count() == 2
    # the hand-picked assessments of before the scored tool are still there, read as they were
    assert SafetyAssessment.objects.filter(instrument=None, family=okafor.family).exists()


def test_seed_demo_reassesses_one_child_in_care_for_reunification(settings):
    """One child in care (placed by sop_casework/demo/placements.py) has a submitted
    reunification reassessment on the demonstration tool, rated on the goals of the family's
    approved plan, with the recommendation the tool's rule gives for its findings."""
    from placements.models import IN_CARE, Placement
    from safety_networks.models import ReunificationReassessment
    from safety_networks.sdm import reunification

    seed(settings)
    reassessment = ReunificationReassessment.objects.select_related("instrument").get()
    assert reassessment.instrument.is_demonstration and not reassessment.is_draft
    assert Placement.objects.current().filter(child=reassessment.child, setting__in=IN_CARE).exists()
    assert reassessment.goals and set(reassessment.goal_ratings) == {g["key"] for g in reassessment.goals}
    findings = {
        "risk": reassessment.risk_level,
        "progress": reassessment.progress,
        "family_time": reassessment.family_time_quality,
        "safety": reassessment.safety_decision,
    }
    assert reunification.recommend(reassessment.instrument.definition["rule"], findings) == (
        reassessment.recommendation
    )
