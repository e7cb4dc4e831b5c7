"""Reads of a family's safety work, each with the queries its page needs and no more."""

from dataclasses import dataclass
from datetime import date, datetime, time
from operator import attrgetter

from django.db.models import Case, F, OuterRef, Prefetch, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from families.family_row import AllRecords, FirstRecord
from families.selectors import approver_of, count_of
from sop_casework.charts import line_chart, network_circles

from .fsna_selectors import assessments_of
from .models import (
    DangerStatement,
    EntryKind,
    EntryStatus,
    HarmStatement,
    MapEntry,
    NetworkMember,
    OverrideStatus,
    PlanStatus,
    RiskAssessment,
    SafetyAssessment,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanRule,
    ScalingGiver,
    ScalingScore,
    ThreeHouses,
    person_key,
)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _as_of(model, family, moment: datetime | None) -> QuerySet:
    """The family's rows of `model` now, or as they stood at `moment` (django-simple-history)."""
    if moment is None:
        return model.objects.filter(family=family)
    return model.history.as_of(moment).filter(family_id=family.pk)


def family_map(family, *, on: date | None = None) -> dict:
    """The three columns of the map, now or as they stood at the end of day `on`.

    Queries: 7 (entries; harm statements with child and caregiver; danger statements; their
    children; goals; their factors; scaling), and 2 more for names on an earlier date."""
    moment = _end_of(on) if on else None
    entries = list(_as_of(MapEntry, family, moment).select_related("recorded_by").order_by("noted_on", "id"))
    harms = _as_of(HarmStatement, family, moment).select_related("recorded_by").order_by("noted_on", "id")
    dangers = _as_of(DangerStatement, family, moment).select_related("recorded_by").order_by("noted_on", "id")
    goals = _as_of(SafetyGoal, family, moment).order_by("id")
    if moment is None:
        harms = harms.select_related("child", "caregiver")
    harms, dangers, goals = list(harms), list(dangers), list(goals)
    if moment is not None:
        _attach_people(family, harms)
    _attach_children(dangers)
    _attach_factors(goals)
    goal_of = {goal.danger_statement_id: goal for goal in goals if goal.status == EntryStatus.ACTIVE}
    for statement in dangers:
        statement.goal = goal_of.get(statement.pk)

    def of_kind(kind):
        return [e for e in entries if e.kind == kind]

    scores = list(_as_of(ScalingScore, family, moment).order_by("scored_on", "id"))
    return {
        "harm_statements": harms,
        "complicating_factors": of_kind(EntryKind.COMPLICATING_FACTOR),
        "danger_statements": dangers,
        "strengths": of_kind(EntryKind.STRENGTH),
        "existing_safety": of_kind(EntryKind.EXISTING_SAFETY),
        "safety_goals": [s.goal for s in dangers if s.goal and s.is_active],
        "next_steps": of_kind(EntryKind.NEXT_STEP),
        "latest_scaling": latest_scaling(scores),
        "as_of": on,
    }


def _attach_children(dangers) -> None:
    """Each danger statement's `child_names` (1 query). The current links are used for the
    map on an earlier date too: a statement's children rarely change, its words do."""
    through = DangerStatement.children.through
    names: dict[int, list[str]] = {}
    links = through.objects.filter(dangerstatement_id__in=[d.pk for d in dangers]).select_related("child")
    for link in links.order_by("child__date_of_birth", "child__first_name", "child_id"):
        names.setdefault(link.dangerstatement_id, []).append(link.child.called)
    for statement in dangers:
        statement.child_names = names.get(statement.pk, [])


def _attach_factors(goals) -> None:
    """Each goal's `factor_list`, the protective factors it builds (1 query)."""
    through = SafetyGoal.protective_factors.through
    factors: dict[int, list] = {}
    links = through.objects.filter(safetygoal_id__in=[g.pk for g in goals]).select_related("protectivefactor")
    for link in links.order_by("protectivefactor__position"):
        factors.setdefault(link.safetygoal_id, []).append(link.protectivefactor)
    for goal in goals:
        goal.factor_list = factors.get(goal.pk, [])


def _attach_people(family, harms) -> None:
    """Historical rows carry ids; give them the child's and caregiver's names (2 queries)."""
    children = {c.pk: c for c in family.children.all()}
    caregivers = {c.pk: c for c in family.caregivers.all()}
    for harm in harms:
        harm.child = children.get(harm.child_id)
        harm.caregiver = caregivers.get(harm.caregiver_id)


@dataclass
class LatestScore:
    name: str
    given_by: str
    score: int
    scored_on: date


def _by_person(scores) -> dict[tuple, list]:
    """The numbers (in date order) of each person who gave some, in the order they first gave
    one: a linked person is one person whatever their name was written as."""
    people: dict[tuple, list] = {}
    for score in scores:
        people.setdefault(person_key(score), []).append(score)
    return people


def latest_scaling(scores: list[ScalingScore]) -> list[LatestScore]:
    """Each person's most recent number (scores in date order), under the name it was given with."""
    latest = [numbers[-1] for numbers in _by_person(scores).values()]
    return [
        LatestScore(s.name, ScalingGiver(s.given_by).label, s.score, s.scored_on)
        for s in sorted(latest, key=lambda s: (s.given_by, s.name))
    ]


def scaling_series(scores: list[ScalingScore]) -> dict[str, list[tuple[date, float]]]:
    """One line per person who gave numbers, named as their latest number names them (a second
    person of the same name and kind is told apart by a number)."""
    series: dict[str, list[tuple[date, float]]] = {}
    for numbers in _by_person(scores).values():
        kind = ScalingGiver(numbers[-1].given_by).label.lower()
        label = base = _("%(name)s (%(kind)s)") % {"name": numbers[-1].name, "kind": kind}
        count = 1
        while label in series:
            count += 1
            label = f"{base} {count}"
        series[label] = [(s.scored_on, s.score) for s in numbers]
    return series


def scaling_history(family) -> dict:
    """All scaling numbers, and the chart: one line per person. Queries: 1."""
    scores = list(
        ScalingScore.objects.filter(family=family).select_related("recorded_by").order_by("scored_on", "id")
    )
    return {
        "scores": scores,
        "latest": latest_scaling(scores),
        "chart": line_chart(
            scaling_series(scores),
            title=_("Scaling over time for the %(name)s family, 0 to 10") % {"name": family.display_name},
        )
        if scores
        else None,
    }


@dataclass
class Giver:
    """Someone who may give a scaling number: `value` is how the picker names them
    ("caregiver:12", "child:3", "member:5", "staff:7"); `link` the fields of the number that
    link it to them."""

    value: str
    name: str
    role: str
    link: dict


def scaling_givers(family, user, *, children_from_age: int | None = None) -> list[Giver]:
    """Who may give the family's scaling numbers: its current caregivers and children (those
    of `children_from_age` and older, if given), the current members of its safety network,
    its caseworker and their supervisor, and `user` if they keep records and are neither.
    Queries: 4."""
    caregivers = family.caregivers.filter(left_household_on__isnull=True).order_by("id")
    children = family.children.filter(left_household_on__isnull=True).order_by("date_of_birth", "id")
    members = NetworkMember.objects.filter(family=family, left_on__isnull=True).order_by("circle", "name")
    givers = [Giver(f"caregiver:{c.pk}", c.full_name, _("caregiver"), {"caregiver": c}) for c in caregivers]
    givers += [
        Giver(
            f"child:{c.pk}",
            c.full_name,
            _("child, %(age)d") % {"age": c.age} if c.age is not None else _("child"),
            {"child": c},
        )
        for c in children
        if children_from_age is None or c.age is None or c.age >= children_from_age
    ]
    givers += [
        Giver(
            f"member:{m.pk}",
            m.name,
            _("safety network, %(relationship)s") % {"relationship": m.relationship},
            {"network_member": m},
        )
        for m in members
    ]
    worker, supervisor = family.assigned_caseworker, approver_of(family)
    staff = [person for person in (worker, supervisor) if person is not None]
    if user.role in (Role.CASEWORKER, Role.SUPERVISOR) and user not in staff:
        staff.append(user)
    givers += [
        Giver(f"staff:{u.pk}", u.get_full_name() or u.username, u.get_role_display().lower(), {"staff": u})
        for u in staff
    ]
    return givers


def safety_network(family) -> dict:
    """Current members (drawn as circles) and those who have left. Queries: 1."""
    members = list(NetworkMember.objects.filter(family=family).order_by("circle", "name"))
    current = [m for m in members if m.is_current]
    return {
        "members": current,
        "former_members": [m for m in members if not m.is_current],
        "circles": network_circles(
            [(m.name, f"{m.relationship}; {m.get_circle_display().lower()}", m.circle) for m in current],
            centre_label=family.display_name,
        ),
    }


def safety_plans(family) -> dict:
    """Active plan, draft, earlier versions, each with rules and who holds them. Queries: 3."""
    rules = SafetyPlanRule.objects.prefetch_related("responsible")
    plans = list(
        SafetyPlan.objects.filter(family=family)
        .prefetch_related(Prefetch("rules", queryset=rules))
        .order_by("-number")
    )
    return {
        "active_plan": next((p for p in plans if p.status == PlanStatus.ACTIVE), None),
        "draft_plan": next((p for p in plans if p.status == PlanStatus.DRAFT), None),
        "superseded_plans": [p for p in plans if p.status == PlanStatus.SUPERSEDED],
    }


def plan_with_rules(plan: SafetyPlan) -> SafetyPlan:
    return (
        SafetyPlan.objects.filter(pk=plan.pk)
        .prefetch_related(
            Prefetch("rules", queryset=SafetyPlanRule.objects.prefetch_related("responsible")),
            "caregivers_took_part",
            "children_took_part",
            "network_took_part",
        )
        .select_related("activated_by")
        .get()
    )


def decisions(family) -> dict:
    """The SDM assessments, newest first. Queries: 4."""
    return {
        "strengths_and_needs": assessments_of(family),
        "safety_assessments": list(
            SafetyAssessment.objects.filter(family=family)
            .select_related("recorded_by")
            .prefetch_related("threats")
        ),
        "risk_assessments": list(
            RiskAssessment.objects.filter(family=family).select_related("recorded_by", "override_decided_by")
        ),
    }


def three_houses(family) -> list[ThreeHouses]:
    return list(ThreeHouses.objects.filter(family=family).select_related("child", "recorded_by"))


# --- What the caseload and the overview show -------------------------------------------

RISK_IN_FORCE = Case(
    When(override_status=OverrideStatus.APPROVED, then=F("override_level")),
    default=F("scored_level"),
)


LATEST_SAFETY = FirstRecord(
    "latest_safety",
    SafetyAssessment.objects.filter(family=OuterRef("pk"))
    .exclude(status="draft")  # a scored assessment decides nothing until it is submitted
    .order_by("-assessed_on", "-id"),
    ("decision", "assessed_on"),
)
LATEST_RISK = FirstRecord(
    "latest_risk",
    RiskAssessment.objects.filter(family=OuterRef("pk")).order_by("-assessed_on", "-id"),
    ("scored_level", "override_level", "override_status"),  # what RiskAssessment.level reads
)
ACTIVE_PLAN = FirstRecord(
    "active_plan",
    SafetyPlan.objects.filter(family=OuterRef("pk"), status=PlanStatus.ACTIVE),
    ("number", "status", "activated_on", "review_on"),
)

SCALING = AllRecords(
    "scaling_scores",
    ScalingScore.objects.filter(family=OuterRef("pk")),
    # what latest_scaling reads
    (
        "id",
        "name",
        "given_by",
        "score",
        "scored_on",
        "caregiver_id",
        "child_id",
        "network_member_id",
        "staff_id",
    ),
)


def with_safety_and_risk(families: QuerySet) -> QuerySet:
    """The caseload's columns: the latest safety assessment and the latest risk assessment
    (whose level in force RiskAssessment.level gives), a subquery each."""
    return families.annotate(**LATEST_SAFETY.annotations(), **LATEST_RISK.annotations())


def with_safety_panel(families: QuerySet) -> QuerySet:
    """What the overview panel shows, on the family row: the latest safety decision, the
    risk in force, the active plan, every scaling number, and the counts of the safety
    network's members and the active danger statements."""
    return with_safety_and_risk(families).annotate(
        network_count=count_of(NetworkMember.objects.filter(family=OuterRef("pk"), left_on__isnull=True)),
        danger_count=count_of(
            DangerStatement.objects.filter(family=OuterRef("pk"), status=EntryStatus.ACTIVE)
        ),
        **ACTIVE_PLAN.annotations(),
        **SCALING.annotations(),
    )


def overview_summary(*, family, user) -> dict:
    """The SOP panel of the family overview, for a row annotated by with_safety_panel.
    Queries: none."""
    scores = sorted(SCALING.of(family), key=attrgetter("scored_on", "id"))
    return {
        "latest_safety": LATEST_SAFETY.of(family),
        "latest_risk": LATEST_RISK.of(family),
        "latest_scaling": latest_scaling(scores),
        "active_plan": ACTIVE_PLAN.of(family),
        "network_count": family.network_count,
        "danger_count": family.danger_count,
    }


def safety_plan_texts(family, plan_id) -> list:
    """The rules of the plan, whose texts staff wrote, as its document prints them
    (families.family_wording). Queries: 1."""
    return list(
        SafetyPlanRule.objects.filter(plan__family=family, plan_id=plan_id).order_by("position", "id")
    )
