"""Reads of the protective-factors work, each with a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from families.family_row import AllRecords
from families.selectors import count_of
from sop_casework.charts import line_chart

from .models import (
    Assessment,
    AssessmentStatus,
    Band,
    EverydayAction,
    FactorScore,
    Instrument,
    ProtectiveFactor,
    ScoringBand,
    WellBeingGoal,
)


def latest_instruments() -> list[Instrument]:
    """The newest version of each instrument loaded: what new assessments use."""
    latest: dict[str, Instrument] = {}
    for instrument in Instrument.objects.order_by("code", "-version"):
        latest.setdefault(instrument.code, instrument)
    return sorted(latest.values(), key=lambda i: (i.is_demonstration, i.name))


@dataclass
class PersonScores:
    """One person's first and latest score per factor."""

    key: str
    name: str
    first: dict[str, FactorScore] = field(default_factory=dict)
    latest: dict[str, FactorScore] = field(default_factory=dict)
    assessments: int = 0

    def change(self, code: str) -> Decimal | None:
        if code in self.first and code in self.latest and self.assessments > 1:
            return self.latest[code].mean - self.first[code].mean
        return None


def _person_key(assessment: Assessment) -> tuple[str, str]:
    if assessment.caregiver_id:
        return f"caregiver-{assessment.caregiver_id}", assessment.caregiver.called
    return f"child-{assessment.child_id}", assessment.child.called


def family_protective_factors(family) -> dict:
    """The family page: latest scores per person, change since the first assessment, a trend
    chart per factor, goals, and the areas to build that have no goal yet. Queries: 6."""
    factors = list(ProtectiveFactor.objects.all())
    assessments = list(
        Assessment.objects.filter(family=family)
        .select_related("caregiver", "child", "instrument", "recorded_by")
        .prefetch_related(Prefetch("scores", queryset=FactorScore.objects.select_related("factor")))
        .order_by("assessed_on", "id")
    )
    people: dict[str, PersonScores] = {}
    series: dict[str, dict[str, list]] = {f.code: {} for f in factors}
    for assessment in assessments:
        if assessment.status != AssessmentStatus.SUBMITTED:
            continue
        key, name = _person_key(assessment)
        person = people.setdefault(key, PersonScores(key, name))
        person.assessments += 1
        for score in assessment.scores.all():
            person.first.setdefault(score.factor.code, score)
            person.latest[score.factor.code] = score
            series[score.factor.code].setdefault(name, []).append((assessment.assessed_on, float(score.mean)))
    goals = list(
        WellBeingGoal.objects.filter(family=family).select_related(
            "factor", "caregiver", "child", "recorded_by"
        )
    )
    goal_keys = {
        (g.factor.code, f"caregiver-{g.caregiver_id}" if g.caregiver_id else f"child-{g.child_id}")
        for g in goals
    }
    family_goal_factors = {g.factor.code for g in goals if not g.caregiver_id and not g.child_id}
    areas_without_goal = [
        (person.name, score.factor)
        for person in people.values()
        for code, score in person.latest.items()
        if score.band == Band.AREA_TO_BUILD
        and (code, person.key) not in goal_keys
        and code not in family_goal_factors
    ]
    scale = (1, 5)
    if assessments:
        instrument = assessments[-1].instrument
        scale = (instrument.scale_min, instrument.scale_max)
    charts = [
        (
            factor,
            line_chart(
                series[factor.code],
                title=_("%(factor)s over time") % {"factor": factor.label},
                y_min=scale[0],
                y_max=scale[1],
            ),
        )
        for factor in factors
        if series[factor.code]
    ]
    return {
        "factors": factors,
        "people": list(people.values()),
        "assessments": assessments,
        "drafts": [a for a in assessments if a.status == AssessmentStatus.DRAFT],
        "charts": charts,
        "goals": goals,
        "areas_without_goal": areas_without_goal,
    }


def assessment_with_answers(assessment: Assessment) -> Assessment:
    """The assessment, its answers with their items, and its scores, each with the band row
    it fell in (`score.band_row`: its description). Queries: 4."""
    assessment = (
        Assessment.objects.select_related("instrument", "caregiver", "child")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=assessment.answers.select_related("item__factor").order_by("item__position"),
            ),
            Prefetch("scores", queryset=FactorScore.objects.select_related("factor")),
        )
        .get(pk=assessment.pk)
    )
    scores = list(assessment.scores.all())
    if scores:
        bands = {
            (b.factor_id, b.band): b for b in ScoringBand.objects.filter(instrument=assessment.instrument_id)
        }
        for score in scores:
            score.band_row = bands.get((score.factor_id, score.band))
    return assessment


def suggestions_by_factor() -> dict[int, list[str]]:
    """The everyday actions per factor id, in the reader's language. Queries: 1."""
    result: dict[int, list[str]] = {}
    for action in EverydayAction.objects.all():
        result.setdefault(action.factor_id, []).append(action.translated("text"))
    return result


@dataclass
class FactorChange:
    factor: ProtectiveFactor
    mean_change: Decimal | None
    people: int


def unit_change(families: QuerySet) -> dict:
    """For the unit's families with at least two submitted assessments of one person: how
    many families, and the mean change per factor between first and latest. Queries: 2."""
    factors = list(ProtectiveFactor.objects.all())
    scores = (
        FactorScore.objects.filter(
            assessment__family__in=families, assessment__status=AssessmentStatus.SUBMITTED
        )
        .select_related("assessment", "factor")
        .order_by("assessment__assessed_on", "assessment_id")
    )
    first: dict[tuple, Decimal] = {}
    latest: dict[tuple, Decimal] = {}
    counts: dict[tuple, int] = {}
    for score in scores:
        a = score.assessment
        key = (a.family_id, a.caregiver_id, a.child_id, score.factor.code)
        first.setdefault(key, score.mean)
        latest[key] = score.mean
        counts[key] = counts.get(key, 0) + 1
    changes: dict[str, list[Decimal]] = {}
    families_counted = set()
    for key, count in counts.items():
        if count >= 2:
            changes.setdefault(key[3], []).append(latest[key] - first[key])
            families_counted.add(key[0])
    rows = [
        FactorChange(
            factor,
            (sum(changes[factor.code]) / len(changes[factor.code])).quantize(Decimal("0.01"))
            if factor.code in changes
            else None,
            len(changes.get(factor.code, [])),
        )
        for factor in factors
    ]
    return {"families": len(families_counted), "rows": rows}


SUBMITTED_SCORES = AllRecords(
    "submitted_factor_scores",
    FactorScore.objects.filter(
        assessment__family=OuterRef("pk"), assessment__status=AssessmentStatus.SUBMITTED
    ),
    ("factor__name", "factor__translations", "band", "assessment__assessed_on", "assessment_id"),
)


def with_factors_panel(families: QuerySet) -> QuerySet:
    """The overview panel's facts on the family row: the bands of every submitted assessment
    and the open well-being goals."""
    return families.annotate(
        open_goals=count_of(WellBeingGoal.objects.filter(family=OuterRef("pk"), status="open")),
        **SUBMITTED_SCORES.annotations(),
    )


def overview_summary(*, family, user) -> dict:
    """The protective-factors panel of the family overview, for a row annotated by
    with_factors_panel. Queries: none."""
    scores = sorted(
        SUBMITTED_SCORES.of(family), key=lambda score: (score.assessment.assessed_on, score.assessment_id)
    )
    # Each factor's band in its latest assessment: later ones overwrite.
    latest = {score.factor.label: score.band for score in scores}
    return {
        "strengths": sorted(name for name, band in latest.items() if band == Band.STRENGTH),
        "areas_to_build": sorted(name for name, band in latest.items() if band == Band.AREA_TO_BUILD),
        "open_goals": family.open_goals,
        "assessed": bool(latest),
    }
