"""What a supervisor is held to (DOMAIN.md, "What a supervisor is held to"), one rule each,
computed in the database.

Each rule is an integer expression over a Family row (a correlated subquery or a CASE), so
Unit review sums them per caseworker, or per unit, in one grouped query, and the list of
the families behind a number is the same expression in a WHERE clause. Nothing here loops
over rows in Python. Rules judge families that are not closed.

The family pages show the same deadlines from pure functions of one row
(families.deadlines, meetings.deadlines, case_plans.deadlines); tests/supervision checks
that both agree on each side of each rule's edge.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Floor, Least, TruncDate
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from case_plans.deadlines import FIRST_PLAN_DAYS, SIGNED_WITHIN_DAYS
from case_plans.models import CasePlan, CasePlanSignature, PlanStatus
from court.models import CourtReport
from court.models import ReportStatus as CourtReportStatus
from court.selectors import reports_overdue
from families.compiled_once import compiled_once
from families.models import (
    Caregiver,
    Child,
    ClosureRequest,
    ClosureStatus,
    Contact,
    ContactKind,
    Family,
    FamilyStatus,
    ResponsePriority,
)
from families.selectors import children_at_home, children_not_seen_since, count_of, month_start, opened_on
from meetings.deadlines import FIRST_MEETING_DAYS, FIRST_MEETING_DAYS_ICWA
from meetings.models import ActionItem, ActionStatus, Meeting, MeetingStatus
from placements.models import IN_CARE, FamilyTimePlan, FamilyTimeVisit, Per, Placement, VisitStatus
from safety_networks.models import (
    OverrideStatus,
    RiskAssessment,
    RiskKind,
    RiskLevel,
    SafetyAssessment,
    SafetyDecision,
)
from safety_networks.reunification_models import ReassessmentStatus, ReunificationReassessment
from safety_networks.selectors import RISK_IN_FORCE

from .models import ConsultationAction

ONE, NONE = Value(1), Value(0)


class SixMonthsAfter(Func):
    """PostgreSQL's date + interval '6 months' (Aug 31 → Feb 28, or Feb 29 in a leap year),
    the same day case_plans.deadlines.six_months_after gives in Python."""

    template = "(%(expressions)s + interval '6 months')::date"
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite (bin/serve's first look) overflows Aug 31 + 6 months into March; clamp to
        # the last day of the sixth month instead, as PostgreSQL does.
        day, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"MIN(date({day}, 'start of month', '+6 months', "
            f"'+' || (CAST(strftime('%%d', {day}) AS INTEGER) - 1) || ' days'), "
            f"date({day}, 'start of month', '+7 months', '-1 day'))"
        )
        return sql, (*params, *params, *params)


def _flag(condition) -> Case:
    return Case(When(condition, then=ONE), default=NONE, output_field=IntegerField())


def _latest_is(assessments: QuerySet, condition: Q) -> Coalesce:
    """1 when the outer family's latest assessment meets `condition`, else 0."""
    latest = assessments.filter(family=OuterRef("pk")).order_by("-assessed_on", "-id")
    flag = latest.annotate(flag=_flag(condition)).values("flag")[:1]
    return Coalesce(Subquery(flag, output_field=IntegerField()), NONE)


def _days_before(today: date, days: int) -> date:
    return today - timedelta(days=days)


# --- The rules. Each takes the day it is judged on and the moment the calendar month began
# (agency time); returns an integer expression per family.


def caseload(*, today: date, month_began: datetime):
    """Caseload size: every family not closed counts once."""
    return ONE


def children_in_household(*, today: date, month_began: datetime):
    return count_of(children_at_home())


def children_not_seen_this_month(*, today: date, month_began: datetime):
    """Every child seen in person at least once each calendar month: the children still in
    the household not seen in person since the 1st, midnight in the agency's time zone."""
    return count_of(children_not_seen_since(month_began))


def first_contact_overdue(*, today: date, month_began: datetime):
    """First contact on a new referral within 24 hours (immediate) or 10 days: due the day
    after the referral date or ten days after it, late from the day after that."""
    late = Q(response_priority=ResponsePriority.IMMEDIATE, referral_date__lt=_days_before(today, 1)) | Q(
        response_priority=ResponsePriority.TEN_DAY, referral_date__lt=_days_before(today, 10)
    )
    return _flag(Q(status=FamilyStatus.REFERRAL, first_contact_at__isnull=True) & late)


def unsafe_or_conditionally_safe(*, today: date, month_began: datetime):
    """The latest safety assessment found the children unsafe, or safe only with a plan."""
    return _latest_is(
        SafetyAssessment.objects.exclude(status="draft"),  # a draft decides nothing yet
        Q(decision__in=[SafetyDecision.UNSAFE, SafetyDecision.CONDITIONALLY_SAFE]),
    )


def high_or_very_high_risk(*, today: date, month_began: datetime):
    """The level in force of the latest risk assessment (the tool's, or an override the
    supervisor approved) is high or very high."""
    return _latest_is(
        RiskAssessment.objects.annotate(in_force=RISK_IN_FORCE),
        Q(in_force__in=[RiskLevel.HIGH, RiskLevel.VERY_HIGH]),
    )


def case_plan_overdue(*, today: date, month_began: datetime):
    """Case plan within 60 days of opening (day 60 is on time, day 61 late), then reviewed
    at least every six months: by the review date the approved plan set, and never later
    than six months to the day after its approval."""
    active = CasePlan.objects.filter(family=OuterRef("pk"), status=PlanStatus.ACTIVE)
    six_months = SixMonthsAfter(TruncDate("decided_at"))
    review_late = active.annotate(
        # a plan without a review date is due six months after approval (Coalesce: on SQLite
        # LEAST of a NULL is NULL)
        review_due=Least(Coalesce(F("review_on"), six_months), six_months)
    ).filter(review_due__lt=today)
    missing = (
        Q(status=FamilyStatus.OPEN)
        & ~Exists(active)
        & LessThan(opened_on(), _days_before(today, FIRST_PLAN_DAYS))
    )
    return _flag(missing | Q(Exists(review_late)))


# The risk reassessment is due in the days before the six-month review.
REASSESSMENT_BEFORE_REVIEW_DAYS = 30


def risk_reassessment_missing(*, today: date, month_began: datetime):
    """Risk reassessment before each six-month review (in-home cases): an open family with a
    child at home whose approved case plan is reviewed (by its review date, and never later
    than six months after approval, as case_plan_overdue reads it) within the next
    REASSESSMENT_BEFORE_REVIEW_DAYS days, or was due and not reviewed, and no scored risk
    reassessment since the plan was approved."""
    six_months = SixMonthsAfter(TruncDate("decided_at"))
    reassessed = RiskAssessment.objects.filter(
        family=OuterRef("family"), kind=RiskKind.REASSESSMENT, assessed_on__gte=OuterRef("approved_on")
    )
    due = (
        CasePlan.objects.filter(family=OuterRef("pk"), status=PlanStatus.ACTIVE, decided_at__isnull=False)
        .annotate(
            approved_on=TruncDate("decided_at"),
            review_due=Least(Coalesce(F("review_on"), six_months), six_months),
        )
        .filter(review_due__lte=today + timedelta(days=REASSESSMENT_BEFORE_REVIEW_DAYS))
        .filter(~Exists(reassessed))
    )
    return _flag(Q(status=FamilyStatus.OPEN) & Q(Exists(children_at_home())) & Q(Exists(due)))


def reunification_reassessment_missing(*, today: date, month_began: datetime):
    """Reunification reassessment before each review (a child in care): an open family whose
    approved case plan is reviewed within the next REASSESSMENT_BEFORE_REVIEW_DAYS days (or
    was due and not reviewed), read as risk_reassessment_missing reads it, with a child living
    in an out-of-home placement today (placements.models.IN_CARE) and no reunification
    reassessment of that child submitted since the plan was approved (the last review)."""
    six_months = SixMonthsAfter(TruncDate("decided_at"))
    in_care = Placement.objects.filter(
        child_id=OuterRef("pk"), setting__in=IN_CARE, started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    reassessed = ReunificationReassessment.objects.filter(
        child_id=OuterRef("pk"),
        status=ReassessmentStatus.SUBMITTED,
        assessed_on__gte=OuterRef(OuterRef("approved_on")),
    )
    not_reassessed = Child.objects.filter(
        family_id=OuterRef("family_id"), left_household_on__isnull=True
    ).filter(Exists(in_care), ~Exists(reassessed))
    due = (
        CasePlan.objects.filter(family=OuterRef("pk"), status=PlanStatus.ACTIVE, decided_at__isnull=False)
        .annotate(
            approved_on=TruncDate("decided_at"),
            review_due=Least(Coalesce(F("review_on"), six_months), six_months),
        )
        .filter(review_due__lte=today + timedelta(days=REASSESSMENT_BEFORE_REVIEW_DAYS))
        .filter(Exists(not_reassessed))
    )
    return _flag(Q(status=FamilyStatus.OPEN) & Q(Exists(due)))


def case_plan_unsigned(*, today: date, month_began: datetime):
    """An approved case plan not answered by every caregiver of the household 30 days after
    its approval (day 30 on time, day 31 flagged). A caregiver answers by signing or by
    refusing with a reason (the refusal is then on the plan's page for the supervisor to
    read); a withdrawn signature record does not count."""
    active = CasePlan.objects.filter(
        family=OuterRef("pk"), status=PlanStatus.ACTIVE, decided_at__isnull=False
    ).annotate(approved_on=TruncDate("decided_at"))
    answered = CasePlanSignature.objects.filter(
        record=OuterRef(OuterRef("pk")), caregiver=OuterRef("pk"), withdrawn_at__isnull=True
    )
    not_answered = Caregiver.objects.filter(family=OuterRef("family"), left_household_on__isnull=True).filter(
        ~Exists(answered)
    )
    late = active.filter(approved_on__lt=_days_before(today, SIGNED_WITHIN_DAYS)).filter(Exists(not_answered))
    return _flag(Q(Exists(late)))


def court_report_overdue(*, today: date, month_began: datetime):
    """The court report is due 10 days before each hearing: the hearings still to come whose
    report was not final by then (court.deadlines: day -10 on time, day -9 late)."""
    return count_of(reports_overdue(today))


def first_meeting_overdue(*, today: date, month_began: datetime):
    """First Family Team Meeting within 60 days of opening, 30 where ICWA applies (the last
    day is on time)."""
    held = Meeting.objects.filter(family=OuterRef("pk"), status=MeetingStatus.HELD)
    opened_before = Case(
        When(icwa_applies=True, then=Value(_days_before(today, FIRST_MEETING_DAYS_ICWA))),
        default=Value(_days_before(today, FIRST_MEETING_DAYS)),
        output_field=DateField(),
    )
    return _flag(Q(status=FamilyStatus.OPEN) & ~Exists(held) & LessThan(opened_on(), opened_before))


def action_items_overdue(*, today: date, month_began: datetime):
    """Action items done by their dates: open items from Family Team Meetings and from
    consultations whose date has passed."""
    meeting_items = ActionItem.objects.filter(
        family=OuterRef("pk"), status=ActionStatus.OPEN, due_on__lt=today
    )
    agreed = ConsultationAction.objects.filter(
        family=OuterRef("pk"), status=ActionStatus.OPEN, due_on__lt=today
    )
    return count_of(meeting_items) + count_of(agreed)


def waiting_for_supervisor(*, today: date, month_began: datetime):
    """Pending approvals: case plans and court reports submitted, risk, safety and reunification
    overrides and closures asked for (what the approvals inbox lists)."""
    plans = CasePlan.objects.filter(family=OuterRef("pk"), status=PlanStatus.SUBMITTED)
    reports = CourtReport.objects.filter(family=OuterRef("pk"), status=CourtReportStatus.SUBMITTED)
    overrides = RiskAssessment.objects.filter(family=OuterRef("pk"), override_status=OverrideStatus.PENDING)
    safety_overrides = SafetyAssessment.objects.filter(
        family=OuterRef("pk"), override_status=OverrideStatus.PENDING
    )
    reunification_overrides = ReunificationReassessment.objects.filter(
        family=OuterRef("pk"), override_status=OverrideStatus.PENDING
    )
    closures = ClosureRequest.objects.filter(family=OuterRef("pk"), status=ClosureStatus.PENDING)
    return (
        count_of(plans)
        + count_of(reports)
        + count_of(overrides)
        + count_of(safety_overrides)
        + count_of(reunification_overrides)
        + count_of(closures)
    )


def children_in_care_not_seen_where_they_live(*, today: date, month_began: datetime):
    """A child in care seen where they live each month: the children living in an out-of-home
    placement today (placements.models.IN_CARE) not seen in person, since the 1st, at a
    contact recorded as a placement visit (families.ContactKind: the visit records where)."""
    in_care = Placement.objects.filter(
        child_id=OuterRef("pk"), setting__in=IN_CARE, started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    seen_there = Contact.children_seen.through.objects.filter(
        child_id=OuterRef("pk"),
        contact__occurred_at__gte=month_began,
        contact__kind=ContactKind.PLACEMENT_VISIT,
    )
    return count_of(children_at_home().filter(Exists(in_care), ~Exists(seen_there)))


MOVES_WITHIN_DAYS = 365


def placement_moves(*, today: date, month_began: datetime):
    """Placement moves counted per child: the moves of the family's children in the last 12
    months (a placement that began then, after an earlier placement of the same child)."""
    earlier = Placement.objects.filter(child_id=OuterRef("child_id"), started_on__lt=OuterRef("started_on"))
    moves = Placement.objects.filter(
        family=OuterRef("pk"), started_on__gt=_days_before(today, MOVES_WITHIN_DAYS), started_on__lte=today
    ).filter(Exists(earlier))
    return count_of(moves)


# The window family time is judged over: 31 days hold a monthly plan's visits once and a
# weekly plan's four times (placements.models.FamilyTimePlan.planned_between, which the
# family's pages use, counts the same).
FAMILY_TIME_WINDOW_DAYS = 31


def family_time_below_plan(*, today: date, month_began: datetime):
    """Family time below the planned frequency: the family-time plans in force for the whole
    of the last 31 days with fewer visits held in them than the plan asks for."""
    first = _days_before(today, FAMILY_TIME_WINDOW_DAYS - 1)
    window_began = timezone.make_aware(datetime.combine(first, time.min))
    held = (
        FamilyTimeVisit.objects.filter(plan_id=OuterRef("pk"), status=VisitStatus.HELD)
        .filter(
            scheduled_at__gte=window_began,
            scheduled_at__lt=timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min)),
        )
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def times(per_days: float):
        share = ExpressionWrapper(
            F("times") * Value(FAMILY_TIME_WINDOW_DAYS / per_days), output_field=FloatField()
        )
        return Floor(share)

    planned = Case(When(per=Per.WEEK, then=times(7)), default=times(30.4375), output_field=IntegerField())
    below = (
        FamilyTimePlan.objects.filter(family=OuterRef("pk"), started_on__lte=first)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .annotate(held=Coalesce(Subquery(held, output_field=IntegerField()), NONE), planned=planned)
        .filter(held__lt=F("planned"))
    )
    return count_of(below)


@dataclass(frozen=True)
class Rule:
    slug: str  # in URLs, and the name of the annotation
    heading: str  # the Unit review column (marked for translation)
    counts: str  # what one unit of the number is: "families", "children" or "items" (a code)
    expression: Callable
    describes: str  # the heading of the list of families behind the number (marked)

    @property
    def field(self) -> str:
        """The name of the rule's annotation on a Family queryset."""
        return f"rule_{self.slug}"

    @property
    def is_a_concern(self) -> bool:
        """Every number but the caseload's size is something to act on."""
        return self.slug not in ("caseload", "children")


RULES = [
    Rule("caseload", _("Families"), "families", caseload, _("Families not closed")),
    Rule("children", _("Children"), "children", children_in_household, _("Families with children at home")),
    Rule(
        "not_seen",
        _("Children not seen this month"),
        "children",
        children_not_seen_this_month,
        _("Families with children not seen in person this month"),
    ),
    Rule(
        "first_contact",
        _("First contact late"),
        "families",
        first_contact_overdue,
        _("Referrals past their first-contact deadline"),
    ),
    Rule(
        "unsafe",
        _("Unsafe or conditionally safe"),
        "families",
        unsafe_or_conditionally_safe,
        _("Families whose latest safety decision is unsafe or conditionally safe"),
    ),
    Rule(
        "high_risk",
        _("High or very high risk"),
        "families",
        high_or_very_high_risk,
        _("Families at high or very high risk"),
    ),
    Rule(
        "case_plan",
        _("Case plan missing or review late"),
        "families",
        case_plan_overdue,
        _("Families without a case plan after 60 days, or past their review"),
    ),
    Rule(
        "risk_reassessment",
        _("Risk reassessment missing before the review"),
        "families",
        risk_reassessment_missing,
        _("In-home families whose six-month review is near or past with no risk reassessment since the plan"),
    ),
    Rule(
        "reunification_reassessment",
        _("Reunification reassessment missing"),
        "families",
        reunification_reassessment_missing,
        _(
            "Families with a child in care whose review is near or past with no reunification "
            "reassessment of the child since the plan"
        ),
    ),
    Rule(
        "case_plan_unsigned",
        _("Approved plan unsigned"),
        "families",
        case_plan_unsigned,
        _("Families whose approved case plan the caregivers have not signed 30 days after approval"),
    ),
    Rule(
        "court_report",
        _("Court report late"),
        "items",
        court_report_overdue,
        _("Families with a hearing coming whose court report was not final 10 days before it"),
    ),
    Rule(
        "first_meeting",
        _("First meeting late"),
        "families",
        first_meeting_overdue,
        _("Families whose first Family Team Meeting is late"),
    ),
    Rule(
        "action_items",
        _("Action items overdue"),
        "items",
        action_items_overdue,
        _("Families with action items past their date"),
    ),
    Rule(
        "in_care_not_seen",
        _("Children in care not seen where they live"),
        "children",
        children_in_care_not_seen_where_they_live,
        _("Families with a child in care not seen where they live this month"),
    ),
    Rule(
        "moves",
        _("Placement moves (12 months)"),
        "items",
        placement_moves,
        _("Families whose children moved placement in the last 12 months"),
    ),
    Rule(
        "family_time",
        _("Family time below the plan"),
        "items",
        family_time_below_plan,
        _("Families with family time held less often than planned in the last 31 days"),
    ),
    Rule(
        "waiting",
        _("Waiting for the supervisor"),
        "items",
        waiting_for_supervisor,
        _("Families with a plan, override or closure waiting for the supervisor"),
    ),
]
RULES_BY_SLUG = {rule.slug: rule for rule in RULES}


def judged(families: QuerySet) -> QuerySet:
    """The families the rules judge: those not closed."""
    return families.exclude(status=FamilyStatus.CLOSED)


LATE = [
    "not_seen", "first_contact", "case_plan", "case_plan_unsigned", "court_report", "first_meeting",
    "action_items", "in_care_not_seen", "family_time",
]  # fmt: skip


def anything_late_sql() -> str:
    """A family with at least one deadline missed, as SQL over with_rules' columns (their
    names are the rules' own, never input)."""
    return " OR ".join(f"{RULES_BY_SLUG[slug].field} > 0" for slug in LATE)


@lru_cache(maxsize=8)
def rule_expressions(today: date, month_began: datetime) -> dict:
    """Every rule's expression, by annotation name, for a day. Building them takes longer than
    the database takes to work them out (ten nested querysets), and they are the same all
    day, so they are built once a day (a month's start is part of the key). Django copies an
    expression each time a query uses it, so one built here is never changed by a query."""
    return {rule.field: rule.expression(today=today, month_began=month_began) for rule in RULES}


def _expressions(today: date, now: datetime) -> dict:
    return rule_expressions(today, month_start(now))


def with_rules(families: QuerySet, *, today: date, now: datetime) -> QuerySet:
    """Each family with one integer annotation per rule, named `rule.field`."""
    return judged(families).annotate(**_expressions(today, now))


def rule_rows(user, *, today: date, now: datetime) -> QuerySet:
    """The families `user` may see that the rules judge, each with every rule's number.
    The annotated queryset is kept for the day, as families.selectors.caseload_rows is, and
    a copy is narrowed for each request: built on every request instead, Unit review took
    47-52 % more CPU time (issue 24, bench/plain_django.py, 10,000 families)."""
    return _rule_rows(today, month_start(now)).visible_to(user, granted=False)


@lru_cache(maxsize=2)
def _rule_rows(today: date, month_began: datetime) -> QuerySet:
    return compiled_once(with_rules(Family.objects.all(), today=today, now=month_began))


def families_where(families: QuerySet, rule: Rule, *, today: date, now: datetime) -> QuerySet:
    """The families behind one number: those for which the rule counts at least one."""
    expression = _expressions(today, now)[rule.field]
    return judged(families).alias(**{rule.field: expression}).filter(**{f"{rule.field}__gt": 0})
