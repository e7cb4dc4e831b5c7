"""What a digest says: for a caseworker, what is due or overdue this week on each of their
families; for a supervisor, what waits for them and where their unit stands.

Every figure comes from the selectors the pages use (the caseload's columns, Unit review's
rules, the approvals inbox), so an email never disagrees with the page it links to. A digest
holds case numbers, counts, dates and links only: it never reads a person's name, an address
or anything written about the family (issue 20). Queries: 1 for a caseworker, 7 for a
supervisor, whatever the size of the caseload or the unit.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from accounts.models import Role, User
from case_plans.selectors import case_plan_due_of
from families.caseload import day
from families.deadlines import month_end
from families.models import Family, FamilyStatus
from families.selectors import caseload_for_worker
from meetings.selectors import first_meeting_of, with_action_items_due_between
from safety_networks.models import RiskAssessment, SafetyAssessment
from supervision.compliance import RULES_BY_SLUG, rule_rows
from supervision.selectors import (
    CASELOAD_GUIDE,
    approvals_waiting,
    came_to_breach,
    unit_review,
    with_agreed_actions_due_between,
)

from .models import DigestFrequency

# What a digest looks ahead to: the coming seven days.
HORIZON_DAYS = 7
# "Rules breached this week": the families that came to breach a rule in these last days.
BREACHED_DAYS = 7
# An approval is mentioned once it has waited this many working days (Monday to Friday).
APPROVAL_WAITING_WORKING_DAYS = 2


@dataclass
class DueThing:
    """One thing due on a family: a code, a date and, where it counts something, how many."""

    code: str  # "not_seen", "first_contact", "first_plan", "plan_review", "first_meeting",
    # "actions" (past their date), "actions_due" (due this week; `on` is the earliest)
    on: date | None
    overdue: bool
    count: int = 0

    @cached_property
    def words(self) -> str:
        """What the email says of it, in the active language (the digest is built and rendered
        in the reader's). Written here, with the caseload's own date writer, rather than in a
        template: the date filter asked gettext for each month and weekday name, most of the
        time a caseworker's digest took (bench/RESULTS.md, "Email digests")."""
        if self.code == "actions":
            return ngettext(
                "%(counter)s action item past its date",
                "%(counter)s action items past their date",
                self.count,
            ) % {"counter": self.count}
        if self.code == "actions_due":
            return ngettext(
                "%(counter)s action item due %(day)s",
                "%(counter)s action items due this week, the first %(day)s",
                self.count,
            ) % {"counter": self.count, "day": day(self.on)}
        if self.code in FIXED_WORDS:
            return str(FIXED_WORDS[self.code])
        if self.code == "not_seen":
            words = ngettext(
                "%(counter)s child not yet seen this month (by %(day)s)",
                "%(counter)s children not yet seen this month (by %(day)s)",
                self.count,
            ) % {"counter": self.count, "day": day(self.on)}
        else:
            words = DUE_WORDS[self.code] % {"day": day(self.on)}
        return gettext("%(words)s — OVERDUE") % {"words": words} if self.overdue else words


DUE_WORDS = {
    "first_contact": gettext_lazy("first contact due %(day)s"),
    "first_plan": gettext_lazy("first case plan due %(day)s"),
    "plan_review": gettext_lazy("case plan review due %(day)s"),
    "first_meeting": gettext_lazy("first Family Team Meeting due %(day)s"),
}
FIXED_WORDS = {
    "unsafe": gettext_lazy("unsafe or conditionally safe"),
    "high_risk": gettext_lazy("high or very high risk"),
}


@dataclass
class FamilyDue:
    case_number: str
    url: str
    things: list[DueThing] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(thing.overdue for thing in self.things)


@dataclass
class Waiting:
    kind: str  # "case_plan", "court_report", "risk_override", "safety_override",
    # "reunification_override" or "closure"
    case_number: str
    since: date


@dataclass
class RuleCount:
    """A rule the unit's families came to breach during the week: their case numbers, and
    the link to Unit review's list of every family breaching it."""

    slug: str
    heading: str
    case_numbers: list[str]
    url: str

    @property
    def number(self) -> int:
        return len(self.case_numbers)


@dataclass
class WorkerOver:
    """A caseworker over the caseload guide: staff names are not case detail."""

    name: str
    caseload: int


@dataclass
class Digest:
    """Everything one digest email shows. `role` picks the template's sections."""

    role: str
    today: date
    since: date  # the start of the period the digest reports "new" things from
    families: list[FamilyDue] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    newly_unsafe: list[FamilyDue] = field(default_factory=list)
    over_guide: list[WorkerOver] = field(default_factory=list)
    rules: list[RuleCount] = field(default_factory=list)
    breached_since: date | None = None
    links: dict = field(default_factory=dict)
    caseload_guide: int = CASELOAD_GUIDE

    @property
    def is_empty(self) -> bool:
        return not (self.families or self.waiting or self.newly_unsafe or self.over_guide or self.rules)


def site_url(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


def working_days_before(day: date, days: int) -> date:
    """The day `days` working days (Monday to Friday) before `day`."""
    while days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def period_start(frequency: str, today: date) -> date:
    """Where "new since the last digest" begins: yesterday for a daily digest, a week ago for
    a weekly one."""
    return today - timedelta(days=7 if frequency == DigestFrequency.WEEKLY else 1)


# --- A caseworker's digest -------------------------------------------------------------------


def _things_due(family: Family, *, today: date, horizon: date) -> list[DueThing]:
    """What is due on one caseload row by `horizon`, or overdue, from the caseload's own
    functions (families.deadlines, case_plans.deadlines, meetings.deadlines)."""
    if family.status == FamilyStatus.CLOSED:
        return []
    things = []
    if family.status == FamilyStatus.REFERRAL and family.first_contact_at is None:
        due = family.first_contact_due
        if due <= horizon:
            things.append(DueThing("first_contact", due, overdue=due < today))
    if family.children_unseen:
        things.append(DueThing("not_seen", month_end(today), overdue=False, count=family.children_unseen))
    plan = case_plan_due_of(family)
    if plan is not None and plan.on <= horizon:
        code = "plan_review" if plan.what == "review" else "first_plan"
        things.append(DueThing(code, plan.on, overdue=plan.overdue))
    meeting = first_meeting_of(family)
    if meeting is not None and meeting.state != "held" and meeting.on <= horizon:
        things.append(DueThing("first_meeting", meeting.on, overdue=meeting.state == "overdue"))
    overdue_items = (family.overdue_action_items or 0) + (family.agreed_overdue or 0)
    if overdue_items:
        things.append(DueThing("actions", None, overdue=True, count=overdue_items))
    due_items = family.action_items_due + family.agreed_due
    if due_items:
        first = min(on for on in (family.action_items_due_first, family.agreed_due_first) if on)
        things.append(DueThing("actions_due", first, overdue=False, count=due_items))
    return things


def caseworker_digest(
    user: User, *, today: date | None = None, frequency: str = DigestFrequency.DAILY
) -> Digest:
    """The families assigned to `user` with something due by a week from today, or overdue,
    those with something overdue first. Action items count once due from today to the horizon
    (the meeting's, and the consultation's that `user` took on), once past it. Queries: 1 (My
    caseload's own query, with the items due this week as four more subqueries)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=HORIZON_DAYS)
    digest = Digest(role=Role.CASEWORKER, today=today, since=period_start(frequency, today))
    overview = reverse("families:overview", args=["00000000-0000-0000-0000-000000000000"])
    rows = caseload_for_worker(user, sort="case").exclude(status=FamilyStatus.CLOSED)
    rows = with_agreed_actions_due_between(
        with_action_items_due_between(rows, today, horizon), user, today, horizon
    )
    for family in rows:
        things = _things_due(family, today=today, horizon=horizon)
        if things:
            url = site_url(overview.replace("00000000-0000-0000-0000-000000000000", str(family.public_id)))
            digest.families.append(FamilyDue(family.case_number, url, things))
    digest.families.sort(key=lambda due: (not due.overdue, due.case_number))
    digest.links = {"caseload": site_url(reverse("families:my_caseload"))}
    return digest


# --- A supervisor's digest -------------------------------------------------------------------


def _newly_unsafe(user: User, *, today: date, since: date) -> list[FamilyDue]:
    """The unit's families whose latest safety decision is unsafe or conditionally safe, or
    whose risk in force is high or very high, where that assessment (or the override's
    approval) came on or after `since`. Queries: 1."""
    now = timezone.now()
    since_moment = timezone.make_aware(datetime.combine(since, time.min))
    recent_safety = SafetyAssessment.objects.filter(family=OuterRef("pk"), assessed_on__gte=since).exclude(
        status="draft"
    )
    recent_risk = RiskAssessment.objects.filter(family=OuterRef("pk")).filter(
        Q(assessed_on__gte=since) | Q(override_decided_at__gte=since_moment)
    )
    unsafe, high = RULES_BY_SLUG["unsafe"].field, RULES_BY_SLUG["high_risk"].field
    families = (
        rule_rows(user, today=today, now=now)
        .filter(assigned_caseworker__unit_id=user.unit_id)
        .alias(recent_safety=Exists(recent_safety), recent_risk=Exists(recent_risk))
        .filter(Q(**{f"{unsafe}__gt": 0}, recent_safety=True) | Q(**{f"{high}__gt": 0}, recent_risk=True))
        .order_by("case_number")
        .values_list("case_number", "public_id", unsafe, high)
    )
    overview = reverse("families:overview", args=["00000000-0000-0000-0000-000000000000"])
    found = []
    for case_number, public_id, is_unsafe, is_high in families:
        url = site_url(overview.replace("00000000-0000-0000-0000-000000000000", str(public_id)))
        things = [
            DueThing(code, None, overdue=False)
            for code, flag in (("unsafe", is_unsafe), ("high_risk", is_high))
            if flag
        ]
        found.append(FamilyDue(case_number, url, things))
    return found


def supervisor_digest(
    user: User, *, today: date | None = None, frequency: str = DigestFrequency.DAILY
) -> Digest:
    """Approvals waiting more than two working days, families newly unsafe or at high risk,
    caseworkers over the caseload guide and the rules the unit's families came to breach
    this week. Queries: 7 (the approvals inbox's 3, Unit review's 2, one for the families
    newly unsafe, one for the rules newly breached)."""
    today = today or timezone.localdate()
    since = period_start(frequency, today)
    digest = Digest(role=Role.SUPERVISOR, today=today, since=since)
    if user.unit_id is None:
        return digest
    cutoff = working_days_before(today, APPROVAL_WAITING_WORKING_DAYS)
    for item in approvals_waiting(user):
        waited_since = timezone.localdate(item.since) if item.since else None
        if waited_since is None or waited_since < cutoff:
            digest.waiting.append(Waiting(item.kind, item.family.case_number, waited_since or cutoff))
    digest.newly_unsafe = _newly_unsafe(user, today=today, since=since)
    now = timezone.now()
    review = unit_review(user, unit=user.unit, now=now)
    digest.over_guide = [
        WorkerOver(str(row.who), row.numbers.get("caseload", 0))
        for row in review["rows"]
        if row.numbers.get("caseload", 0) > CASELOAD_GUIDE
    ]
    behind = site_url(reverse("supervision:families"))
    newly = came_to_breach(user, unit=user.unit, today=today, now=now, days=BREACHED_DAYS)
    digest.rules = [
        RuleCount(slug, str(RULES_BY_SLUG[slug].heading), cases, f"{behind}?rule={slug}")
        for slug, cases in newly.items()
    ]
    digest.breached_since = today - timedelta(days=BREACHED_DAYS)
    digest.links = {
        "approvals": site_url(reverse("supervision:approvals")),
        "unit_review": site_url(reverse("supervision:unit_review")),
    }
    return digest


def digest_for(
    user: User, *, today: date | None = None, frequency: str = DigestFrequency.DAILY
) -> Digest | None:
    """The digest of `user`'s role; None for a role that gets none (program administrators
    read the agency's review on its page)."""
    if user.role == Role.CASEWORKER:
        return caseworker_digest(user, today=today, frequency=frequency)
    if user.role == Role.SUPERVISOR:
        return supervisor_digest(user, today=today, frequency=frequency)
    return None
