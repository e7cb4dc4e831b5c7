"""Reads of the scored SDM risk tools: a draft's questions, an assessment item by item with
the one before it."""

from dataclasses import dataclass

from django.utils import translation

from families.models import Family

from .models import RiskAssessment
from .risk_models import DraftStatus, RiskAssessmentDraft, RiskInstrument
from .sdm import risk


@dataclass
class ComparedAnswer:
    code: str
    wording: str
    index: str  # the index's name; "" for a policy override
    answer: str
    score: int | None
    before: str | None  # the last assessment's answer to the same question (None: not asked then)
    changed: bool


def _score(definition: dict, code: str, answer: str) -> tuple[str, int | None]:
    for item in definition["items"]:
        if item["code"] == code:
            chosen = next((a for a in item["answers"] if a["code"] == answer), None)
            return item["index"], (chosen["score"] if chosen else None)
    return "", None


def _in_english(instrument: RiskInstrument, code: str, answer: str) -> str:
    """An answer's words in English: what tells whether an answer changed, whichever languages
    the two versions of the tool have."""
    with translation.override("en"):
        return instrument.answer_label(code, answer) if answer else ""


def compared(
    instrument: RiskInstrument, answers: dict, before: RiskAssessment | None
) -> list[ComparedAnswer]:
    """Each question of the tool with its answer and the answer given to the same question
    (same code) in `before`. No queries (`before.instrument` read with it)."""
    definition = instrument.definition
    names = instrument.index_names()
    rows = []
    questions = [*definition["items"], *definition.get("policy_overrides", [])]
    for question in questions:
        code = question["code"]
        answer = answers.get(code, "")
        index, score = _score(definition, code, answer)
        earlier = earlier_in_english = None
        if before is not None and code in before.answers:
            earlier = before.instrument.answer_label(code, before.answers[code])
            earlier_in_english = _in_english(before.instrument, code, before.answers[code])
        label = instrument.answer_label(code, answer) if answer else ""
        rows.append(
            ComparedAnswer(
                code=code,
                wording=risk.shown(question, "wording"),
                index=names.get(index, ""),
                answer=label,
                score=score,
                before=earlier,
                changed=earlier is not None and earlier_in_english != _in_english(instrument, code, answer),
            )
        )
    return rows


def assessment_page(family: Family, pk: int) -> RiskAssessment:
    """One scored assessment with what its page reads. Queries: 1."""
    return (
        RiskAssessment.objects.filter(family=family, instrument__isnull=False)
        .select_related("instrument", "recorded_by", "override_decided_by", "compared_with__instrument")
        .get(pk=pk)
    )


def open_drafts(family: Family) -> list[RiskAssessmentDraft]:
    """The family's risk drafts not yet submitted. Queries: 1."""
    return list(
        RiskAssessmentDraft.objects.filter(family=family, status=DraftStatus.DRAFT)
        .select_related("instrument", "recorded_by")
        .order_by("-assessed_on", "-id")
    )
