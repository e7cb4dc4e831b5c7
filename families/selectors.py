"""Reads of the case record, each with the joins its page needs (no query per row)."""

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import supervisor_of_unit

from .compiled_once import compiled_once
from .extensions import annotate_caseload, annotate_overview
from .family_row import AllRecords
from .family_wording import (
    DocumentWording,
    WordedText,
    WordingKind,
    document_language_asked,
    kinds_in_order,
    original_language,
    still_to_translate,
    worded,
    wording_kinds,
)
from .models import (
    Caregiver,
    CaregiverChild,
    Child,
    Contact,
    Family,
    FamilyStatus,
    FamilyStatusChange,
    Relationship,
    document_languages,
)
from .person_selectors import with_prior_families
from .search import fold

CASELOAD_SORTS = {
    # search_text begins with the folded family name, so "Åberg" sorts with the A's.
    "name": ("search_text", "case_number"),
    "case": ("case_number",),
    "last_visit": (F("last_contact_at").desc(nulls_last=True), "search_text"),
    "unseen": ("-children_unseen", "search_text"),
}


def month_start(now: datetime) -> datetime:
    """Midnight on the first day of `now`'s month, in the agency's time zone."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def seen_this_month(last_seen: datetime | None, now: datetime) -> bool:
    """Was the child seen in person during the current calendar month (agency time)?"""
    return last_seen is not None and last_seen >= month_start(now)


def _seen_in_person_since(since: datetime):
    """Contacts of the outer child in which they were seen, since a moment."""
    return Contact.children_seen.through.objects.filter(
        child_id=OuterRef("pk"), contact__occurred_at__gte=since
    )


def count_of(rows: QuerySet) -> Coalesce:
    """COUNT of a correlated subquery of the outer family's rows, 0 when there are none."""
    counted = rows.order_by().values("family_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def children_at_home() -> QuerySet:
    """The outer family's children still in the household."""
    return Child.objects.filter(family_id=OuterRef("pk"), left_household_on__isnull=True)


def children_not_seen_since(since: datetime) -> QuerySet:
    """The outer family's children at home not seen in person since a moment."""
    return children_at_home().filter(~Exists(_seen_in_person_since(since)))


def opened_on() -> Subquery:
    """The day the outer family first became an open case: the clock for the first case plan
    and the first Family Team Meeting."""
    first = (
        FamilyStatusChange.objects.filter(family=OuterRef("pk"), to_status=FamilyStatus.OPEN)
        .order_by()
        .values("family")
        .annotate(first=Min("effective_on"))
        .values("first")
    )
    return Subquery(first[:1], output_field=DateField())


def with_opened_on(families: QuerySet) -> QuerySet:
    """The families with `opened_on` (see opened_on), once however many columns read it."""
    if "opened_on" in families.query.annotations:
        return families
    return families.annotate(opened_on=opened_on())


def with_caseload_columns(families: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """Annotate the columns of a caseload row: current children, last contact, children not
    yet seen in person this month. Each is a subquery, so there is one query for any number
    of families."""
    since = month_start(now or timezone.now())
    return families.select_related("assigned_caseworker").annotate(
        children_count=count_of(children_at_home()),
        children_unseen=count_of(children_not_seen_since(since)),
        last_contact_at=Subquery(
            Contact.objects.filter(family_id=OuterRef("pk"))
            .order_by("-occurred_at")
            .values("occurred_at")[:1]
        ),
    )


def caseload_rows(user, *, now: datetime | None = None) -> QuerySet:
    """The families `user` may see, with every caseload column annotated (those above and
    those the apps register), for the caller to narrow and order.

    The annotations are a score of nested querysets that took longer to build than the
    database takes to answer them, and they are the same all day: they are built once a
    day and copied for each request (filtering a queryset copies it; the one kept here is
    never evaluated).

    What keeping them buys (issue 24, bench/plain_django.py, 10,000 families): built on every
    request instead, My caseload took 38-42 % more CPU and 38-41 % more wall time than with the
    querysets kept (both without families.compiled_once)."""
    now = now or timezone.now()
    return _caseload_rows(timezone.localdate(now), month_start(now)).visible_to(user, granted=False)


@lru_cache(maxsize=2)
def _caseload_rows(today: date, month_began: datetime) -> QuerySet:
    # `today` is the key only: the columns that read the date (meetings' overdue items, the
    # last two weeks of supervision) take it from the clock while this is built, that day.
    return compiled_once(annotate_caseload(with_caseload_columns(Family.objects.all(), now=month_began)))


def overview_rows() -> QuerySet:
    """Families as the overview reads them: each with the counts and dates its panels read
    from the family row (families.extensions.OverviewPanel.annotate). Built once a day, as
    caseload_rows is; family_view narrows it to the family asked for, if the user may see it.
    Kept, it saves about 31 % of the overview's CPU time (issue 24, bench/plain_django.py).
    Its SQL is compiled on each request: families.compiled_once saved under 20 % here."""
    return _overview_rows(timezone.localdate()).all()


@lru_cache(maxsize=2)
def _overview_rows(today: date) -> QuerySet:
    rows = Family.objects.select_related("assigned_caseworker").annotate(**STATUS_HISTORY.annotations())
    return annotate_overview(rows)


STATUS_HISTORY = AllRecords(
    "status_history",
    FamilyStatusChange.objects.filter(family=OuterRef("pk")),
    # Who made each change, by the names User.__str__ reads.
    ("id", "from_status", "to_status", "effective_on", "reason", "recorded_at")
    + ("changed_by__first_name", "changed_by__last_name", "changed_by__username"),
)


def caseload_for_worker(user, *, status: str | None = None, query: str = "", sort: str = "name"):
    """My caseload: the families assigned to `user`, with the caseload columns.

    Queries: 1."""
    families = caseload_rows(user).filter(assigned_caseworker=user)
    return _filtered(families, status=status, query=query, sort=sort)


def family_search(user, *, query: str, status: str | None = None, sort: str = "name"):
    """Find a family among those `user` may see, by family name, case number, or any
    caregiver's or child's name, ignoring case and accents. Queries: 1."""
    if not fold(query):
        return Family.objects.none()
    return _filtered(caseload_rows(user), status=status, query=query, sort=sort)


def _filtered(families: QuerySet, *, status: str | None, query: str, sort: str) -> QuerySet:
    if status:
        families = families.filter(status=status)
    for word in fold(query).split():
        families = families.filter(search_text__contains=word)
    return families.order_by(*CASELOAD_SORTS.get(sort, CASELOAD_SORTS["name"]))


def children_with_last_seen(family: Family) -> QuerySet:
    """The family's children, current first, each with the last time seen in person."""
    children = family.children.annotate(last_seen_at=Max("contacts_seen_in__occurred_at"))
    return with_prior_families(children).order_by(
        F("left_household_on").desc(nulls_first=True), "date_of_birth", "first_name"
    )


def family_overview(family: Family, *, now: datetime | None = None) -> dict:
    """Everything the family overview shows beyond the family row, for a row from
    overview_rows (which brings the status history).

    Caregivers and children come with the families they were involved in before
    (families.person_selectors.with_prior_families), read in the same queries.

    Queries: 4 (caregivers; children with last seen; the 5 most recent contacts; who is whose
    child, and who was seen and who took part in those contacts)."""
    now = now or timezone.now()
    caregivers = list(
        with_prior_families(family.caregivers.all()).order_by(
            F("left_household_on").desc(nulls_first=True), "-is_primary", "first_name"
        )
    )
    children = list(children_with_last_seen(family))
    for child in children:
        child.seen_this_month = seen_this_month(child.last_seen_at, now)
    recent_contacts = list(family.contacts.select_related("recorded_by")[:5])
    link_people(children=children, caregivers=caregivers, contacts=recent_contacts)
    return {
        "caregivers": caregivers,
        "children": children,
        "recent_contacts": recent_contacts,
        "status_changes": sorted(
            STATUS_HISTORY.of(family), key=attrgetter("recorded_at", "id"), reverse=True
        )[:10],
    }


def family_contacts(family: Family) -> list[Contact]:
    """All the family's visits and contacts, newest first, each with who was seen and who
    took part. Queries: 4."""
    contacts = list(family.contacts.select_related("recorded_by"))
    link_people(
        children=list(family.children.all()), caregivers=list(family.caregivers.all()), contacts=contacts
    )
    return contacts


def link_people(*, children: list[Child], caregivers: list[Caregiver], contacts: list[Contact]) -> None:
    """Joins up the family's people and contacts the page has loaded, from the three link
    tables at once (one query): each caregiver is given `relationships`, (relationship, child)
    pairs; each contact `seen`, the children seen in person, and `present`, the caregivers who
    took part. Lists follow the page's order of children and caregivers. Links never cross
    families (services check them), so every linked person is among those loaded."""
    contact_ids = [contact.pk for contact in contacts]
    relationships = CaregiverChild.objects.filter(caregiver__in=caregivers).values_list(
        Value("child of"), "caregiver_id", "child_id", "relationship"
    )
    seen = Contact.children_seen.through.objects.filter(contact_id__in=contact_ids).values_list(
        Value("seen at"), "contact_id", "child_id", Value("")
    )
    present = Contact.caregivers_present.through.objects.filter(contact_id__in=contact_ids).values_list(
        Value("present at"), "contact_id", "caregiver_id", Value("")
    )
    links = {
        (kind, at, person): how for kind, at, person, how in relationships.union(seen, present, all=True)
    }
    for caregiver in caregivers:
        caregiver.relationships = [
            (Relationship(links[("child of", caregiver.pk, child.pk)]).label, child)
            for child in children
            if ("child of", caregiver.pk, child.pk) in links
        ]
    for contact in contacts:
        contact.seen = [child for child in children if ("seen at", contact.pk, child.pk) in links]
        contact.present = [person for person in caregivers if ("present at", contact.pk, person.pk) in links]


def family_assignments(family: Family) -> QuerySet:
    return family.assignments.select_related("caseworker", "assigned_by")


def reassignment_candidates(family: Family, supervisor) -> QuerySet:
    """Active caseworkers of the supervisor's unit other than the one carrying the family."""
    workers = User.objects.filter(role=Role.CASEWORKER, is_active=True)
    if supervisor.role == Role.SUPERVISOR:
        workers = workers.filter(unit_id=supervisor.unit_id)
    if family.assigned_caseworker_id:
        workers = workers.exclude(pk=family.assigned_caseworker_id)
    return workers.order_by("last_name", "first_name")


def approver_of(family: Family) -> User | None:
    """Who approves the family's case plans, risk-level overrides and closure: the supervisor
    of the unit of the caseworker who carries it (families.services.supervises). Queries: 1."""
    worker = family.assigned_caseworker
    return supervisor_of_unit(worker.unit_id if worker else None)


def family_texts(family: Family, language: str) -> list[tuple[WordingKind, list[WordedText]]]:
    """Every text the family has now that may be in its own words, by kind, each with its
    wording for `language`. Queries: a fixed number per kind (1 or 2), whatever the number
    of texts."""
    return [(kind, worded(kind.current(kind.records(family)), language)) for kind in kinds_in_order()]


def family_text(family: Family, kind_name: str, pk: int):
    """One of the family's texts of a kind, current or not (a document of an older plan may
    ask for it); None for anything else."""
    kind = wording_kinds.get(kind_name)
    if kind is None:
        return None
    return kind.records(family).filter(pk=pk).first()


def earlier_wordings(record) -> list[dict]:
    """The family's wordings a text had before the one it has now, newest first: each as the
    history row that first saved it (with who and when) and its wording of each of the
    record's texts (`texts`: label, wording). Queries: 1."""
    fields = record.worded_fields

    def wordings_of(row) -> tuple:
        return tuple(getattr(row, field.wording) for field in fields)

    rows = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    first_saved, previous = [], None
    for row in rows:
        if any(wordings_of(row)) and wordings_of(row) != previous:
            first_saved.append(row)
        previous = wordings_of(row)
    several = len(fields) > 1
    return [
        {
            "row": row,
            "texts": [
                {"label": field.label if several else "", "wording": getattr(row, field.wording)}
                for field in fields
            ],
        }
        for row in reversed(first_saved)
        if wordings_of(row) != wordings_of(record)
    ]


def document_wording(family, texts: Callable[[], list], asked: str | None) -> DocumentWording:
    """The form's list for a document of the family asked in `asked` (else the family's
    language), of the records `texts()` reads. Queries: those of `texts`, none when the
    document is in the language staff write in."""
    language = document_language_asked(family, asked)
    missing = None if language == original_language() else still_to_translate(texts(), language)
    return DocumentWording(
        language, str(dict(document_languages()).get(language, language)), missing, original_language()
    )
