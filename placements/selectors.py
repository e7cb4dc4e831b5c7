"""Reads of placements and family time, each with a fixed number of queries.

For the court report and the reunification reassessment (the apps above call these):

- `placement_history(family)`: every placement of the family's children, oldest first per
  child, each with `child` and `resource_family` loaded and `moves_before` (how many moves
  the child had made before it). Print an address only through
  `Placement.address_for_family_documents`, which is "" where the court ordered the address
  kept from the parents (and for a resource family's). Queries: 1.
- `family_time_summary(family, since=None)`: each family-time plan of the family with how
  many visits it planned and how many were held, cancelled and missed from `since` (default:
  the plan's own start) until today, and the rate held vs planned; and the totals. Queries: 2.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from families.family_row import AllRecords

from .models import FamilyTimePlan, FamilyTimeVisit, Placement, ResourceFamily, VisitStatus

# --- Placements --------------------------------------------------------------------------


def placement_history(family) -> list[Placement]:
    """Every placement of the family's children, by child, oldest first, each with
    `moves_before`. Queries: 1."""
    placements = list(
        Placement.objects.filter(family=family)
        .with_court_order()
        .select_related("child", "resource_family", "recorded_by")
        .order_by("child__date_of_birth", "child_id", "started_on", "id")
    )
    seen: dict[int, int] = {}
    for placement in placements:
        placement.moves_before = seen.get(placement.child_id, 0)
        seen[placement.child_id] = placement.moves_before + 1
    return placements


@dataclass
class ChildPlacements:
    """One child's placements as the overview, My caseload and the family's page show them."""

    child_id: int
    name: str
    current: Placement | None = None
    placements: list = field(default_factory=list)
    kept_from_parents: bool = False  # a court order keeps the address from the parents (the overview)

    @property
    def moves(self) -> int:
        """Each placement after the child's first is a move."""
        return max(len(self.placements) - 1, 0)


def by_child(placements, today: date | None = None) -> list[ChildPlacements]:
    """Placements grouped by child, in the order given, with each child's current one."""
    today = today or timezone.localdate()
    children: dict[int, ChildPlacements] = {}
    for placement in sorted(placements, key=lambda p: (p.child_id, p.started_on, p.id)):
        entry = children.setdefault(
            placement.child_id, ChildPlacements(placement.child_id, placement.child.called)
        )
        entry.placements.append(placement)
        if placement.started_on <= today and (placement.ended_on is None or placement.ended_on > today):
            entry.current = placement
    return list(children.values())


CHILD_NAME = ("child__first_name", "child__preferred_name")
# My caseload: each child's placements, read with the family row (one JSON value).
CASELOAD_PLACEMENTS = AllRecords(
    "placement_rows",
    Placement.objects.filter(family=OuterRef("pk")),
    ("id", "child_id", "setting", "started_on", "ended_on", *CHILD_NAME),
)
# The overview: the same, with the carer, and the family-time plans and visits.
OVERVIEW_PLACEMENTS = AllRecords(
    "placement_panel_rows",
    Placement.objects.filter(family=OuterRef("pk")),
    (
        "id",
        "child_id",
        "setting",
        "started_on",
        "ended_on",
        "carer_name",
        "carer_relationship",
        "resource_family_id",
        "resource_family__name",
        "address_confidential",
        *CHILD_NAME,
    ),
)
OVERVIEW_PLANS = AllRecords(
    "family_time_plan_rows",
    FamilyTimePlan.objects.filter(family=OuterRef("pk")),
    ("id", "child_id", "with_whom", "times", "per", "supervised", "started_on", "ended_on", *CHILD_NAME),
)
OVERVIEW_VISITS = AllRecords(
    "family_time_visit_rows",
    FamilyTimeVisit.objects.filter(family=OuterRef("pk")),
    ("id", "plan_id", "status", "scheduled_at"),
)


def _children_kept():
    from court.selectors import address_kept_since
    from families.models import Child

    return (
        Child.objects.filter(family=OuterRef("pk"))
        .annotate(kept=address_kept_since(family_ref=OuterRef("family_id"), child_ref=OuterRef("pk")))
        .filter(kept__isnull=False)
    )


def with_placement_column(families: QuerySet) -> QuerySet:
    return families.annotate(**CASELOAD_PLACEMENTS.annotations())


def with_placement_panel(families: QuerySet) -> QuerySet:
    # The children a court order keeps the address of from the parents (the order is the
    # source; placements hold no copy), as one more JSON value of the family row.
    kept = AllRecords("court_kept_children", _children_kept(), ("id",))
    return families.annotate(
        **OVERVIEW_PLACEMENTS.annotations(),
        **OVERVIEW_PLANS.annotations(),
        **OVERVIEW_VISITS.annotations(),
        **kept.annotations(),
    )


def caseload_placements(family) -> list[ChildPlacements]:
    """For a row annotated by with_placement_column. Queries: none."""
    return by_child(CASELOAD_PLACEMENTS.of(family))


def overview_panel(*, family, user) -> dict:
    """The placements panel of the family overview, for a row annotated by
    with_placement_panel. Queries: none."""
    plans = OVERVIEW_PLANS.of(family)
    visits = OVERVIEW_VISITS.of(family)
    kept = {row["id"] for row in family.court_kept_children or ()}
    children = by_child(OVERVIEW_PLACEMENTS.of(family))
    for child in children:
        child.kept_from_parents = child.child_id in kept or bool(
            child.current and child.current.address_confidential
        )
    return {
        "children_placed": children,
        "family_time": summarise(plans, visits),
    }


# --- Family time ---------------------------------------------------------------------------


@dataclass
class PlanSummary:
    plan: FamilyTimePlan
    planned: int = 0
    held: int = 0
    cancelled: int = 0
    missed: int = 0
    upcoming: int = 0

    @property
    def rate(self) -> int | None:
        """Held as a percentage of planned (None when nothing was planned yet)."""
        return None if not self.planned else round(100 * self.held / self.planned)

    @property
    def below_plan(self) -> bool:
        return self.planned > 0 and self.held < self.planned


@dataclass
class FamilyTimeSummary:
    plans: list[PlanSummary]
    since: date | None

    def _total(self, name) -> int:
        return sum(getattr(p, name) for p in self.plans)

    planned = property(lambda self: self._total("planned"))
    held = property(lambda self: self._total("held"))
    cancelled = property(lambda self: self._total("cancelled"))
    missed = property(lambda self: self._total("missed"))
    upcoming = property(lambda self: self._total("upcoming"))

    @property
    def rate(self) -> int | None:
        return None if not self.planned else round(100 * self.held / self.planned)


def summarise(plans, visits, *, since: date | None = None, today: date | None = None) -> FamilyTimeSummary:
    """Planned and held visits of each plan, from `since` (or the plan's start) to today,
    from plans and visits already read. Queries: none."""
    today = today or timezone.localdate()
    summaries = {plan.pk: PlanSummary(plan) for plan in sorted(plans, key=lambda p: (p.started_on, p.pk))}
    for summary in summaries.values():
        summary.planned = summary.plan.planned_between(since or summary.plan.started_on, today)
    for visit in visits:
        summary = summaries.get(visit.plan_id)
        if summary is None:
            continue
        day = timezone.localdate(visit.scheduled_at)
        if visit.status == VisitStatus.SCHEDULED:
            summary.upcoming += day >= today
            continue
        if since is not None and day < since:
            continue
        if visit.status == VisitStatus.HELD:
            summary.held += 1
        elif visit.status == VisitStatus.CANCELLED:
            summary.cancelled += 1
        elif visit.status == VisitStatus.MISSED:
            summary.missed += 1
    return FamilyTimeSummary(plans=list(summaries.values()), since=since)


def family_time_summary(family, since: date | None = None) -> FamilyTimeSummary:
    """Family time planned vs held, per plan and in total (see the module's docstring).
    Queries: 2."""
    plans = list(FamilyTimePlan.objects.filter(family=family).select_related("child"))
    visits = FamilyTimeVisit.objects.filter(family=family).only("plan_id", "status", "scheduled_at")
    return summarise(plans, visits, since=since)


def family_time(family) -> dict:
    """The family-time part of the family's placements page: each plan with its visits,
    newest first, and the summary. Queries: 2."""
    plans = list(FamilyTimePlan.objects.filter(family=family).select_related("child"))
    visits = list(FamilyTimeVisit.objects.filter(family=family).select_related("recorded_by"))
    by_plan: dict[int, list] = {}
    for visit in visits:
        by_plan.setdefault(visit.plan_id, []).append(visit)
    for plan in plans:
        plan.visit_list = by_plan.get(plan.pk, [])
    return {"plans": plans, "summary": summarise(plans, visits)}


# --- Documents made for the family ------------------------------------------------------------


def children_kept_from_parents(family) -> list:
    """The family's children whose address a court order in force keeps from the parents,
    each with `court_kept_since` (the day of the hearing that ordered it). Queries: 1."""
    from court.selectors import address_kept_since
    from families.models import Child

    children = Child.objects.filter(family=family).annotate(
        court_kept_since=address_kept_since(family_ref=OuterRef("family_id"), child_ref=OuterRef("pk"))
    )
    return [child for child in children if child.court_kept_since is not None]


def where_children_live(family) -> dict:
    """What a document made for the family says of where each child lives now: the setting,
    the carer (a person's name; never a resource family's) and the address, unless the court
    ordered it kept from the parents. Queries: 1."""
    current = (
        Placement.objects.current(timezone.localdate())
        .with_court_order()
        .filter(family=family, child__left_household_on__isnull=True)
        .select_related("child")
        .order_by("child__date_of_birth", "child_id")
    )
    return {"where_children_live": list(current)}


# --- Resource families ------------------------------------------------------------------------


def resource_families(user) -> list[ResourceFamily]:
    """Every household, with whether `user` may read its address and how many children live
    there now. Queries: 1."""
    from django.db.models import Count, Exists, Q

    visible = ResourceFamily.objects.address_visible_to(user).filter(pk=OuterRef("pk"))
    today = timezone.localdate()
    current = Q(placements__started_on__lte=today) & (
        Q(placements__ended_on__isnull=True) | Q(placements__ended_on__gt=today)
    )
    return list(
        ResourceFamily.objects.annotate(
            address_visible=Exists(visible), placed_now=Count("placements", filter=current)
        )
    )


def resource_family_for(user, pk: int) -> ResourceFamily:
    """One household, with `address_visible` for `user` (Http404 if there is none)."""
    visible = ResourceFamily.objects.address_visible_to(user).filter(pk=OuterRef("pk"))
    return get_object_or_404(ResourceFamily.objects.annotate(address_visible=Exists(visible)), pk=pk)
