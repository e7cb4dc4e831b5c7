"""The demonstration agency: staff and units, then families with their people.

Deterministic for a given seed and day. Large runs (20,000 families) use bulk inserts, a
few thousand rows a statement, so they finish in minutes.
"""

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, Unit, User
from families.models import (
    Assignment,
    Caregiver,
    CaregiverChild,
    Child,
    ClosureReason,
    ContactKind,
    Family,
    FamilyStatus,
    FamilyStatusChange,
    LivingArrangement,
    Person,
    Relationship,
    ResponsePriority,
)
from families.persons import person_keys
from families.search import family_search_text
from families.services import case_numbers_allocate

from .bulk import seed_tail, tail_caseworkers
from .case_plans import seed_case_plans
from .court import seed_court
from .files import seed_files
from .intake import seed_intake
from .meetings import seed_meetings
from .names import CULTURES, SCHOOLS, STAFF_NAMES, STREETS, Culture
from .notifications import seed_notifications
from .persons import seed_access_requests
from .placements import seed_placements
from .protective import seed_protective_factors
from .reunification import seed_reunification
from .safety import seed_safety_work
from .signatures import seed_signatures
from .strengths_and_needs import seed_strengths_and_needs
from .supervision import seed_supervision
from .visits import seed_visits
from .wording import seed_family_wording

NAMED_CASEWORKERS = 8  # caseworker1 … caseworker8, in the first two units
CASEWORKERS_PER_UNIT = 4  # in the named units; extra units (large runs) get 6
ACTIVE_FAMILIES_PER_CASEWORKER = 20  # keeps caseloads realistic when N grows
BATCH = 2000
RICH_FAMILIES = 1000  # seeded in full detail; past them, the fast path (bulk.py)


@dataclass
class Agency:
    admin: User
    supervisors: list[User] = field(default_factory=list)
    caseworkers: list[User] = field(default_factory=list)

    def supervisor_of(self, caseworker: User) -> User | None:
        return next((s for s in self.supervisors if s.unit_id == caseworker.unit_id), None)


def _staff_name(index: int) -> tuple[str, str]:
    first, last = STAFF_NAMES[index % len(STAFF_NAMES)]
    return first, last if index < len(STAFF_NAMES) else f"{last} {index // len(STAFF_NAMES) + 1}"


def _upsert_user(username: str, *, password_hash: str, **fields) -> User:
    user, _ = User.objects.update_or_create(
        username=username, defaults={"password": password_hash, "is_active": True, **fields}
    )
    return user


@transaction.atomic
def seed_staff(*, password: str, caseworker_count: int = NAMED_CASEWORKERS) -> Agency:
    """admin, supervisor1…, caseworker1…; units of caseworkers, each with one supervisor."""
    password_hash = make_password(password)  # one hash for all: hashing is the slow part
    agency = Agency(
        admin=_upsert_user(
            "admin",
            password_hash=password_hash,
            first_name="Pat",
            last_name="Morales",
            email="admin@agency.example",
            role=Role.PROGRAM_ADMINISTRATOR,
            unit=None,
            is_staff=True,
            is_superuser=True,
        )
    )
    named_units = NAMED_CASEWORKERS // CASEWORKERS_PER_UNIT
    extra = max(0, caseworker_count - NAMED_CASEWORKERS)
    unit_sizes = [CASEWORKERS_PER_UNIT] * named_units + [6] * math.ceil(extra / 6)
    unit_names = ["North Valley Unit", "Eastside Unit"]
    caseworker_number = 0
    for unit_index, size in enumerate(unit_sizes):
        name = unit_names[unit_index] if unit_index < len(unit_names) else f"Unit {unit_index + 1}"
        unit, _ = Unit.objects.get_or_create(name=name)
        first, last = _staff_name(unit_index)
        agency.supervisors.append(
            _upsert_user(
                f"supervisor{unit_index + 1}",
                password_hash=password_hash,
                first_name=first,
                last_name=last,
                email=f"supervisor{unit_index + 1}@agency.example",
                role=Role.SUPERVISOR,
                unit=unit,
            )
        )
        for _ in range(size):
            if caseworker_number >= max(caseworker_count, NAMED_CASEWORKERS):
                break
            caseworker_number += 1
            first, last = _staff_name(caseworker_number + 1)
            agency.caseworkers.append(
                _upsert_user(
                    f"caseworker{caseworker_number}",
                    password_hash=password_hash,
                    first_name=first,
                    last_name=last,
                    email=f"caseworker{caseworker_number}@agency.example",
                    role=Role.CASEWORKER,
                    unit=unit,
                )
            )
    return agency


def caseworkers_needed(families: int, *, rich: int = RICH_FAMILIES) -> int:
    """Caseworkers for the detailed families (about 20 active each), and for the fast path's
    open families past them (10-30 each)."""
    active = min(families, rich) * 0.7
    detailed = max(NAMED_CASEWORKERS, math.ceil(active / ACTIVE_FAMILIES_PER_CASEWORKER))
    return detailed + tail_caseworkers(max(0, families - rich))


@dataclass
class _Household:
    family: Family
    caregivers: list[Caregiver]
    children: list[Child]
    links: list[tuple[int, int, str]]  # (caregiver index, child index, relationship)


def _birth_date(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    return today - timedelta(days=rng.randint(min_age * 365 + 1, max_age * 365 + 364))


def _okafor_reyes(today: date) -> _Household:
    """The worked example of DOMAIN.md, so the demo opens on a family everyone knows."""
    family = Family(
        display_name="Okafor-Reyes",
        status=FamilyStatus.OPEN,
        referral_date=today - timedelta(days=40),
        response_priority=ResponsePriority.TEN_DAY,
        first_contact_at=timezone.make_aware(datetime.combine(today - timedelta(days=39), time(15, 30))),
        first_contact_kind=ContactKind.SCHOOL,
        address="1427 Alder Avenue, Apt 3",
        primary_language="English",
    )
    maria = Caregiver(
        first_name="Maria",
        last_name="Reyes",
        date_of_birth=_years_ago(today, 29, 41),
        is_primary=True,
        phone="(555) 010-4471",
        language="English",
    )
    daniel = Caregiver(
        first_name="Daniel",
        last_name="Okafor",
        date_of_birth=_years_ago(today, 33, 120),
        phone="(555) 010-8832",
        language="English",
    )
    sofia = Child(
        first_name="Sofía",
        last_name="Okafor-Reyes",
        date_of_birth=_years_ago(today, 7, 200),
        school="Lincoln Elementary",
    )
    tomas = Child(
        first_name="Tomás",
        last_name="Okafor-Reyes",
        date_of_birth=_years_ago(today, 2, 90),
        school="Little Acorns Childcare",
    )
    return _Household(
        family,
        [maria, daniel],
        [sofia, tomas],
        [
            (0, 0, Relationship.MOTHER),
            (0, 1, Relationship.MOTHER),
            (1, 0, Relationship.FATHER),
            (1, 1, Relationship.FATHER),
        ],
    )


def _years_ago(today: date, years: int, extra_days: int) -> date:
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=extra_days)


CLOSURE_REASONS = [
    ClosureReason.SAFETY_GOALS_MET,
    ClosureReason.SAFETY_GOALS_MET,
    ClosureReason.REUNIFIED,
    ClosureReason.UNFOUNDED,
    ClosureReason.SERVICES_DECLINED,
    ClosureReason.MOVED,
]


def _first_contact(family: Family, rng: random.Random, today: date) -> None:
    """Most families were reached in time; a few referrals still wait for their first contact."""
    days_since = (today - family.referral_date).days
    if family.status == FamilyStatus.REFERRAL and rng.random() < 0.35:
        return
    limit = 1 if family.response_priority == ResponsePriority.IMMEDIATE else 10
    delay = min(
        days_since,
        rng.choice([0, 1, 1, 2, limit, limit, limit + 2]) if limit > 1 else rng.choice([0, 0, 1, 2]),
    )
    reached = family.referral_date + timedelta(days=delay)
    family.first_contact_at = timezone.make_aware(datetime.combine(reached, time(rng.randint(8, 17), 0)))
    family.first_contact_kind = rng.choice(
        [ContactKind.HOME_VISIT, ContactKind.HOME_VISIT, ContactKind.SCHOOL, ContactKind.PHONE]
    )


def _household(rng: random.Random, today: date) -> _Household:
    culture: Culture = rng.choice(CULTURES)
    surname = rng.choice(culture.family_names)
    two_caregivers = rng.random() < 0.55
    grandparent_led = not two_caregivers and rng.random() < 0.15
    status = rng.choices(
        [FamilyStatus.REFERRAL, FamilyStatus.OPEN, FamilyStatus.CLOSED], weights=[15, 55, 30]
    )[0]
    language = rng.choice(culture.languages)
    age_of_case = {"referral": (0, 20), "open": (45, 420), "closed": (200, 720)}[status]
    family = Family(
        display_name=surname,
        status=status,
        referral_date=today - timedelta(days=rng.randint(*age_of_case)),
        response_priority=rng.choices(
            [ResponsePriority.IMMEDIATE, ResponsePriority.TEN_DAY], weights=[30, 70]
        )[0],
        address=f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
        primary_language=language,
        interpreter_needed=language != "English" and rng.random() < 0.6,
        document_language="es" if language == "Spanish" else "en",
        icwa_applies=culture.icwa_likely and rng.random() < 0.8,
    )
    _first_contact(family, rng, today)
    if status == FamilyStatus.CLOSED:
        family.closed_on = min(
            today - timedelta(days=1), family.referral_date + timedelta(days=rng.randint(90, 300))
        )
        family.closure_reason = rng.choice(CLOSURE_REASONS)
    first = Caregiver(
        first_name=rng.choice(culture.given_names),
        last_name=surname,
        date_of_birth=_birth_date(rng, today, 52 if grandparent_led else 19, 68 if grandparent_led else 45),
        is_primary=True,
        phone=f"(555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
        language=language,
    )
    caregivers = [first]
    if two_caregivers:
        other_culture = culture if rng.random() < 0.7 else rng.choice(CULTURES)
        other_surname = rng.choice(other_culture.family_names)
        caregivers.append(
            Caregiver(
                first_name=rng.choice(other_culture.given_names),
                last_name=other_surname,
                date_of_birth=_birth_date(rng, today, 20, 50),
                lives_in_home=rng.random() < 0.85,
                phone=f"(555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
                language=rng.choice(other_culture.languages),
            )
        )
        if other_surname != surname:
            family.display_name = f"{surname}-{other_surname}"
    children = []
    for _ in range(rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]):
        born = _birth_date(rng, today, 0, 17)
        age = (today - born).days // 365
        first_name = rng.choice(culture.given_names)
        # Where the child lives is a placement (sop_casework.demo.placements makes it from this
        # draw), not a field of the child: the draw rides on the unsaved instance.
        arrangement = rng.choices(
            [
                LivingArrangement.AT_HOME,
                LivingArrangement.WITH_RELATIVE,
                LivingArrangement.FOSTER_HOME,
                LivingArrangement.GROUP_HOME,
            ],
            weights=[75, 12, 10, 3 if age >= 12 else 0],
        )[0]
        child = Child(
            first_name=first_name,
            last_name=surname,
            date_of_birth=born,
            school="" if age < 2 else rng.choice(SCHOOLS),
        )
        child.demo_arrangement = arrangement
        children.append(child)
    first_relationship = (
        Relationship.GRANDPARENT
        if grandparent_led
        else rng.choice([Relationship.MOTHER, Relationship.FATHER])
    )
    links = [(0, c, first_relationship) for c in range(len(children))]
    if len(caregivers) == 2:
        second = rng.choice(
            [Relationship.FATHER, Relationship.MOTHER, Relationship.PARTNER, Relationship.STEPPARENT]
        )
        links += [(1, c, second) for c in range(len(children))]
    return _Household(family, caregivers, children, links)


def seed_families(
    *, agency: Agency, count: int, seed: int, today: date | None = None, rich: int = RICH_FAMILIES
) -> int:
    """Create `count` families spread over the agency's caseworkers; returns how many. The
    first `rich` are seeded in full detail, over the caseworkers they need; the rest by the
    fast path (bulk.py), over the other caseworkers."""
    today = today or date.today()
    rng = random.Random(seed)
    detailed = min(count, rich)
    rich_caseworkers = caseworkers_needed(detailed, rich=rich)
    detailed_agency = Agency(
        admin=agency.admin, supervisors=agency.supervisors, caseworkers=agency.caseworkers[:rich_caseworkers]
    )
    created = 0
    while created < detailed:
        size = min(BATCH, detailed - created)
        households = [
            _okafor_reyes(today) if created == 0 and i == 0 else _household(rng, today) for i in range(size)
        ]
        with transaction.atomic():
            _save_households(households, agency=detailed_agency, offset=created, rng=rng, today=today)
        created += size
    if count > detailed:
        seed_tail(
            agency=agency,
            count=count - detailed,
            offset=detailed,
            rich_caseworkers=rich_caseworkers,
            seed=seed + 1,
            today=today,
        )
    return count


def _status_history(family: Family, agency: Agency) -> list[FamilyStatusChange]:
    worker = family.assigned_caseworker
    steps = [
        FamilyStatusChange(
            family=family,
            from_status="",
            to_status=FamilyStatus.REFERRAL,
            effective_on=family.referral_date,
            changed_by=worker,
        )
    ]
    if family.status != FamilyStatus.REFERRAL:
        opened = min(family.referral_date + timedelta(days=21), family.closed_on or date.today())
        steps.append(
            FamilyStatusChange(
                family=family,
                from_status=FamilyStatus.REFERRAL,
                to_status=FamilyStatus.OPEN,
                effective_on=opened,
                changed_by=worker,
            )
        )
    if family.status == FamilyStatus.CLOSED:
        steps.append(
            FamilyStatusChange(
                family=family,
                from_status=FamilyStatus.OPEN,
                to_status=FamilyStatus.CLOSED,
                effective_on=family.closed_on,
                reason=family.get_closure_reason_display(),
                changed_by=worker,
            )
        )
    return steps


def _shared_people(
    households: list[_Household], *, first_batch: bool, today: date
) -> tuple[list[Person], list[tuple[Family, Family]]]:
    """One Person for each caregiver and child, and some people in two families (one
    person, one history): Maria Reyes of the Okafor-Reyes family was a mother in a family of
    the other unit, closed three years ago (her caseworker sees that it exists, not what is
    in it); and in every tenth household the mother is one known in the household before.
    Returns the Person rows to save, and the pairs (the family known before, the family
    now) that share a person."""
    persons = []
    shared: list[tuple[Family, Family]] = []
    for household in households:
        for member in household.caregivers + household.children:
            member.person = Person(
                **person_keys(
                    first_name=member.first_name,
                    last_name=member.last_name,
                    date_of_birth=member.date_of_birth,
                    birth_year=None,
                )
            )
            persons.append(member.person)

    def same_person(earlier: Caregiver, later: Caregiver) -> None:
        persons.remove(earlier.person)
        earlier.first_name, earlier.last_name = later.first_name, later.last_name
        earlier.date_of_birth, earlier.person = later.date_of_birth, later.person

    if first_batch and households:
        okafor_reyes = households[0].family
        unit = okafor_reyes.assigned_caseworker.unit_id
        earlier = next((h for h in households[1:] if h.family.assigned_caseworker.unit_id != unit), None)
        if earlier is not None:
            family = earlier.family
            family.display_name = "Reyes"
            family.status = FamilyStatus.CLOSED
            family.referral_date = _years_ago(today, 3, 20)
            family.closed_on = _years_ago(today, 2, 200)
            family.closure_reason = ClosureReason.SAFETY_GOALS_MET
            family.first_contact_at = timezone.make_aware(datetime.combine(family.referral_date, time(11)))
            family.first_contact_kind = ContactKind.HOME_VISIT
            same_person(earlier.caregivers[0], households[0].caregivers[0])
            shared.append((family, okafor_reyes))
    for index in range(3, len(households) - 1, 10):
        before, after = households[index], households[index + 1]
        earlier_reyes = "Reyes" in (before.family.display_name, after.family.display_name)
        if before.caregivers and after.caregivers and not earlier_reyes:
            same_person(after.caregivers[0], before.caregivers[0])
            shared.append((before.family, after.family))
    return persons, shared


def _save_households(
    households: list[_Household], *, agency: Agency, offset: int, rng: random.Random, today: date
) -> None:
    for index, household in enumerate(households):
        family = household.family
        family.public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        family.assigned_caseworker = agency.caseworkers[(offset + index) % len(agency.caseworkers)]
    persons, shared = _shared_people(households, first_batch=offset == 0, today=today)
    by_year: dict[int, list[Family]] = {}
    for household in households:
        by_year.setdefault(household.family.referral_date.year, []).append(household.family)
    for year, families in sorted(by_year.items()):
        for family, number in zip(
            families, case_numbers_allocate(year=year, count=len(families)), strict=True
        ):
            family.case_number = number
    for household in households:
        family = household.family
        family.search_text = family_search_text(
            display_name=family.display_name,
            case_number=family.case_number,
            people_names=[p.full_name for p in household.caregivers + household.children],
        )
    Family.objects.bulk_create([h.family for h in households], batch_size=BATCH)
    Assignment.objects.bulk_create(
        [
            Assignment(
                family=h.family,
                caseworker=h.family.assigned_caseworker,
                assigned_by=agency.supervisor_of(h.family.assigned_caseworker),
                reason="Assigned at intake.",
                started_at=timezone.make_aware(datetime.combine(h.family.referral_date, time(9))),
            )
            for h in households
        ],
        batch_size=BATCH,
    )
    FamilyStatusChange.objects.bulk_create(
        [change for h in households for change in _status_history(h.family, agency)], batch_size=BATCH
    )
    Person.objects.bulk_create(persons, batch_size=BATCH)
    for household in households:
        for person in household.caregivers + household.children:
            person.family = household.family
    Caregiver.objects.bulk_create([c for h in households for c in h.caregivers], batch_size=BATCH)
    Child.objects.bulk_create([c for h in households for c in h.children], batch_size=BATCH)
    CaregiverChild.objects.bulk_create(
        [
            CaregiverChild(caregiver=h.caregivers[g], child=h.children[c], relationship=relationship)
            for h in households
            for g, c, relationship in h.links
        ],
        batch_size=BATCH,
    )
    people = [(h.family, h.caregivers, h.children) for h in households]
    seed_visits(households=people, rng=rng, today=today)
    # its own random numbers: the other demo records stay as they were before intake
    seed_intake(households=people, agency=agency, rng=random.Random(offset + 19), today=today)
    seed_access_requests(shared=shared, agency=agency)
    seed_safety_work(households=people, agency=agency, rng=rng, today=today)
    seed_strengths_and_needs(households=people, rng=random.Random(offset + 23), today=today)
    seed_protective_factors(households=people, rng=rng, today=today)
    seed_meetings(households=people, rng=rng, today=today)
    # its own random numbers: the other demo records stay as they were before placements
    seed_placements(households=people, rng=random.Random(offset + 23), today=today)
    seed_case_plans(households=people, agency=agency, rng=rng, today=today)
    seed_reunification(households=people, today=today)
    seed_court(households=people, agency=agency, today=today)
    seed_family_wording(households=people)
    seed_supervision(households=people, agency=agency, rng=rng, today=today)
    if offset == 0:  # files for the worked example and a few families of the first batch
        seed_files(households=people, rng=random.Random(households[0].family.public_id.int), today=today)
        seed_signatures(
            families=[h.family for h in households],
            rng=random.Random(households[0].family.public_id.int),
            today=today,
        )
    seed_notifications(households=people, agency=agency, today=today)
