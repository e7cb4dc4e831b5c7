"""Protective-factor assessments (pre, and interim or post for older cases) and well-being
goals for the demo families, scored by the same scoring code the product uses."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from families.models import Caregiver, Child, Family, FamilyStatus
from protective_factors import scoring
from protective_factors.models import (
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    EverydayAction,
    FactorCode,
    FactorScore,
    Instrument,
    Respondent,
    WellBeingGoal,
)
from protective_factors.services import default_language

BATCH = 5000

OKAFOR_REYES_MARIA = {  # DOMAIN.md: resilience and concrete support to build, connections emerging,
    FactorCode.PARENTAL_RESILIENCE: 2,  # knowledge of parenting a strength for Maria
    FactorCode.SOCIAL_CONNECTIONS: 3,
    FactorCode.KNOWLEDGE_OF_PARENTING: 4,
    FactorCode.CONCRETE_SUPPORT: 2,
}


@dataclass
class _Planned:
    assessment: Assessment
    answers: dict = field(default_factory=dict)  # item -> value


def seed_protective_factors(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], rng: random.Random, today: date
):
    instrument = Instrument.objects.filter(code="sop-demonstration").order_by("-version").first()
    if instrument is None:
        return
    items = list(instrument.items.select_related("factor"))
    bands: dict[str, list[scoring.BandSpec]] = {}
    for band in instrument.bands.select_related("factor"):
        bands.setdefault(band.factor.code, []).append(scoring.BandSpec(band.band, band.low, band.high))
    actions: dict[int, list[str]] = {}
    for action in EverydayAction.objects.all():
        actions.setdefault(action.factor_id, []).append(action.text)
    planned: list[_Planned] = []
    goals: list[WellBeingGoal] = []
    for family, caregivers, _children in households:
        if family.status == FamilyStatus.REFERRAL or not caregivers:
            continue
        if family.display_name == "Okafor-Reyes":
            _okafor_reyes(planned, goals, family, caregivers, items, instrument, today)
            continue
        if rng.random() > 0.8:
            continue
        end = family.closed_on or today
        start = family.referral_date + timedelta(days=10)
        if start >= end:
            continue
        caregiver = caregivers[0]
        baseline = {code: rng.choice([1.6, 2.2, 2.8, 3.4, 4.0]) for code in FactorCode.values}
        occasions = [(AssessmentKind.PRE, start, 0.0)]
        if (end - start).days > 120:
            last_kind = AssessmentKind.POST if family.closed_on else AssessmentKind.INTERIM
            occasions.append((last_kind, start + timedelta(days=min((end - start).days - 1, 150)), 0.8))
        for kind, day, growth in occasions:
            plan = _Planned(
                Assessment(
                    family=family,
                    instrument=instrument,
                    caregiver=caregiver,
                    kind=kind,
                    assessed_on=day,
                    # a Spanish-speaking caregiver is asked in Spanish; the scores are the same
                    language=default_language(family, instrument),
                    recorded_by=family.assigned_caseworker,
                )
            )
            for item in items:
                if item.respondent != Respondent.CAREGIVER_SELF:
                    continue
                level = min(
                    5, max(1, round(baseline[item.factor.code] + growth + rng.choice([-0.6, 0, 0, 0.6])))
                )
                plan.answers[item] = (6 - level) if item.reverse_scored else level
            planned.append(plan)
        weakest = min(
            (c for c in FactorCode.values if c != FactorCode.SOCIAL_EMOTIONAL_COMPETENCE),
            key=lambda c: baseline[c],
        )
        if baseline[weakest] < 2.5 and rng.random() < 0.85:
            factor = next(i.factor for i in items if i.factor.code == weakest)
            goals.append(
                WellBeingGoal(
                    family=family,
                    factor=factor,
                    caregiver=caregiver,
                    recorded_by=family.assigned_caseworker,
                    goal=f"{caregiver.called} builds {factor.name.lower()} with the worker's help",
                    everyday_actions="\n".join(rng.sample(actions.get(factor.pk, [""]), k=2)),
                    target_date=start + timedelta(days=90),
                )
            )
    _save(planned, goals, bands, instrument)


def _okafor_reyes(planned, goals, family, caregivers, items, instrument, today):
    maria, daniel = caregivers
    plan = _Planned(
        Assessment(
            family=family,
            instrument=instrument,
            caregiver=maria,
            kind=AssessmentKind.PRE,
            assessed_on=family.referral_date + timedelta(days=5),
            language=default_language(family, instrument),
            recorded_by=family.assigned_caseworker,
        )
    )
    for item in items:
        if item.respondent == Respondent.CAREGIVER_SELF:
            level = OKAFOR_REYES_MARIA[item.factor.code]
            plan.answers[item] = (6 - level) if item.reverse_scored else level
    planned.append(plan)
    factors = {i.factor.code: i.factor for i in items}
    goals += [
        WellBeingGoal(
            family=family,
            factor=factors[FactorCode.CONCRETE_SUPPORT],
            recorded_by=family.assigned_caseworker,
            goal="The family applies for rental assistance and a job programme by 30 April",
            everyday_actions=(
                "Apply for rental assistance with the housing advocate\nDaniel enrols in a job programme"
            ),
            target_date=date(today.year if today.month <= 4 else today.year + 1, 4, 30),
        ),
        WellBeingGoal(
            family=family,
            factor=factors[FactorCode.PARENTAL_RESILIENCE],
            caregiver=daniel,
            recorded_by=family.assigned_caseworker,
            goal="Daniel joins a weekly fathers' group",
            everyday_actions="Go to the Thursday fathers' group\nCall Samuel after each session",
        ),
    ]


def _save(planned: list[_Planned], goals: list[WellBeingGoal], bands, instrument: Instrument) -> None:
    now = timezone.now()
    for plan in planned:
        plan.assessment.status, plan.assessment.submitted_at = AssessmentStatus.SUBMITTED, now
    Assessment.objects.bulk_create([p.assessment for p in planned], batch_size=BATCH)
    Answer.objects.bulk_create(
        [
            Answer(assessment=p.assessment, item=item, value=value)
            for p in planned
            for item, value in p.answers.items()
        ],
        batch_size=BATCH,
    )
    scores = []
    for plan in planned:
        results = scoring.score(
            {item.code: value for item, value in plan.answers.items()},
            [scoring.ItemSpec(i.code, i.factor.code, i.reverse_scored) for i in plan.answers],
            bands=bands,
            scale_min=instrument.scale_min,
            scale_max=instrument.scale_max,
            max_unanswered=instrument.max_unanswered,
        )
        factor_of = {i.factor.code: i.factor for i in plan.answers}
        scores += [
            FactorScore(
                assessment=plan.assessment,
                factor=factor_of[r.factor],
                mean=Decimal(r.mean),
                band=r.band,
                answered=r.answered,
                items=r.items,
            )
            for r in results
        ]
    FactorScore.objects.bulk_create(scores, batch_size=BATCH)
    WellBeingGoal.objects.bulk_create(goals, batch_size=BATCH)
