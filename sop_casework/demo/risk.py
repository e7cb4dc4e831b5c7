"""The demo families' scored SDM risk assessments and reassessments, on the demonstration
tools (safety_networks/instruments/demonstration_risk_*.json). Each level the draws give is
reached by a fixed answer set, so the scores and answers shown are the tool's own; in-home
families open long enough get a reassessment before their six-month review, compared with
the first assessment."""

from datetime import date, timedelta

from families.models import FamilyStatus
from safety_networks.models import RiskAssessment, RiskKind, RiskLevel
from safety_networks.risk_services import latest_instrument
from safety_networks.sdm import risk

_NONE = {"P1": "no", "P2": "no", "P3": "no"}
# An answer set per level, for each demonstration tool (tests/test_seed_demo.py checks each
# scores its level).
ANSWERS = {
    RiskKind.ASSESSMENT: {
        RiskLevel.LOW: {"N1": "none", "N2": "no", "N3": "no", "N4": "no", "N5": "few", "N6": "agree",
                        "A1": "none", "A2": "no", "A3": "no", "A4": "no", "A5": "no", "A6": "yes"},
        RiskLevel.MODERATE: {"N1": "some", "N2": "yes", "N3": "no", "N4": "no", "N5": "few", "N6": "agree",
                             "A1": "none", "A2": "no", "A3": "yes", "A4": "no", "A5": "no", "A6": "no"},
        RiskLevel.HIGH: {"N1": "some", "N2": "yes", "N3": "no", "N4": "no", "N5": "few", "N6": "partly",
                         "A1": "none", "A2": "yes", "A3": "no", "A4": "more", "A5": "no", "A6": "no"},
        RiskLevel.VERY_HIGH: {"N1": "many", "N2": "yes", "N3": "yes", "N4": "now", "N5": "few", "N6": "not",
                              "A1": "one", "A2": "yes", "A3": "yes", "A4": "once", "A5": "no", "A6": "yes"},
    },
    RiskKind.REASSESSMENT: {
        RiskLevel.LOW: {"N4": "no", "N6": "agree", "R1": "good", "A3": "no", "A4": "no", "R2": "no"},
        RiskLevel.MODERATE: {"N4": "no", "N6": "partly", "R1": "some", "A3": "no", "A4": "once", "R2": "no"},
        RiskLevel.HIGH: {"N4": "past", "N6": "partly", "R1": "some", "A3": "yes", "A4": "no", "R2": "no"},
        RiskLevel.VERY_HIGH: {"N4": "now", "N6": "not", "R1": "none", "A3": "yes", "A4": "once", "R2": "no"},
    },
}  # fmt: skip
# What the reassessment finds after six months of work: one level lower, usually.
PROGRESS = {
    RiskLevel.LOW: RiskLevel.LOW,
    RiskLevel.MODERATE: RiskLevel.LOW,
    RiskLevel.HIGH: RiskLevel.MODERATE,
    RiskLevel.VERY_HIGH: RiskLevel.HIGH,
}
REASSESSED_AFTER = timedelta(days=165)  # a couple of weeks before the six-month review


def score_risks(risks: list[RiskAssessment]) -> None:
    """Give each new demo risk assessment its answers and scores on the demonstration tool,
    for the level it was drawn at (before it is saved)."""
    instrument = latest_instrument(RiskKind.ASSESSMENT)
    if instrument is None:
        return
    for row in risks:
        _scored(row, instrument, RiskKind.ASSESSMENT, row.scored_level)


def _scored(row: RiskAssessment, instrument, kind: str, level: str) -> RiskAssessment:
    answers = {**ANSWERS[kind][level], **_NONE}
    result = risk.score(instrument.definition, answers)
    row.instrument, row.kind, row.answers = instrument, kind, answers
    row.index_scores, row.index_level, row.policy_overrides = result.index_scores, result.index_level, []
    row.scored_level = result.level
    return row


def reassessments(risks: list[RiskAssessment], *, in_home: set[int], today: date) -> list[RiskAssessment]:
    """A reassessment for each open in-home family whose first assessment was long enough
    ago: compared with it (saved already), one level lower as the work took hold."""
    instrument = latest_instrument(RiskKind.REASSESSMENT)
    if instrument is None:
        return []
    rows = []
    for first in risks:
        family = first.family
        on = first.assessed_on + REASSESSED_AFTER
        if family.status != FamilyStatus.OPEN or family.pk not in in_home or on >= today:
            continue
        row = RiskAssessment(
            family=family,
            recorded_by=first.recorded_by,
            assessed_on=on,
            compared_with=first,
            notes="Reassessed before the six-month review.",
        )
        rows.append(_scored(row, instrument, RiskKind.REASSESSMENT, PROGRESS[RiskLevel(first.level)]))
    return rows
