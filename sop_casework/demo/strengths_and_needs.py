"""Demo family strengths and needs assessments: Okafor-Reyes rated as DOMAIN.md tells it (money
short, Daniel's anger at home, Maria's knowledge of parenting a strength), and about half of the
other open families with one submitted, some with a draft begun since."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from families.models import Caregiver, Child, Family, FamilyStatus
from safety_networks.fsna_models import DomainRating, FsnaInstrument, FsnaStatus, StrengthsAndNeedsAssessment

BATCH = 2000
# How often each rating is drawn for a domain of a family in ongoing services.
WEIGHTS = {"A": 2, "B": 5, "C": 3, "D": 1}

OKAFOR_REYES = {  # (caregiver or child's first name, domain) -> (rating, what it rests on)
    ("Maria", "resource_management"): ("C", "Behind on rent since Daniel lost his job in January."),
    ("Maria", "parenting_skills"): ("A", "Knows what Sofía and Tomás need at their ages; calm with them."),
    ("Maria", "support_system"): ("C", "Her mother, her main support, moved away last year."),
    ("Daniel", "resource_management"): ("C", "Out of work since January."),
    ("Daniel", "mental_health"): ("C", "Stressed and quick to anger since losing his job."),
    ("Daniel", "domestic_relationships"): ("D", "Grabbed Sofía when angry; the children hear shouting."),
    ("Daniel", "support_system"): ("B", "His brother Samuel takes his calls."),
    ("Sofía", "emotional_behavioral"): ("C", "Says she is scared when Daddy shouts."),
    ("Sofía", "education"): ("A", "At school every day; her teacher knows her well."),
}


def seed_strengths_and_needs(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], rng: random.Random, today: date
) -> None:
    instrument = FsnaInstrument.objects.filter(is_demonstration=True).order_by("-version").first()
    if instrument is None:
        return
    assessments, ratings = [], []  # ratings: (assessment index, DomainRating without its assessment)
    for family, caregivers, children in households:
        if family.status != FamilyStatus.OPEN or not (caregivers or children):
            continue
        worker = family.assigned_caseworker
        okafor_reyes = family.display_name == "Okafor-Reyes"
        if not okafor_reyes and rng.random() > 0.5:
            continue
        on = max(family.referral_date + timedelta(days=30), today - timedelta(days=rng.randint(20, 150)))
        on = min(on, today)
        assessments.append(
            StrengthsAndNeedsAssessment(
                family=family,
                recorded_by=worker,
                instrument=instrument,
                assessed_on=on,
                status=FsnaStatus.SUBMITTED,
                submitted_at=timezone.make_aware(datetime.combine(on, time(16))),
            )
        )
        number = len(assessments) - 1
        for side, people in (("caregiver", caregivers), ("child", children)):
            for person in people:
                for position, domain in enumerate(instrument.domains(side)):
                    if okafor_reyes:
                        rating, note = OKAFOR_REYES.get((person.first_name, domain["code"]), ("B", ""))
                    else:
                        rating = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
                        note = ""
                    ratings.append(
                        (
                            number,
                            DomainRating(
                                side=side,
                                domain=domain["code"],
                                position=position,
                                rating=rating,
                                note=note,
                                **{side: person},
                            ),
                        )
                    )
    StrengthsAndNeedsAssessment.objects.bulk_create(assessments, batch_size=BATCH)
    for number, rating in ratings:
        rating.assessment = assessments[number]
    DomainRating.objects.bulk_create([rating for _, rating in ratings], batch_size=BATCH)
