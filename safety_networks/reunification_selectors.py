"""Reads of the SDM reunification reassessment: the family's list, one reassessment with what
its page reads, what a draft's page shows beside the questions (the risk reassessment, the
safety decision, family time held and planned, the latest scaling), and the comparison,
question by question, with the child's last one. Each with a fixed number of queries."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from placements.selectors import family_time_summary

from . import reunification_services
from .models import RiskLevel, SafetyDecision, ScalingScore
from .reunification_models import Recommendation, ReunificationReassessment
from .sdm.reunification import text
from .selectors import latest_scaling


def reassessments_of(family) -> list[ReunificationReassessment]:
    """Every reunification reassessment of the family, newest first. Queries: 1."""
    return list(
        ReunificationReassessment.objects.filter(family=family)
        .select_related("child", "recorded_by")
        .order_by("-assessed_on", "-id")
    )


def reassessment_of(family, pk: int) -> ReunificationReassessment:
    """One reassessment of the family with what its page reads. Queries: 1."""
    return ReunificationReassessment.objects.select_related(
        "child", "instrument", "recorded_by", "override_decided_by", "compared_with__instrument"
    ).get(family=family, pk=pk)


@dataclass
class Findings:
    """What a draft's page shows beside its questions, read now."""

    risk: object  # the household's latest risk reassessment, or None
    safety: object  # the child's latest scored safety assessment, or None
    planned: int
    held: int
    scaling: list


def findings(family, reassessment: ReunificationReassessment) -> Findings:
    """Queries: 5 (risk, safety, family-time plans and visits, scaling)."""
    summary = family_time_summary(family)
    plans = [p for p in summary.plans if p.plan.child_id == reassessment.child_id]
    scores = list(ScalingScore.objects.filter(family=family).order_by("scored_on", "id"))
    return Findings(
        risk=reunification_services.latest_risk_reassessment(family),
        safety=reunification_services.safety_for_child(family, reassessment.child_id),
        planned=sum(p.planned for p in plans),
        held=sum(p.held for p in plans),
        scaling=latest_scaling(scores),
    )


@dataclass
class ComparedRow:
    section: str  # "goal", "family_time", "finding"
    question: str
    answer: str
    before: str | None  # the child's last reassessment's answer (None: not asked then)

    @property
    def changed(self) -> bool:
        return self.before is not None and self.before != self.answer


def _label(scale: list[dict], code: str) -> str:
    return next((text(p["label"]) for p in scale if p["code"] == code), "")


def _choice(choices, value: str) -> str:
    return choices(value).label if value else ""


def compared(
    reassessment: ReunificationReassessment, before: ReunificationReassessment | None
) -> list[ComparedRow]:
    """Each question and finding with its answer and the one given in `before` (goals matched
    by the goal, family-time items by their code). No queries of its own."""
    definition = reassessment.instrument.definition
    earlier = before.instrument.definition if before is not None else None
    rows = []
    for goal in reassessment.goals:
        was = None
        if before is not None and goal["key"] in before.goal_ratings:
            was = _label(earlier["progress_scale"], before.goal_ratings[goal["key"]])
        answer = _label(definition["progress_scale"], reassessment.goal_ratings.get(goal["key"], ""))
        rows.append(ComparedRow("goal", f"{goal['kind']}: {goal['wording']}", answer, was))
    for item in definition["family_time_items"]:
        was = None
        if before is not None and item["code"] in before.family_time_ratings:
            was = _label(earlier["family_time_scale"], before.family_time_ratings[item["code"]])
        answer = _label(
            definition["family_time_scale"], reassessment.family_time_ratings.get(item["code"], "")
        )
        rows.append(ComparedRow("family_time", text(item["wording"]), answer, was))
    if not reassessment.is_draft:
        facts = [
            (_("Risk level (risk reassessment)"), lambda r: _choice(RiskLevel, r.risk_level)),
            (_("Safety decision for the home"), lambda r: _choice(SafetyDecision, r.safety_decision)),
            (
                _("Family time held of planned"),
                lambda r: (
                    _("%(held)s of %(planned)s")
                    % {"held": r.family_time_held, "planned": r.family_time_planned}
                ),
            ),
            (
                _("Progress on the goals (least)"),
                lambda r: _label(r.instrument.definition["progress_scale"], r.progress),
            ),
            (
                _("Quality of family time (poorest)"),
                lambda r: _label(r.instrument.definition["family_time_scale"], r.family_time_quality),
            ),
            (_("Recommendation in force"), lambda r: _choice(Recommendation, r.recommendation_in_force)),
        ]
        for question, read in facts:
            rows.append(
                ComparedRow("finding", question, read(reassessment), read(before) if before else None)
            )
    return rows
