"""Six months of visits for the demo families, with the gaps real caseloads have: most
children seen each month, some missed, some seen only at school, phone calls in between."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from families.models import Caregiver, Child, Contact, ContactKind, Family, FamilyStatus, LivingArrangement

MONTHS = 6

NARRATIVES = (
    "Met with {caregiver} at home. The children were dressed, fed and playful. {child} showed me "
    "the drawing from school. We talked about the week and the rent payment plan.",
    "Unannounced visit. {caregiver} let me in straight away. Home clean and warm; food in the fridge. "
    "{child} said the evenings are calmer since the plan started.",
    "{caregiver} was tired after a double shift but engaged well. We went over who to call on a hard "
    "night. {child} was asleep when I arrived and woke briefly; no marks seen.",
    "Saw {child} at school with the counsellor present. {child} said home is “okay, better” "
    "and that their aunt picks them up on Tuesdays.",
    "Phone check-in with {caregiver}: the food bank appointment is on Friday; the job programme "
    "interview went well. No new worries reported.",
    "Placement visit. {child} has settled in; the foster carer reports good sleep and appetite. "
    "{child} asked when the next family visit will be.",
    "Visit with both caregivers. Discussed the scaling question: {caregiver} put things at a 6. "
    "We agreed what a 7 would look like by next month.",
)


def _when(rng: random.Random, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 18), rng.choice([0, 15, 30, 45]))))


def _month_days(today: date, months_back: int) -> tuple[date, date]:
    """First and last day of the month `months_back` before today's; the current month ends
    yesterday, so no visit is dated later today (which would be in the future)."""
    year, month = today.year, today.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    first = date(year, month, 1)
    next_first = date(year + month // 12, month % 12 + 1, 1)
    return first, min(next_first - timedelta(days=1), today - timedelta(days=1))


def seed_visits(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], rng: random.Random, today: date
):
    """Create the contacts of many families at once (bulk inserts, a few statements)."""
    contacts: list[Contact] = []
    seen: list[tuple[int, Child]] = []  # (index into contacts, child seen in person)
    present: list[tuple[int, Caregiver]] = []
    for family, caregivers, children in households:
        if family.status == FamilyStatus.REFERRAL and family.first_contact_at is None:
            continue
        start = family.referral_date
        end = family.closed_on or today
        for months_back in range(MONTHS - 1, -1, -1):
            first, last = _month_days(end if family.closed_on else today, months_back)
            first = max(first, start)
            if first > last:
                continue
            # This month, a visit may simply not have happened yet.
            chance = 0.55 if (months_back == 0 and not family.closed_on) else 0.85
            for kind in _kinds_for_month(rng, chance):
                day = first + timedelta(days=rng.randint(0, (last - first).days))
                contact = Contact(
                    family=family,
                    occurred_at=_when(rng, day),
                    kind=kind,
                    location=_location(kind, children),
                    recorded_by=family.assigned_caseworker,
                    narrative=rng.choice(NARRATIVES).format(
                        caregiver=caregivers[0].called if caregivers else "the caregiver",
                        child=children[0].called if children else "the child",
                    ),
                )
                index = len(contacts)
                contacts.append(contact)
                if kind in ContactKind.in_person():
                    # Usually everyone is seen; now and then a child is out (school trip, with dad).
                    for child in children:
                        if rng.random() < 0.9:
                            seen.append((index, child))
                present.extend((index, c) for c in caregivers if c.lives_in_home and rng.random() < 0.8)
    Contact.objects.bulk_create(contacts, batch_size=2000)
    Contact.children_seen.through.objects.bulk_create(
        [Contact.children_seen.through(contact_id=contacts[i].pk, child_id=child.pk) for i, child in seen],
        batch_size=5000,
    )
    Contact.caregivers_present.through.objects.bulk_create(
        [
            Contact.caregivers_present.through(contact_id=contacts[i].pk, caregiver_id=c.pk)
            for i, c in present
        ],
        batch_size=5000,
    )


def _kinds_for_month(rng: random.Random, chance_of_visit: float) -> list[str]:
    kinds = []
    if rng.random() < chance_of_visit:
        kinds.append(
            rng.choices(
                [ContactKind.HOME_VISIT, ContactKind.SCHOOL, ContactKind.OFFICE], weights=[80, 12, 8]
            )[0]
        )
    if rng.random() < 0.4:
        kinds.append(ContactKind.PHONE)
    return kinds


def _location(kind: str, children: list[Child]) -> str:
    if kind == ContactKind.HOME_VISIT:
        in_care = any(getattr(c, "demo_arrangement", None) == LivingArrangement.FOSTER_HOME for c in children)
        return "Family home" if not in_care else "Family home (parents)"
    if kind == ContactKind.SCHOOL:
        return next((c.school for c in children if c.school), "School")
    if kind == ContactKind.OFFICE:
        return "County office, family room"
    return ""
