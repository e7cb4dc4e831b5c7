"""Places in the caseload and the family overview that the apps above families fill.

`families` imports none of the apps built on it (safety_networks, protective_factors,
meetings, case_plans). They register here, from their AppConfig.ready(): a caseload
column (a queryset annotation and the HTML of one cell, see families/caseload.py) or an
overview panel (a template, a context function, and the facts it reads from the family row
itself, fetched with that row in one query). Each registration costs a fixed number of
queries, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CaseloadColumn:
    header: str
    cell: Callable[..., SafeString | str | int]  # cell(family): a row's HTML (format_html), or text
    annotate: Callable[[QuerySet], QuerySet] | None = None  # None: uses another column's annotation
    order: int = 50
    numeric: bool = False  # right-aligned
    # value(family): the cell's plain value in an export (text, number, date, None); None: the
    # text of the cell's HTML (families.caseload.export_columns)
    value: Callable | None = None


@dataclass(frozen=True)
class OverviewPanel:
    template: str  # rendered with `family`, `user` and what `context` returns
    context: Callable[..., dict]  # context(family=..., user=...) -> dict; `family` is annotate's row
    annotate: Callable[[QuerySet], QuerySet] | None = None  # counts and dates read with the family row
    order: int = 50


caseload_columns: list[CaseloadColumn] = []
overview_panels: list[OverviewPanel] = []
# Checks made before a referral opens as a case: check(family) raises ValidationError to
# refuse (intake: a referral screened out can't open without being screened in).
opening_checks: list[Callable] = []
# What must be decided before a family closes: check(family) returns a sentence naming what
# still waits for a decision (safety_networks: a risk override; case_plans: a submitted plan),
# or "" when nothing does.
closing_checks: list[Callable] = []


def register_caseload_column(column: CaseloadColumn) -> None:
    if column not in caseload_columns:
        caseload_columns.append(column)
        caseload_columns.sort(key=lambda c: c.order)


def register_overview_panel(panel: OverviewPanel) -> None:
    if panel not in overview_panels:
        overview_panels.append(panel)
        overview_panels.sort(key=lambda p: p.order)


def register_opening_check(check: Callable) -> None:
    if check not in opening_checks:
        opening_checks.append(check)


def check_opening(family) -> None:
    """Run every registered check before `family` opens as a case (raises ValidationError)."""
    for check in opening_checks:
        check(family)


def register_closing_check(check: Callable) -> None:
    if check not in closing_checks:
        closing_checks.append(check)


def check_closing(family) -> None:
    """Refuse to close `family` while something waits for a decision (raises ValidationError
    naming each thing), so a closure never leaves a supervisor's decision hanging."""
    waiting = [reason for check in closing_checks if (reason := check(family))]
    if waiting:
        raise ValidationError(
            _("The family can't close while this waits for a decision: %(waiting)s")
            % {"waiting": " ".join(waiting)}
        )


def annotate_caseload(families: QuerySet) -> QuerySet:
    for column in caseload_columns:
        if column.annotate is not None:
            families = column.annotate(families)
    return families


def annotate_overview(families: QuerySet) -> QuerySet:
    """The family row as the overview reads it: with every panel's annotations (one query)."""
    for panel in overview_panels:
        if panel.annotate is not None:
            families = panel.annotate(families)
    return families


def overview_context(*, family, user) -> list[dict]:
    """Each registered panel: its template, and its context (the template reads it as `panel`)."""
    return [
        {"template": panel.template, **panel.context(family=family, user=user)} for panel in overview_panels
    ]


@dataclass(frozen=True)
class PriorInvolvement:
    """One prior involvement of a person, as the overview and the match check show it. For
    a family the user may not open (`visible` False) only these fields are shown: no names,
    no addresses, no content."""

    kind: str  # what it was: "Caregiver", "Child", and from intake "Referral", "Finding" …
    case_number: str
    family_public_id: object  # UUID, for the link (visible) or the access request (not)
    status: str  # as shown (translated)
    started_on: object  # date
    ended_on: object  # date or None
    unit: str
    visible: bool
    detail: str = ""  # e.g. a finding's outcome; shown only when visible


# prior_history(person_ids=..., user=..., family=...) -> {person_id: [PriorInvolvement, …]}:
# an app above families (intake: prior referrals and findings) adds rows to each person's
# prior history on the overview of `family` (whose own records it leaves out: they are not
# prior), in a fixed number of queries whatever the number of people.
prior_history_sources: list[Callable[..., dict]] = []


def register_prior_history(source: Callable[..., dict]) -> None:
    if source not in prior_history_sources:
        prior_history_sources.append(source)


@dataclass(frozen=True)
class PrioritySetBy:
    """The record that set the family's response priority (intake: a screening decision).
    While one is in force, the family's "Edit details" shows the priority read-only with a
    link to it: the priority changes only by a new decision there."""

    url: str
    label: str  # e.g. "the screening decision of 3 Mar 2026" (translated)


# priority_set_by(family) -> PrioritySetBy | None, in one query.
priority_sources: list[Callable] = []


def register_priority_source(source: Callable) -> None:
    if source not in priority_sources:
        priority_sources.append(source)


def priority_set_by(family) -> PrioritySetBy | None:
    """What set `family`'s response priority, if a registered app says it did."""
    for source in priority_sources:
        if (set_by := source(family)) is not None:
            return set_by
    return None


@dataclass(frozen=True)
class PlanGoal:
    """A goal of the family's case plan in force, as a lower app reads it (safety_networks:
    the reunification reassessment rates the caregivers' progress on each)."""

    key: str  # stable across plan versions: "safety-<goal id>" or "well-being-<goal id>"
    kind: str  # e.g. "Safety goal" (translated)
    wording: str


# plan_goals(family) -> list[PlanGoal] (case_plans: the goals of the approved plan in force,
# in the plan's order), in a fixed number of queries.
plan_goal_sources: list[Callable] = []


def register_plan_goals(source: Callable) -> None:
    if source not in plan_goal_sources:
        plan_goal_sources.append(source)


def active_plan_goals(family) -> list[PlanGoal]:
    """The goals of the family's case plan in force (none: no plan approved)."""
    return [goal for source in plan_goal_sources for goal in source(family)]


@dataclass(frozen=True)
class HistorySource:
    """A model whose django-simple-history rows show on the family's Changes page, field by
    field (families/history.py), registered by the app that owns it (intake: referrals and
    allegations; safety_networks: the map, network, plans and assessments; …). The fields
    shown are the model's own, read from it (a field added later shows without a change
    here). One query per source, whatever the number of changes.

    Each record also has a Changes page of its own (families:record_changes, `kind` and the
    record's id): the rows of every source of that kind whose `record_field` holds the id
    (a safety plan's page lists its rules' changes too)."""

    model: type
    # rows(family): the model's history rows that belong to the family; None: those whose
    # `family` is the family
    rows: Callable[..., QuerySet] | None = None
    # label(row, names): the record as the page names it (translated); names.person(model, pk)
    # names a caregiver or child of the family. None: the model's verbose name.
    label: Callable[..., str] | None = None
    hidden: frozenset[str] = frozenset()  # fields never shown (beyond ids, versions, timestamps)
    kind: str = ""  # the record page these rows show on; "": the model's own (record_kind)
    record_field: str = "id"  # the history row's field holding that record's id

    @property
    def record_kind(self) -> str:
        return self.kind or record_kind(self.model)

    def family_rows(self, family) -> QuerySet:
        if self.rows is not None:
            return self.rows(family)
        return self.model.history.filter(family_id=family.pk)

    def name(self, row, names) -> str:
        if self.label is not None:
            return self.label(row, names)
        return str(self.model._meta.verbose_name).capitalize()


def record_kind(model) -> str:
    """The `kind` in the URL of a record's Changes page: "safety-networks-safetyplan"."""
    return model._meta.label_lower.replace(".", "-").replace("_", "-")


history_sources: list[HistorySource] = []


def register_history_source(source: HistorySource) -> None:
    if source not in history_sources:
        history_sources.append(source)


# What happened in families' own services, for an app above it to hear (notifications: the
# bell). listener(event, **facts) is called inside the service's transaction, so a change
# that rolls back leaves nothing behind. Events and their facts:
#   "family_assigned": family, caseworker, by
#   "closure_requested": request, by          "closure_decided": request, by
#   "access_requested": request, by           "access_decided": request, by
event_listeners: list[Callable[..., None]] = []


def register_event_listener(listener: Callable[..., None]) -> None:
    if listener not in event_listeners:
        event_listeners.append(listener)


def announce(event: str, **facts) -> None:
    """Tell every registered listener that `event` happened."""
    for listener in event_listeners:
        listener(event, **facts)


@dataclass(frozen=True)
class ReportSection:
    """A section of the court report (court.document_kind) that an app other than court
    drafts from its own records (placements: the placement history and family time), so
    that court imports none of them and an app below court can still fill its part.

    `context(family=..., as_of=..., withhold_addresses=...)` returns a dict the section's
    template reads as `section` (a few queries, whatever the number of rows); it must leave
    out every address when `withhold_addresses` is True (a court order keeps an address from
    the parents), and never name a reporter. The template is a partial under templates/pdf/."""

    key: str
    heading: str  # marked for translation
    template: str
    context: Callable[..., dict]
    order: int = 50


report_sections: list[ReportSection] = []


def register_report_section(section: ReportSection) -> None:
    if all(s.key != section.key for s in report_sections):
        report_sections.append(section)
        report_sections.sort(key=lambda s: s.order)


def unregister_report_section(key: str) -> None:
    """Take a section out again (tests)."""
    report_sections[:] = [s for s in report_sections if s.key != key]
