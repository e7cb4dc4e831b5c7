"""Reads for the supervisor: the unit review, the families behind a number, the approvals
inbox, consultations. Each costs a fixed number of queries, whatever the size of the unit."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import attrgetter

from django.db import connections, router
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, Unit, User
from case_plans.models import CasePlan, PlanStatus
from court.selectors import reports_waiting
from families.family_row import AllRecords, FirstRecord
from families.models import ClosureRequest, ClosureStatus, Family, FamilyStatus
from families.selectors import approver_of, caseload_rows
from meetings.models import ActionStatus
from notifications.models import Kind
from notifications.services import Due
from safety_networks.models import OverrideStatus, RiskAssessment, SafetyAssessment
from safety_networks.reunification_models import ReunificationReassessment
from sop_casework.charts import caseload_bars

from .compliance import (
    LATE,
    RULES,
    RULES_BY_SLUG,
    Rule,
    anything_late_sql,
    count_of,
    families_where,
    month_start,
    rule_expressions,
    rule_rows,
)
from .models import Consultation, ConsultationAction

ROW_SORTS = {"name", *(rule.slug for rule in RULES)}


@dataclass
class ReviewRow:
    """One caseworker (or, for a program administrator, one unit) and a number per rule."""

    who: User | Unit | None
    numbers: dict[str, int] = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple[Rule, int]]:
        return [(rule, self.numbers.get(rule.slug, 0)) for rule in RULES]


def _now_and_today(now: datetime | None) -> tuple[datetime, date]:
    now = now or timezone.now()
    return now, timezone.localdate(now)


def _sums(families: QuerySet, by: str) -> dict:
    """One query: each rule worked out per family (`families` is compliance.rule_rows'),
    then summed for each `by` value, with the number of families that have a deadline missed
    ("late").

    The per-family query is the ORM's; the sums around it are SQL,
    because the ORM groups only the rows of the query itself, and counting "late" there
    writes each of those rules' subqueries out a second time, doubling the work."""
    fields = [rule.field for rule in RULES]
    per_family = families.annotate(who=F(by)).order_by()
    inner, params = per_family.values("who", *fields).query.sql_with_params()
    # The names are the rules' own (compliance.Rule.field), never input; values are parameters.
    sums = ", ".join(f"SUM({field})" for field in fields)
    late = f"SUM(CASE WHEN {anything_late_sql()} THEN 1 ELSE 0 END)"
    sql = f"SELECT who, {late}, {sums} FROM ({inner}) judged GROUP BY who"  # noqa: S608
    # On the replica inside replica_reads() (every unit's review), else the primary.
    with connections[router.db_for_read(Family)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # PostgreSQL's SUM of whole numbers is a numeric (a Decimal here): made whole numbers again,
    # as ngettext counts with them.
    return {who: {"late": int(late_count or 0), **_by_rule(totals)} for who, late_count, *totals in rows}


def _by_rule(totals: list[int | None]) -> dict[str, int]:
    return {rule.slug: int(total or 0) for rule, total in zip(RULES, totals, strict=True)}


def _sorted(rows: list[ReviewRow], sort: str) -> list[ReviewRow]:
    if sort in ROW_SORTS and sort != "name":
        return sorted(rows, key=lambda row: (-row.numbers.get(sort, 0), str(row.who)))
    return rows


def _total(rows: list[ReviewRow]) -> ReviewRow:
    slugs = ["late", *(rule.slug for rule in RULES)]
    return ReviewRow(None, {slug: sum(row.numbers.get(slug, 0) for row in rows) for slug in slugs})


# DOMAIN.md: a caseworker carries roughly 10 to 30 families.
CASELOAD_GUIDE = 30


def caseload_chart(rows: list[ReviewRow], *, per: str):
    """The caseload of each row as a bar; the darker part, families with a deadline missed."""
    return caseload_bars(
        [
            (str(row.who or _("No caseworker")), row.numbers.get("caseload", 0), row.numbers.get("late", 0))
            for row in rows
        ],
        title=(
            _("Families per caseworker, and how many have a deadline missed")
            if per == "caseworker"
            else _("Families per unit, and how many have a deadline missed")
        ),
        concern_label=_("with a deadline missed"),
        limit=CASELOAD_GUIDE if per == "caseworker" else None,
    )


def came_to_breach(user, *, unit: Unit, today: date, now: datetime, days: int = 7) -> dict[str, list[str]]:
    """For each deadline rule (compliance.LATE), the case numbers of `unit`'s families that
    breach it today and did not `days` days ago, both judged by the rules themselves on
    today's records (a deadline passed during those days, or a month began with a child not
    yet seen). Families breaching both days are Unit review's, not news. Queries: 1."""
    then_day = today - timedelta(days=days)
    then = rule_expressions(then_day, month_start(timezone.make_aware(datetime.combine(then_day, time(12)))))
    before = {f"{RULES_BY_SLUG[slug].field}_before": then[RULES_BY_SLUG[slug].field] for slug in LATE}
    newly = Q()
    for slug in LATE:
        field = RULES_BY_SLUG[slug].field
        newly |= Q(**{f"{field}__gt": 0, f"{field}_before": 0})
    rows = (
        rule_rows(user, today=today, now=now)
        .filter(assigned_caseworker__unit=unit)
        .annotate(**before)
        .filter(newly)
        .order_by("case_number")
        .values_list("case_number", *(RULES_BY_SLUG[slug].field for slug in LATE), *before)
    )
    found: dict[str, list[str]] = {slug: [] for slug in LATE}
    for case_number, *numbers in rows:
        now_numbers, before_numbers = numbers[: len(LATE)], numbers[len(LATE) :]
        for slug, number, number_before in zip(LATE, now_numbers, before_numbers, strict=True):
            if number > 0 and number_before == 0:
                found[slug].append(case_number)
    return {slug: cases for slug, cases in found.items() if cases}


def unit_review(user, *, unit: Unit, sort: str = "name", now: datetime | None = None) -> dict:
    """One row per caseworker of `unit` (and anyone else carrying its families), with the
    unit's totals. Queries: 2 (the grouped sums; the caseworkers)."""
    now, today = _now_and_today(now)
    families = rule_rows(user, today=today, now=now).filter(assigned_caseworker__unit=unit)
    sums = _sums(families, "assigned_caseworker")
    workers = User.objects.filter(
        Q(unit=unit, role=Role.CASEWORKER, is_active=True) | Q(pk__in=[pk for pk in sums if pk])
    ).order_by("last_name", "first_name")
    rows = [ReviewRow(worker, sums.get(worker.pk, {})) for worker in workers]
    rows = _sorted(rows, sort)
    return {
        "unit": unit,
        "rows": rows,
        "total": _total(rows),
        "sort": sort,
        "chart": caseload_chart(rows, per="caseworker"),
    }


def agency_review(user, *, sort: str = "name", now: datetime | None = None) -> dict:
    """For a program administrator: one row per unit. Queries: 2."""
    now, today = _now_and_today(now)
    sums = _sums(rule_rows(user, today=today, now=now), "assigned_caseworker__unit")
    rows = [ReviewRow(unit, sums.get(unit.pk, {})) for unit in Unit.objects.order_by("name")]
    if sums.get(None):
        rows.append(ReviewRow(None, sums[None]))  # families with no caseworker, or one without a unit
    rows = _sorted(rows, sort)
    return {"rows": rows, "total": _total(rows), "sort": sort, "chart": caseload_chart(rows, per="unit")}


def families_behind(
    user, rule: Rule, *, unit: Unit | None, worker: User | None = None, now: datetime | None = None
) -> QuerySet:
    """The families behind one number of the review, with the caseload columns. Queries: 1."""
    now, today = _now_and_today(now)
    families = caseload_rows(user, now=now)
    if unit is not None:
        families = families.filter(assigned_caseworker__unit=unit)
    if worker is not None:
        families = families.filter(assigned_caseworker=worker)
    return families_where(families, rule, today=today, now=now).order_by("search_text", "case_number")


def caseworkers_with_caseload(unit: Unit) -> QuerySet:
    """The unit's active caseworkers, each with how many families not closed they carry."""
    return (
        User.objects.filter(unit=unit, role=Role.CASEWORKER, is_active=True)
        .annotate(
            caseload=Count("assigned_families", filter=~Q(assigned_families__status=FamilyStatus.CLOSED))
        )
        .order_by("last_name", "first_name")
    )


def reviewable_unit(user, unit_id: int | None) -> Unit:
    """The unit a review page shows: a supervisor's own, any unit for a program administrator.
    Raises Unit.DoesNotExist for any other (the page answers 404)."""
    if user.role == Role.SUPERVISOR:
        if user.unit_id is None or (unit_id is not None and unit_id != user.unit_id):
            raise Unit.DoesNotExist
        return user.unit
    return Unit.objects.get(pk=unit_id)


# --- The approvals inbox ------------------------------------------------------------------


@dataclass
class Waiting:
    """One thing waiting for the supervisor's decision."""

    kind: str  # "case_plan", "court_report", "risk_override", "safety_override",
    # "reunification_override" or "closure"
    what: str
    since: datetime
    record: object
    family: Family
    error: str = ""  # a decision refused, shown beside the comment
    typed: str = ""  # the comment as typed, kept when the decision was refused

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.record.pk}"


def approvals_waiting(user) -> list[Waiting]:
    """Case plans, court reports, risk, safety and reunification overrides and closures waiting for this
    supervisor, oldest first: those of the families of their unit's caseworkers. One query per kind."""
    families = Family.objects.filter(assigned_caseworker__unit_id=user.unit_id)
    if user.role != Role.SUPERVISOR or user.unit_id is None:
        families = families.none()
    plans = CasePlan.objects.filter(family__in=families, status=PlanStatus.SUBMITTED).select_related(
        "family__assigned_caseworker", "recorded_by"
    )
    overrides = RiskAssessment.objects.filter(
        family__in=families, override_status=OverrideStatus.PENDING
    ).select_related("family__assigned_caseworker", "recorded_by")
    safety_overrides = SafetyAssessment.objects.filter(
        family__in=families, override_status=OverrideStatus.PENDING
    ).select_related("family__assigned_caseworker", "recorded_by")
    reunification_overrides = ReunificationReassessment.objects.filter(
        family__in=families, override_status=OverrideStatus.PENDING
    ).select_related("family__assigned_caseworker", "recorded_by", "child")
    closures = ClosureRequest.objects.filter(
        family__in=families, status=ClosureStatus.PENDING
    ).select_related("family__assigned_caseworker", "requested_by")
    reports = reports_waiting(families)
    waiting = [
        Waiting(
            "case_plan",
            _("Case plan, version %(number)s") % {"number": p.number},
            p.submitted_at,
            p,
            p.family,
        )
        for p in plans
    ]
    waiting += [
        Waiting(
            "risk_override",
            _("Risk level overridden: %(scored)s → %(override)s")
            % {"scored": r.get_scored_level_display(), "override": r.get_override_level_display()},
            r.created_at,
            r,
            r.family,
        )
        for r in overrides
    ]
    waiting += [
        Waiting(
            "safety_override",
            _("Safety decision overridden: %(scored)s → %(override)s")
            % {"scored": s.get_scored_decision_display(), "override": s.get_override_decision_display()},
            s.submitted_at,
            s,
            s.family,
        )
        for s in safety_overrides
    ]
    waiting += [
        Waiting(
            "reunification_override",
            _("Reunification recommendation overridden: %(scored)s → %(override)s")
            % {
                "scored": r.get_recommendation_display(),
                "override": r.get_override_recommendation_display(),
            },
            r.updated_at,  # a submitted reassessment changes only by the override asked for
            r,
            r.family,
        )
        for r in reunification_overrides
    ]
    waiting += [Waiting("closure", _("Closing the family"), c.requested_at, c, c.family) for c in closures]
    waiting += [
        Waiting(
            "court_report",
            _("Court report, version %(number)s") % {"number": r.number},
            r.submitted_at,
            r,
            r.family,
        )
        for r in reports
    ]
    # oldest first; a time missing (records made before the inbox) sorts first
    return sorted(waiting, key=lambda item: (item.since is not None, item.since or 0))


# --- Consultations ---------------------------------------------------------------------------


def family_consultations(family: Family) -> list[Consultation]:
    """The family's consultations, newest first, with who took part and the agreed actions.
    Queries: 3."""
    return list(
        Consultation.objects.filter(family=family)
        .select_related("recorded_by")
        .prefetch_related(
            "staff_present", Prefetch("actions", queryset=ConsultationAction.objects.select_related("owner"))
        )
    )


def consultation_staff(family: Family) -> QuerySet:
    """Who may take part in a consultation on the family: the active staff of the unit of
    its caseworker, and its caseworker."""
    worker = family.assigned_caseworker
    staff = User.objects.filter(is_active=True, role__in=[Role.CASEWORKER, Role.SUPERVISOR])
    if worker is not None and worker.unit_id:
        staff = staff.filter(Q(unit_id=worker.unit_id) | Q(pk=worker.pk))
    elif worker is not None:
        staff = staff.filter(pk=worker.pk)
    else:
        staff = staff.none()
    return staff.order_by("last_name", "first_name")


LATEST_CONSULTATION = FirstRecord(
    "latest_consultation",
    Consultation.objects.filter(family=OuterRef("pk")).order_by("-held_on", "-id"),
    ("held_on",),
)
OPEN_ACTIONS = AllRecords(
    "open_consultation_actions",
    ConsultationAction.objects.filter(family=OuterRef("pk"), status=ActionStatus.OPEN),
    # The owner's names are what User.__str__ reads.
    ("what", "due_on", "owner__first_name", "owner__last_name", "owner__username"),
)


def with_supervision_panel(families: QuerySet) -> QuerySet:
    """The overview panel's facts on the family row: the closure waiting for the supervisor
    (its id), the latest consultation and the open agreed actions."""
    pending = ClosureRequest.objects.filter(family=OuterRef("pk"), status=ClosureStatus.PENDING)
    return families.annotate(
        pending_closure_id=Subquery(pending.values("pk")[:1]),
        **LATEST_CONSULTATION.annotations(),
        **OPEN_ACTIONS.annotations(),
    )


def overview_summary(*, family, user) -> dict:
    """The supervision panel of the family overview, for a row annotated by
    with_supervision_panel: a closure waiting for the supervisor, the latest consultation and
    the open agreed actions. Queries: two for the closure and who approves it, if one waits
    (seldom)."""
    closure, approver = None, None
    if family.pending_closure_id:
        closure = ClosureRequest.objects.select_related("requested_by").get(pk=family.pending_closure_id)
        approver = approver_of(family)
    return {
        "closure": closure,
        "approver": approver,
        "latest": LATEST_CONSULTATION.of(family),
        "open_actions": sorted(OPEN_ACTIONS.of(family), key=attrgetter("due_on")),
        "today": timezone.localdate(),
    }


RECENT_DECISIONS = timedelta(days=14)


def _outcome(records: QuerySet, *, latest_first, cases: list[When]) -> Subquery:
    """The outer family's latest record of a kind, as a code of caseload.OUTCOMES (the
    cell's words and badge)."""
    latest = records.filter(family=OuterRef("pk")).order_by(latest_first, "-pk")
    words = latest.annotate(outcome=Case(*cases, default=Value(""), output_field=CharField()))
    return Subquery(words.values("outcome")[:1], output_field=CharField())


def with_supervision_columns(families: QuerySet) -> QuerySet:
    """The caseload's "From supervision" column: for case plans, risk, safety and reunification
    overrides and closures, what waits for the supervisor and what they decided in the last two
    weeks (a returned plan shows until it is submitted again); and the agreed actions of
    consultations, open and overdue. Seven subqueries, no query of their own. Two weeks: since
    midnight (agency time) fourteen days ago, so the column reads the same all day."""
    today = timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - RECENT_DECISIONS, time.min))
    agreed = ConsultationAction.objects.filter(family=OuterRef("pk"), status=ActionStatus.OPEN)
    return families.annotate(
        plan_outcome=_outcome(
            CasePlan.objects.exclude(status=PlanStatus.DRAFT),
            latest_first=F("number").desc(),
            cases=[
                When(status=PlanStatus.SUBMITTED, then=Value("plan_waiting")),
                When(status=PlanStatus.RETURNED, then=Value("plan_returned")),
                When(status=PlanStatus.ACTIVE, decided_at__gte=since, then=Value("plan_approved")),
            ],
        ),
        override_outcome=_outcome(
            RiskAssessment.objects.filter(
                Q(override_status=OverrideStatus.PENDING) | Q(override_decided_at__gte=since)
            ),
            latest_first=F("override_decided_at").desc(nulls_first=True),
            cases=[
                When(
                    override_status=OverrideStatus.PENDING,
                    then=Value("override_waiting"),
                ),
                When(override_status=OverrideStatus.APPROVED, then=Value("override_approved")),
                When(override_status=OverrideStatus.REJECTED, then=Value("override_rejected")),
            ],
        ),
        safety_override_outcome=_outcome(
            SafetyAssessment.objects.filter(
                Q(override_status=OverrideStatus.PENDING) | Q(override_decided_at__gte=since)
            ),
            latest_first=F("override_decided_at").desc(nulls_first=True),
            cases=[
                When(override_status=OverrideStatus.PENDING, then=Value("safety_override_waiting")),
                When(override_status=OverrideStatus.APPROVED, then=Value("safety_override_approved")),
                When(override_status=OverrideStatus.REJECTED, then=Value("safety_override_rejected")),
            ],
        ),
        reunification_override_outcome=_outcome(
            ReunificationReassessment.objects.filter(
                Q(override_status=OverrideStatus.PENDING) | Q(override_decided_at__gte=since)
            ),
            latest_first=F("override_decided_at").desc(nulls_first=True),
            cases=[
                When(override_status=OverrideStatus.PENDING, then=Value("reunification_override_waiting")),
                When(override_status=OverrideStatus.APPROVED, then=Value("reunification_override_approved")),
                When(override_status=OverrideStatus.REJECTED, then=Value("reunification_override_rejected")),
            ],
        ),
        closure_outcome=_outcome(
            ClosureRequest.objects.filter(Q(status=ClosureStatus.PENDING) | Q(decided_at__gte=since)),
            latest_first=F("requested_at").desc(),
            cases=[
                When(status=ClosureStatus.PENDING, then=Value("closure_waiting")),
                When(status=ClosureStatus.RETURNED, then=Value("closure_returned")),
                When(status=ClosureStatus.APPROVED, then=Value("closure_approved")),
            ],
        ),
        agreed_open=count_of(agreed),
        agreed_overdue=count_of(agreed.filter(due_on__lt=today)),
    )


def with_agreed_actions_due_between(families: QuerySet, owner: User, first: date, last: date) -> QuerySet:
    """The open consultation actions `owner` took on for each family, due from `first` to
    `last` (both included): how many (`agreed_due`) and the earliest date
    (`agreed_due_first`). Two subqueries, no query of their own (the caseworker's digest)."""
    due = ConsultationAction.objects.filter(
        family=OuterRef("pk"), owner=owner, status=ActionStatus.OPEN, due_on__gte=first, due_on__lte=last
    )
    earliest = due.order_by().values("family").annotate(first=Min("due_on")).values("first")
    return families.annotate(agreed_due=count_of(due), agreed_due_first=Subquery(earliest[:1]))


def consultation_actions_due(day):
    """The daily reminder (notifications.services.notify_due_tomorrow): the open consultation
    actions of open families due on `day`, each for its owner. One query."""
    actions = ConsultationAction.objects.filter(due_on=day, status=ActionStatus.OPEN).exclude(
        family__status=FamilyStatus.CLOSED
    )
    for action_id, family_id, public_id, owner_id in actions.values_list(
        "pk", "family_id", "family__public_id", "owner_id"
    ):
        yield Due(
            recipient_id=owner_id,
            family_id=family_id,
            kind=Kind.CONSULTATION_ACTION_DUE,
            link=reverse("supervision:consultations", args=[public_id]),
            item=f"supervision.ConsultationAction:{action_id}",
        )
