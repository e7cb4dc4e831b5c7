"""Reads of case plans: the plan with its goals, steps and the link between the two
frameworks. Queries: a fixed number, whatever the number of goals."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from documents.signatures import youth_born_on_or_before
from families.family_row import FirstRecord
from families.models import Caregiver, Child, FamilyStatus
from families.selectors import with_opened_on
from safety_networks.models import PlanStatus as SafetyPlanStatus
from safety_networks.models import SafetyGoal, SafetyPlanRule
from safety_networks.statements import danger_sentence, goal_sentence

from .deadlines import case_plan_due
from .models import CasePlan, CasePlanSignature, CasePlanStep, PlanSafetyGoal, PlanStatus, PlanWellBeingGoal
from .needs import answers_by_record, needs_of


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
    """The plan with its goals in the caseworker's order, their steps (not those taken out),
    the link table, and the priority needs and strengths of the family strengths and needs
    assessment (case_plans.needs), each goal and step carrying the ones it answers
    (`answers`). Queries: 9, whatever the number of goals and needs."""
    plan = CasePlan.objects.select_related("decided_by", "recorded_by").get(pk=plan.pk)
    safety_links = PlanSafetyGoal.objects.filter(plan=plan).select_related("safety_goal__danger_statement")
    goals = [link.safety_goal for link in safety_links.order_by("position", "id")]
    prefetch_related_objects(goals, "protective_factors", "danger_statement__children")
    well_being = [
        link.well_being_goal
        for link in PlanWellBeingGoal.objects.filter(plan=plan)
        .select_related("well_being_goal__factor", "well_being_goal__caregiver", "well_being_goal__child")
        .order_by("position", "id")
    ]
    steps = list(CasePlanStep.in_plan.filter(plan=plan).order_by("by_when", "id"))
    needs, strengths = needs_of(plan, steps=steps, well_being=well_being)
    answered = answers_by_record(needs, strengths)
    for record in well_being:
        record.answers = answered.get(("wellbeing", record.pk), [])
    for record in steps:
        record.answers = answered.get(("step", record.pk), [])
    rows = []
    for goal in goals:
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
        "needs": needs,
        "strengths": strengths,
        "unanswered": [row for row in needs if not row.answered],
    }


def family_case_plans(family) -> list[CasePlan]:
    return list(CasePlan.objects.filter(family=family).select_related("decided_by"))


def with_case_plan_columns(families):
    """The caseload's case-plan column: the opening date and the active plan's review date."""
    active = CasePlan.objects.filter(family=OuterRef("pk"), status="active")
    return with_opened_on(families).annotate(
        plan_review_on=Subquery(active.values("review_on")[:1]),
        plan_approved_on=Subquery(active.annotate(on=TruncDate("decided_at")).values("on")[:1]),
    )


def case_plan_due_of(family):
    if family.status == FamilyStatus.CLOSED:
        return None  # a closed family's plan is no longer due
    return case_plan_due(
        opened_on=family.opened_on,
        active_review_on=family.plan_review_on,
        approved_on=family.plan_approved_on,
        today=timezone.localdate(),
    )


LATEST_PLAN = FirstRecord(
    "latest_plan", CasePlan.objects.filter(family=OuterRef("pk")).order_by("-number"), ("number", "status")
)


def _count(rows, family: str = "family_id") -> Coalesce:
    """COUNT of a correlated subquery of the outer family's rows (grouped by `family`), 0 when none."""
    counted = rows.order_by().values(family).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_signatures(families):
    """The active plan's signatures on the family row: how many of those who sign it (each
    caregiver and child of 12 or older in the household, the caseworker and the supervisor
    who approved it) signed, and how many would not."""
    answers = CasePlanSignature.objects.filter(
        record__family=OuterRef("pk"), record__status=PlanStatus.ACTIVE, withdrawn_at__isnull=True
    )
    youth = Child.objects.filter(
        family=OuterRef("pk"),
        left_household_on__isnull=True,
        date_of_birth__lte=youth_born_on_or_before(timezone.localdate()),
    )
    caregivers = Caregiver.objects.filter(family=OuterRef("pk"), left_household_on__isnull=True)
    caseworker = Case(When(assigned_caseworker__isnull=False, then=1), default=0, output_field=IntegerField())
    return families.annotate(
        plan_signed=_count(answers.filter(refused=False), "record__family_id"),
        plan_refused=_count(answers.filter(refused=True), "record__family_id"),
        plan_signers=_count(caregivers) + _count(youth) + caseworker + 1,  # + the approving supervisor
    )


def with_case_plan_panel(families):
    """The overview panel's facts on the family row: the caseload's column, the latest plan
    and the active plan's signatures."""
    return with_signatures(with_case_plan_columns(families).annotate(**LATEST_PLAN.annotations()))


@dataclass(frozen=True)
class Signed:
    signed: int
    refused: int
    signers: int

    @property
    def by_all(self) -> bool:
        return self.signed >= self.signers


def overview_summary(*, family, user) -> dict:
    """The case-plan panel of the family overview, for a row annotated by
    with_case_plan_panel. Queries: none."""
    latest = LATEST_PLAN.of(family)
    signed = None
    if family.plan_approved_on is not None:  # there is an active plan
        signed = Signed(family.plan_signed, family.plan_refused, family.plan_signers)
    return {"latest": latest, "due": case_plan_due_of(family), "signed": signed}


def case_plan_texts(family, plan_id) -> list:
    """The records whose text staff wrote that the plan's document prints, in its order: the
    plan's danger statements and safety goals, the rules of the safety plan in force, the
    well-being goals and the steps (families.family_wording). Queries: 5, whatever their
    number."""
    links = PlanSafetyGoal.objects.filter(plan__family=family, plan_id=plan_id)
    goals = [link.safety_goal for link in links.select_related("safety_goal__danger_statement")]
    dangers = [goal.danger_statement for goal in goals]
    prefetch_related_objects(dangers, "children")
    rules = list(
        SafetyPlanRule.objects.filter(plan__family=family, plan__status=SafetyPlanStatus.ACTIVE).order_by(
            "position", "id"
        )
    )
    well_being = [
        link.well_being_goal
        for link in PlanWellBeingGoal.objects.filter(plan__family=family, plan_id=plan_id).select_related(
            "well_being_goal"
        )
    ]
    steps = list(CasePlanStep.in_plan.filter(plan__family=family, plan_id=plan_id).order_by("by_when", "id"))
    return [*dangers, *goals, *rules, *well_being, *steps]


def active_plan_goals(family) -> list:
    """The goals of the family's approved plan in force, safety goals first, each in the
    plan's order, as families.extensions.PlanGoal (the reunification reassessment rates
    progress on each). Queries: 2."""
    from django.utils.translation import gettext as _

    from families.extensions import PlanGoal

    safety = (
        PlanSafetyGoal.objects.filter(plan__family=family, plan__status=PlanStatus.ACTIVE)
        .select_related("safety_goal")
        .order_by("position", "id")
    )
    well_being = (
        PlanWellBeingGoal.objects.filter(plan__family=family, plan__status=PlanStatus.ACTIVE)
        .select_related("well_being_goal")
        .order_by("position", "id")
    )
    return [
        PlanGoal(
            key=f"safety-{row.safety_goal_id}",
            kind=_("Safety goal"),
            wording=goal_sentence(
                caregivers_will=row.safety_goal.caregivers_will,
                child_will_experience=row.safety_goal.child_will_experience,
                agency_needs_to_see=row.safety_goal.agency_needs_to_see,
                for_how_long=row.safety_goal.for_how_long,
            ),
        )
        for row in safety
    ] + [
        PlanGoal(
            key=f"well-being-{row.well_being_goal_id}",
            kind=_("Well-being goal"),
            wording=row.well_being_goal.goal,
        )
        for row in well_being
    ]
