"""The fast path of `seed_demo` for a large agency (`--families 200000`): the families past the
first `rich` ones, written with PostgreSQL's COPY.

The first families (2,000 by default; all of them in the 40-family demo) are seeded in full
detail by agency.py, so every page of the named caseworkers and supervisors looks like a real
agency's day. The rest are the agency's long tail, with the distributions of a real one: most
families closed, about 10 % open, each further caseworker carrying 10-30 open families, a few
very large families and long histories. Each family gets its people, its status history,
the referral it came in by, its visits, a danger statement, scaling numbers, a
protective-factor assessment, a Family Team Meeting, a case plan (open families), its
change history (django-simple-history's rows, as a save would write them) and audit events
(the caseworker opening it). About 20 rows a family.

Rows are model instances (so defaults and field conversions are Django's own), converted
with `Field.get_db_prep_save` and written with `COPY ... FROM STDIN` (psycopg2's
`copy_expert`); primary keys are taken from each table's sequence first, so rows can point
at each other before they are written. The database checks every constraint as it would on
an INSERT. Measured: bench/RESULTS.md ("seed_demo at 200,000 families").
"""

import csv
import io
import math
import multiprocessing
import os
import random
import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.urls import reverse
from django.utils import timezone
from psycopg2.extras import Json

from audit.models import AuditAction, AuditEvent
from case_plans.models import CasePlan, PlanStatus
from families.models import (
    Assignment,
    Caregiver,
    CaregiverChild,
    Child,
    Contact,
    ContactKind,
    Family,
    FamilyStatus,
    FamilyStatusChange,
    Person,
)
from families.persons import person_keys
from families.search import family_search_text
from families.services import case_numbers_allocate
from intake.models import Allegation, Referral
from meetings.models import Meeting, MeetingStatus, MeetingType
from protective_factors.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Band,
    FactorScore,
    Instrument,
    ProtectiveFactor,
)
from safety_networks.models import DangerStatement, ScalingGiver, ScalingScore

BATCH = 5_000  # families a transaction
WORKERS = max(1, min(4, os.cpu_count() or 1))  # processes
OPEN_CASELOAD = (10, 30)  # open families of each caseworker the fast path serves
LARGE_FAMILY = 0.005  # share of families with 5-9 children
LONG_HISTORY = 0.02  # share of families with years of visits
REFERRAL_SHARE = 0.08  # of the families on a caseload, those still at the referral stage
NULL = r"\N"
PLACEHOLDER = uuid.UUID(int=0)
WRITTEN: Counter = Counter()  # rows COPY wrote, by table (seed_demo reports them)


# --- COPY of model instances --------------------------------------------------------------
def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys from the model's sequence."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
        return [pk for (pk,) in cursor.fetchall()]


def with_ids(objs: list) -> list:
    """Give each unsaved instance its primary key from the sequence (all of one model)."""
    if objs:
        for obj, pk in zip(objs, reserve_ids(type(objs[0]), len(objs)), strict=True):
            obj.pk = pk
    return objs


# Values of these field types go to COPY as Python holds them (str() of a date, an aware
# datetime or a UUID is what PostgreSQL reads); any other field goes through
# Field.get_db_prep_save, as an INSERT would.
AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "EmailField",
    "ForeignKey",
    "GenericIPAddressField",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
    "UUIDField",
}


def _converter(field, database):
    if field.get_internal_type() in AS_IS:
        return None

    def convert(value):
        value = field.get_db_prep_save(value, database)
        return value.dumps(value.adapted) if isinstance(value, Json) else value

    return convert


def copy_values(model, columns: list[str], rows: list[list], converters: list | None = None) -> int:
    """COPY rows of values (one per column, None for NULL) into the model's table."""
    if not rows:
        return 0
    database = connections[DEFAULT_DB_ALIAS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    convert = [(i, c) for i, c in enumerate(converters or []) if c is not None]
    for row in rows:
        for i, c in convert:
            if row[i] is not None:
                row[i] = c(row[i])
        writer.writerow([NULL if v is None else v for v in row])
    buffer.seek(0)
    WRITTEN[model._meta.db_table] += len(rows)
    quote = database.ops.quote_name
    with database.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN "
            f"WITH (FORMAT csv, NULL '{NULL}')",
            buffer,
        )
    return len(rows)


def copy_links(descriptor, pairs: list[list[int]]) -> int:
    """COPY rows of a many-to-many's table: [from id, to id] each."""
    through = descriptor.through
    fields = [f for f in through._meta.concrete_fields if not f.primary_key]
    ids = reserve_ids(through, len(pairs))
    rows = [[pk, *pair] for pk, pair in zip(ids, pairs, strict=True)]
    return copy_values(through, [through._meta.pk.column] + [f.column for f in fields], rows)


def _stamp(objs: list) -> None:
    """Fill auto_now and (where not given) auto_now_add fields, as a save would."""
    meta = type(objs[0])._meta
    for f in meta.concrete_fields:
        if getattr(f, "auto_now", False):
            for obj in objs:
                f.pre_save(obj, add=True)
        elif getattr(f, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, f.attname) is None:
                    f.pre_save(obj, add=True)


def copy_insert(objs: list) -> int:
    """COPY instances of one model (primary keys already given) into its table."""
    if not objs:
        return 0
    _stamp(objs)
    model = type(objs[0])
    fields = model._meta.concrete_fields
    database = connections[DEFAULT_DB_ALIAS]
    names = [f.attname for f in fields]
    return copy_values(
        model,
        [f.column for f in fields],
        [[getattr(obj, name) for name in names] for obj in objs],
        [_converter(f, database) for f in fields],
    )


def copy_history(objs: list, *, at, user_id, history_type: str = "+") -> int:
    """COPY django-simple-history's rows for these saved instances, as saving them would
    have written (`at` and `user_id`: functions of the instance)."""
    if not objs or not hasattr(type(objs[0]), "history"):
        return 0
    _stamp(objs)
    historical = type(objs[0]).history.model
    database = connections[DEFAULT_DB_ALIAS]
    tracked = [f for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
    extra = ["history_id", "history_date", "history_change_reason", "history_type", "history_user"]
    by_name = {f.name: f for f in historical._meta.concrete_fields}
    missing = [f.name for f in historical._meta.concrete_fields if f.name.startswith("history_")]
    assert sorted(missing) == sorted(extra), missing  # noqa: S101 (a newer simple-history: look again)
    names = [f.attname for f in tracked]
    ids = reserve_ids(historical, len(objs))
    rows = [
        [getattr(obj, name) for name in names] + [pk, at(obj), None, history_type, user_id(obj)]
        for obj, pk in zip(objs, ids, strict=True)
    ]
    fields = tracked + [by_name[name] for name in extra]
    return copy_values(
        historical, [f.column for f in fields], rows, [_converter(f, database) for f in fields]
    )


# --- the long tail of the agency -----------------------------------------------------------
def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _Tail:
    """The rows of one batch of families, table by table."""

    def __init__(self):
        self.tables: dict[type, list] = {}

    def add(self, obj):
        self.tables.setdefault(type(obj), []).append(obj)
        return obj

    def ids(self, model):
        with_ids(self.tables.get(model, []))

    def write(self, model) -> int:
        return copy_insert(self.tables.get(model, []))


def open_slots(agency, *, rich_caseworkers: int, rng: random.Random) -> list:
    """One entry per open (or newly referred) family to create: each caseworker past those
    of the detailed families gets 10-30."""
    slots = []
    for worker in agency.caseworkers[rich_caseworkers:]:
        slots += [worker] * rng.randint(*OPEN_CASELOAD)
    rng.shuffle(slots)
    return slots


def seed_tail(
    *, agency, count: int, offset: int, rich_caseworkers: int, seed: int, today: date, workers: int = WORKERS
):
    """Create `count` families by the fast path, after `offset` detailed ones: batches of
    BATCH families, each with random numbers of its own (the same agency whatever the number
    of worker processes), shared among `workers` processes (forked: one database connection
    each)."""
    slots = open_slots(agency, rich_caseworkers=rich_caseworkers, rng=random.Random(seed))[:count]
    batches = list(range(0, count, BATCH))
    job = _Job(agency, count, offset, slots, seed, today)
    workers = max(1, min(workers, len(batches)))
    if workers == 1:
        for start in batches:
            job(start)
        return
    connections.close_all()  # each process opens its own
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for _ in pool.imap_unordered(job, batches):
            pass


class _Job:
    """One batch of the fast path (picklable, for the worker processes)."""

    def __init__(self, agency, count, offset, slots, seed, today):
        self.agency, self.count, self.offset, self.slots = agency, count, offset, slots
        self.seed, self.today = seed, today

    def __call__(self, start: int) -> None:
        from .agency import _status_history

        today, slots, everyone = self.today, self.slots, self.agency.caseworkers
        rng = random.Random(self.seed * 1_000_003 + start)
        context = _Context(self.agency, today)
        households = []
        for index in range(start, min(start + BATCH, self.count)):
            # The open families are spread evenly among the closed ones (ids and case numbers).
            slot = index * len(slots) // self.count
            if (index + 1) * len(slots) // self.count > slot:
                worker = slots[slot]
                status = FamilyStatus.REFERRAL if rng.random() < REFERRAL_SHARE else FamilyStatus.OPEN
            else:
                worker = everyone[(self.offset + index) % len(everyone)]
                status = FamilyStatus.CLOSED
            households.append(_tail_household(rng, today, status=status, worker=worker))
        _case_numbers(households)  # a short transaction of its own: the counters stay free
        with transaction.atomic():
            tail = _Tail()
            _core(tail, households, context, rng, _status_history)
            _casework(tail, households, context, rng)


def _case_numbers(households) -> None:
    by_year: dict[int, list[Family]] = {}
    for household in households:
        by_year.setdefault(household.family.referral_date.year, []).append(household.family)
    for year, families in sorted(by_year.items()):
        with transaction.atomic():
            numbers = case_numbers_allocate(year=year, count=len(families))
        for family, number in zip(families, numbers, strict=True):
            family.case_number = number


class _Context:
    def __init__(self, agency, today: date):
        self.agency = agency
        self.today = today
        self.supervisor = {w.pk: agency.supervisor_of(w) for w in agency.caseworkers}
        self.instrument = Instrument.objects.filter(code="sop-demonstration").order_by("-version").first()
        self.factors = list(ProtectiveFactor.objects.order_by("pk"))
        self.overview_path = reverse("families:overview", args=[PLACEHOLDER])


def _tail_household(rng: random.Random, today: date, *, status: str, worker):
    from .agency import CLOSURE_REASONS, _birth_date, _first_contact, _household

    household = _household(rng, today)
    family = household.family
    family.status = status
    family.assigned_caseworker = worker
    family.public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    long_history = rng.random() < LONG_HISTORY
    if status == FamilyStatus.REFERRAL:
        family.referral_date = today - timedelta(days=rng.randint(0, 20))
    elif status == FamilyStatus.OPEN:
        family.referral_date = today - timedelta(days=rng.randint(45, 1400 if long_history else 420))
    else:  # closed: the agency's last ten years
        family.referral_date = today - timedelta(days=rng.randint(200, 3650))
        length = rng.randint(700, 1500) if long_history else rng.randint(60, 300)
        family.closed_on = min(today - timedelta(days=1), family.referral_date + timedelta(days=length))
        if not family.closure_reason:
            family.closure_reason = rng.choice(CLOSURE_REASONS)
    if status != FamilyStatus.CLOSED:
        family.closed_on, family.closure_reason = None, ""
    family.first_contact_at = None
    family.first_contact_kind = ""
    _first_contact(family, rng, today)
    if rng.random() < LARGE_FAMILY:  # a few very large families
        template = household.children[0]
        for _ in range(rng.randint(4, 8)):
            born = _birth_date(rng, today, 0, 17)
            household.children.append(
                Child(
                    first_name=template.first_name if rng.random() < 0.05 else f"{template.first_name[:1]}.",
                    last_name=template.last_name,
                    date_of_birth=born,
                    school=template.school,
                )
            )
        household.links = [
            (g, c, relationship)
            for g in range(len(household.caregivers))
            for relationship in [next(r for cg, _c, r in household.links if cg == g)]
            for c in range(len(household.children))
        ]
    household.long_history = family._long_history = long_history
    return household


def _core(tail: _Tail, households, context: _Context, rng: random.Random, status_history) -> None:
    for household in households:
        family = tail.add(household.family)
        family.created_at = _at(family.referral_date, 9)
        family.search_text = family_search_text(
            display_name=family.display_name,
            case_number=family.case_number,
            people_names=[p.full_name for p in household.caregivers + household.children],
        )
    tail.ids(Family)
    for household in households:
        family = household.family
        worker = family.assigned_caseworker
        tail.add(
            Assignment(
                family=family,
                caseworker=worker,
                assigned_by=context.supervisor[worker.pk],
                reason="Assigned at intake.",
                started_at=_at(family.referral_date, 9),
            )
        )
        for change in status_history(family, context.agency):
            tail.add(change)
        for member in household.caregivers + household.children:
            member.person = tail.add(
                Person(
                    **person_keys(
                        first_name=member.first_name,
                        last_name=member.last_name,
                        date_of_birth=member.date_of_birth,
                        birth_year=None,
                    )
                )
            )
            member.family = family
    for model in (Assignment, FamilyStatusChange, Person):
        tail.ids(model)
    for household in households:
        for member in household.caregivers + household.children:
            # The person had no id when it was linked; COPY reads person_id, not the object.
            member.person_id = member.person.pk
        for caregiver in household.caregivers:
            tail.add(caregiver)
        for child in household.children:
            tail.add(child)
    tail.ids(Caregiver)
    tail.ids(Child)
    for household in households:
        for g, c, relationship in household.links:
            tail.add(
                CaregiverChild(
                    caregiver=household.caregivers[g], child=household.children[c], relationship=relationship
                )
            )
    tail.ids(CaregiverChild)
    for model in (Family, Assignment, FamilyStatusChange, Person, Caregiver, Child, CaregiverChild):
        tail.write(model)
    # Their history: each made at the referral; the family changed again when it closed.
    families = tail.tables[Family]
    by = lambda record: record.family.assigned_caseworker_id  # noqa: E731
    copy_history(families, at=lambda f: _at(f.referral_date, 9), user_id=lambda f: f.assigned_caseworker_id)
    copy_history(
        [f for f in families if f.closed_on],
        at=lambda f: _at(f.closed_on, 16),
        user_id=lambda f: f.assigned_caseworker_id,
        history_type="~",
    )
    for model in (Caregiver, Child):
        copy_history(tail.tables[model], at=lambda m: _at(m.family.referral_date, 10), user_id=by)


def _months(family: Family, today: date, long_history: bool) -> list[date]:
    """The first of each month of the case the family may have been visited in: the last six
    months of an open case, the last three of a closed one, three years of a long history."""
    start = family.first_contact_at.date() if family.first_contact_at else None
    if start is None:
        return []
    end = family.closed_on or (today - timedelta(days=1))
    months, day = [], date(end.year, end.month, 1)
    limit = 36 if long_history else 3 if family.closed_on else 6
    while day >= date(start.year, start.month, 1) and len(months) < limit:
        months.append(day)
        day = date(day.year - (day.month == 1), 12 if day.month == 1 else day.month - 1, 1)
    return months


def _casework(tail: _Tail, households, context: _Context, rng: random.Random) -> None:
    from .intake import REPORTS
    from .visits import NARRATIVES

    today = context.today
    seen = []
    for household in households:
        family = household.family
        worker = family.assigned_caseworker
        caregiver, children = household.caregivers[0], household.children
        child = children[0]
        reporter_type, mandated, text, kind = rng.choice(REPORTS)
        findings_on = None
        if family.status != FamilyStatus.REFERRAL and family.first_contact_at is not None:
            findings_on = min(
                family.closed_on or today, timezone.localdate(family.first_contact_at) + timedelta(days=20)
            )
        referral = tail.add(
            Referral(
                family=family,
                received_at=_at(family.referral_date, 9, 15),
                channel="law_enforcement" if reporter_type == "law_enforcement" else "phone",
                reporter_type=reporter_type,
                reporter_mandated=mandated,
                what_was_reported=text.format(child=child.first_name),
                recorded_by=worker,
                screening="screened_in",
                response_time=family.response_priority,
                screened_on=family.referral_date,
                screened_by=context.supervisor[worker.pk],
                findings_on=findings_on,
                findings_by=worker if findings_on else None,
            )
        )
        responsible = rng.choice(household.caregivers)
        referral._rows = [(child, kind, responsible)] + (
            [(children[1], "at_risk_sibling", responsible)] if len(children) > 1 else []
        )
        for day in _months(family, today, household.long_history):
            if rng.random() > 0.85:
                continue
            last = min(
                date(day.year + (day.month == 12), day.month % 12 + 1, 1) - timedelta(days=1),
                family.closed_on or (today - timedelta(days=1)),
            )
            first = max(day, timezone.localdate(family.first_contact_at))
            if first > last:
                continue
            contact = tail.add(
                Contact(
                    family=family,
                    occurred_at=_at(
                        first + timedelta(days=rng.randint(0, (last - first).days)), rng.randint(8, 17)
                    ),
                    kind=ContactKind.HOME_VISIT,
                    location="Family home",
                    recorded_by=worker,
                    narrative=rng.choice(NARRATIVES).format(caregiver=caregiver.called, child=child.called),
                )
            )
            seen += [(contact, c) for c in children if rng.random() < 0.9]
        if family.status == FamilyStatus.REFERRAL or family.first_contact_at is None:
            continue
        start = min(
            timezone.localdate(family.first_contact_at) + timedelta(days=7), family.closed_on or today
        )
        end = family.closed_on or today
        danger = tail.add(
            DangerStatement(
                family=family,
                recorded_by=worker,
                who_is_worried="The school and the agency",
                caregiver_behaviour=f"when {caregiver.called} is overwhelmed the children go without care",
                what_could_happen="they could be hurt or go without food",
                noted_on=start,
            )
        )
        danger._children = children
        for scored_on, score in (
            (start, rng.randint(2, 5)),
            (end, rng.randint(4, 9) if family.closed_on else rng.randint(3, 7)),
        ):
            tail.add(
                ScalingScore(
                    family=family,
                    recorded_by=worker,
                    score=score,
                    given_by=ScalingGiver.CAREGIVER,
                    name=caregiver.called,
                    caregiver=caregiver,
                    scored_on=scored_on,
                    occasion="home visit",
                )
            )
        if context.instrument is not None and rng.random() < 0.6:
            assessment = tail.add(
                Assessment(
                    family=family,
                    instrument=context.instrument,
                    caregiver=caregiver,
                    kind=AssessmentKind.PRE,
                    assessed_on=start,
                    status=AssessmentStatus.SUBMITTED,
                    language="es" if family.document_language == "es" else "en",
                    submitted_at=_at(start, 15),
                    recorded_by=worker,
                )
            )
            assessment._means = [rng.randint(4, 20) / 4 for _ in context.factors]
        if rng.random() < 0.5:
            held = min(start + timedelta(days=rng.randint(10, 50)), end)
            tail.add(
                Meeting(
                    family=family,
                    meeting_type=MeetingType.INITIAL,
                    scheduled_at=_at(held, 10),
                    place="County office, family room",
                    status=MeetingStatus.HELD if held < today else MeetingStatus.SCHEDULED,
                    recorded_by=worker,
                )
            )
        if family.status == FamilyStatus.OPEN and rng.random() < 0.8:
            supervisor = context.supervisor[worker.pk]
            approved = max(start, today - timedelta(days=rng.randint(5, 150)))
            tail.add(
                CasePlan(
                    family=family,
                    number=1,
                    status=PlanStatus.ACTIVE,
                    recorded_by=worker,
                    services="Parenting group on Thursdays; housing advocate.",
                    visit_frequency="every month, at home",
                    review_on=approved + timedelta(days=rng.randint(90, 180)),
                    submitted_at=_at(approved - timedelta(days=2), 11),
                    decided_by=supervisor,
                    decided_at=_at(approved, 14),
                )
            )
    # The caseworker opened the family's record the day it came in, and on each visit.
    for household in households:
        _audit_view(tail, household.family, household.family.referral_date, rng, context)
    for contact in tail.tables.get(Contact, []):
        if contact.family.closed_on is None or contact.family._long_history:
            _audit_view(tail, contact.family, timezone.localdate(contact.occurred_at), rng, context)

    for model in (
        Referral,
        Contact,
        DangerStatement,
        ScalingScore,
        Assessment,
        Meeting,
        CasePlan,
        AuditEvent,
    ):
        tail.ids(model)
    allegations = []
    for referral in tail.tables.get(Referral, []):
        for index, (child, kind, responsible) in enumerate(referral._rows):
            finding = ""
            if referral.findings_on:
                finding = (
                    "substantiated"
                    if index == 0 and rng.random() < 0.6
                    else rng.choice(["inconclusive", "unfounded"])
                )
            allegations.append(
                tail.add(
                    Allegation(
                        referral=referral,
                        family=referral.family,
                        child=child,
                        kind=kind,
                        alleged_caregiver=responsible,
                        what_was_reported=referral.what_was_reported[:120],
                        finding=finding,
                        found_on=referral.findings_on if finding else None,
                        found_by=referral.findings_by if finding else None,
                    )
                )
            )
    tail.ids(Allegation)
    seen_rows = [[c.pk, ch.pk] for c, ch in seen]
    danger_children = [[d.pk, c.pk] for d in tail.tables.get(DangerStatement, []) for c in d._children]
    scores = [
        FactorScore(
            assessment=a,
            factor=factor,
            mean=f"{mean:.2f}",
            band=Band.STRENGTH if mean >= 4 else Band.EMERGING if mean >= 3 else Band.AREA_TO_BUILD,
            answered=5,
            items=5,
        )
        for a in tail.tables.get(Assessment, [])
        for factor, mean in zip(context.factors, a._means, strict=False)
    ]
    with_ids(scores)
    for model in (
        Referral,
        Allegation,
        Contact,
        DangerStatement,
        ScalingScore,
        Assessment,
        Meeting,
        CasePlan,
        AuditEvent,
    ):
        tail.write(model)
    copy_links(Contact.children_seen, seen_rows)
    copy_links(DangerStatement.children, danger_children)
    copy_insert(scores)
    for model, when in HISTORY_AT.items():
        copy_history(tail.tables.get(model, []), at=when, user_id=lambda r: r.recorded_by_id)


# When each record was made, for its first row of history.
HISTORY_AT = {
    Referral: lambda r: r.received_at,
    Contact: lambda r: r.occurred_at,
    DangerStatement: lambda r: _at(r.noted_on, 17),
    ScalingScore: lambda r: _at(r.scored_on, 17),
    Assessment: lambda r: r.submitted_at,
    Meeting: lambda r: r.scheduled_at,
    CasePlan: lambda r: r.submitted_at,
}


def _audit_view(tail: _Tail, family: Family, day: date, rng: random.Random, context) -> None:
    worker = family.assigned_caseworker
    tail.add(
        AuditEvent(
            occurred_at=_at(day, rng.randint(8, 17), rng.randint(0, 59)),
            actor=worker,
            username=worker.username,
            action=AuditAction.VIEW,
            family_public_id=family.public_id,
            case_number=family.case_number,
            path=context.overview_path.replace(str(PLACEHOLDER), str(family.public_id)),
        )
    )


def tail_caseworkers(families: int) -> int:
    """Caseworkers the fast path's open families need (each carries 10-30)."""
    return math.ceil(families * 0.10 / sum(OPEN_CASELOAD) * 2)
