"""Children in care in the demo: the children the demo households have living away from home
(the draw sop_casework.demo.agency made for each, `demo_arrangement`) placed with a relative,
a resource family or a group home, some after a move; and their family time with a parent,
weekly and supervised, with visits held, missed or cancelled in the past weeks and the next
ones scheduled. The first two open families with children always have one child placed with
a relative and one in a resource family, whatever the draws."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from families.models import Caregiver, Child, Family, FamilyStatus, LivingArrangement
from placements.models import FamilyTimePlan, FamilyTimeVisit, Placement, ResourceFamily

HOUSEHOLDS = (
    ("The Nguyen family", "approved", 2, 0, 10, "Vietnamese, English", "88 Larch Avenue, Riverside"),
    ("The Osei family", "licensed", 3, 5, 17, "English, Twi", "4 Harbour View, Eastside"),
    ("The Delgado family", "approved", 2, 0, 12, "Spanish, English", "210 Mission Street, Riverside"),
    ("Casa Esperanza (group home)", "licensed", 6, 12, 17, "Spanish, English", "1 Hope Lane, Northgate"),
)
RELATIVES = (("Rosa", "grandmother"), ("Lucía", "aunt"), ("Kwame", "uncle"), ("Mei", "grandmother"))


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_placements(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], rng: random.Random, today: date
) -> None:
    homes = list(ResourceFamily.objects.order_by("pk")[:4]) or [
        ResourceFamily.objects.create(
            name=name, licence=licence, capacity=capacity, youngest_age=youngest, oldest_age=oldest,
            languages=languages, address=address,
        )
        for name, licence, capacity, youngest, oldest, languages, address in HOUSEHOLDS
    ]  # fmt: skip
    forced = [LivingArrangement.WITH_RELATIVE, LivingArrangement.FOSTER_HOME]
    placements, plans, visits_of = [], [], []
    for family, caregivers, children in households:
        if family.status != FamilyStatus.OPEN or family.display_name == "Okafor-Reyes" or not children:
            continue
        if forced:
            children[0].demo_arrangement = forced.pop(0)
        worker = family.assigned_caseworker
        for index, child in enumerate(children):
            arrangement = getattr(child, "demo_arrangement", LivingArrangement.AT_HOME)
            if arrangement == LivingArrangement.AT_HOME:
                continue
            start = max(family.referral_date + timedelta(days=rng.randint(3, 20)), child.date_of_birth)
            start = min(start, today - timedelta(days=14))
            name, relationship = RELATIVES[(family.pk + index) % len(RELATIVES)]
            common = {"family": family, "child": child, "recorded_by": worker, "relatives_considered": "yes"}
            if arrangement == LivingArrangement.WITH_RELATIVE:
                current = Placement(
                    setting="relative", carer_name=f"{name} {child.last_name}",
                    carer_relationship=relationship,
                    address=f"{rng.randint(2, 400)} Cedar Street, Riverside",
                    reason="Not safe at home while the safety plan was built; the relative came forward.",
                    **common,
                )  # fmt: skip
            elif arrangement == LivingArrangement.FOSTER_HOME:
                current = Placement(
                    setting="resource_family", resource_family=homes[(family.pk + index) % 3],
                    reason="No relative could take the child yet.", **common,
                )  # fmt: skip
            else:
                current = Placement(
                    setting="group", carer_name="Casa Esperanza staff", reason="Needs a therapeutic setting.",
                    address="1 Hope Lane, Northgate", **common,
                )  # fmt: skip
            moved = (today - start).days > 60 and rng.random() < 0.4
            if moved:  # first an emergency resource family, then where the child lives now
                move_on = start + timedelta(days=rng.randint(10, 30))
                placements.append(
                    Placement(
                        setting="resource_family", resource_family=homes[(family.pk + index + 1) % 3],
                        started_on=start, ended_on=move_on,
                        reason="Emergency placement on the night of removal.",
                        end_reason="Moved to a placement that can keep the child longer.", **common,
                    )
                )  # fmt: skip
                start = move_on
                current.reason = "Moved nearer the child's school and family."
            current.started_on = start
            placements.append(current)
            parent = caregivers[0] if caregivers else None
            if parent is None:
                continue
            plan = FamilyTimePlan(
                family=family, child=child, with_whom=f"{parent.first_name} (parent)",
                with_kind="parent", times=1, per="week", supervised=True,
                supervised_by="County visitation centre staff", place="County visitation centre",
                started_on=start, recorded_by=worker,
            )  # fmt: skip
            plans.append(plan)
            # weekly visits from the start until last week: mostly held; then two to come
            weeks = min((today - start).days // 7, 10)
            past = []
            for week in range(weeks, 0, -1):
                day = today - timedelta(days=7 * week - 1)
                status = rng.choices(["held", "missed", "cancelled"], weights=[75, 15, 10])[0]
                past.append((day, status))
            future = [(today + timedelta(days=2), "scheduled"), (today + timedelta(days=9), "scheduled")]
            visits_of.append((plan, past + future, worker))
    Placement.objects.bulk_create(placements)
    FamilyTimePlan.objects.bulk_create(plans)
    FamilyTimeVisit.objects.bulk_create(
        [
            FamilyTimeVisit(
                plan=plan, family=plan.family, scheduled_at=_at(day, 16), status=status, recorded_by=worker,
                cancelled_by="parent" if status == "cancelled" else "",
                notes="Played a board game; warm goodbye." if status == "held" else "",
            )
            for plan, visits, worker in visits_of
            for day, status in visits
        ]
    )  # fmt: skip
