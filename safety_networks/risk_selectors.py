"""Reads of the scored SDM risk tools: a draft's questions, an assessment item by item with
the one before it."""

from dataclasses import dataclass

from families.models import Family

from .models import RiskAssessment
from .risk_models import DraftStatus, RiskAssessmentDraft, RiskInstrument


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


def compared(
    instrument: RiskInstrument, answers: dict, before: RiskAssessment | None
) -> list[ComparedAnswer]:
    """Each question of the tool with its answer and the answer given to the same question
    (same code) in `before`. No queries (`before.instrument` read with it)."""
    definition = instrument.definition
    names = instrument.index_names()
    rows = []
    questions = [(i["code"], i["wording"]) for i in definition["items"]] + [
        (o["code"], o["wording"]) for o in definition.get("policy_overrides", [])
    ]
    for code, wording in questions:
        answer = answers.get(code, "")
        index, score = _score(definition, code, answer)
        earlier = None
        if before is not None and code in before.answers:
            earlier = before.instrument.answer_label(code, before.answers[code])
        label = instrument.answer_label(code, answer) if answer else ""
        rows.append(
            ComparedAnswer(
                code=code,
                wording=wording,
                index=names.get(index, ""),
                answer=label,
                score=score,
                before=earlier,
                changed=earlier is not None and label != earlier,
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
