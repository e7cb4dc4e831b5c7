"""The SDM reunification reassessment as data (DOMAIN.md, "Structured Decision Making"): for
a child in care, four findings give the recommendation by the file's rule:

- ``risk``: the household's risk level in force on its latest risk reassessment
  (low, moderate, high, very_high);
- ``progress``: the caregivers' progress on the case plan's goals, as behaviour change: each
  goal rated on the file's progress scale, the finding being the least progress rated;
- ``family_time``: the quality of family time: each of the file's family-time items answered
  on its family-time scale, the finding being the poorest answer;
- ``safety``: the safety decision for the home the child would return to (safe,
  conditionally_safe, unsafe): the latest scored safety assessment's for the child, or the
  worker's answer in the tool when there is none.

Pure functions of plain values (no models): tested against a table of every combination
(tests/safety_networks/test_reunification_rule.py).

The file (JSON, one object; texts are a string, English, or {"en": …, "es": …})::

    {
      "tool": "reunification_reassessment",
      "code": "demo-reunification", "name": …, "description": …, "demonstration": true,
      "progress_scale": [{"code": "substantial", "label": …}, …],    # most progress first
      "family_time_scale": [{"code": "good", "label": …}, …],        # best first
      "family_time_items": [{"code": "FT1", "wording": …}, …],
      "safety_question": {"wording": …},                              # asked when no assessment
      "rule": [{"when": {"risk": ["low"], "progress": ["substantial"], …},
                "recommendation": "return_home"}, …]
    }

The rule's clauses are read in order; the first whose every listed finding holds gives the
recommendation (a finding not listed: any value). Every combination of the four findings is
reachable, so a file whose rule leaves one without a recommendation is refused at load,
naming each such combination.
"""

import hashlib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import translation

HERE = Path(__file__).resolve().parent.parent / "instruments"
DEMONSTRATION = HERE / "demonstration_reunification.json"

TOOL = "reunification_reassessment"
RISK_LEVELS = ("low", "moderate", "high", "very_high")  # RiskLevel's values
SAFETY_DECISIONS = ("safe", "conditionally_safe", "unsafe")  # SafetyDecision's values
RECOMMENDATIONS = ("return_home", "continue_reunification", "end_reunification")
FINDINGS = ("risk", "progress", "family_time", "safety")
LANGUAGES = ("en", "es")


class ReunificationFileError(ValueError):
    def __init__(self, path, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {problem}" for problem in problems))


def _good_text(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return (
        isinstance(value, dict)
        and isinstance(value.get("en"), str)
        and bool(value["en"].strip())
        and set(value) <= set(LANGUAGES)
        and all(isinstance(v, str) and v.strip() for v in value.values())
    )


def text(value, language: str | None = None) -> str:
    """A file's text in `language` (default: the active one), else its English."""
    if isinstance(value, str):
        return value
    language = (language or translation.get_language() or "en").split("-")[0]
    return value.get(language) or value.get("en", "")


def _coded(data: dict, key: str, field: str, problems: list[str]) -> list[str]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows:
        problems.append(f"{key}: a non-empty list is required")
        return []
    codes: list[str] = []
    for n, row in enumerate(rows):
        where = f"{key}[{n}]"
        if not isinstance(row, dict):
            problems.append(f"{where}: must be an object")
            continue
        code = row.get("code")
        if not isinstance(code, str) or not code.strip():
            problems.append(f"{where}.code: required")
        elif code in codes:
            problems.append(f"{where}.code: {code!r} is used twice")
        else:
            codes.append(code)
        if not _good_text(row.get(field)):
            problems.append(f"{where}.{field}: required (a text, or English and Spanish texts)")
    return codes


def values_of(data: dict) -> dict[str, list[str]]:
    """Every value each finding can take under this file."""
    return {
        "risk": list(RISK_LEVELS),
        "progress": [p["code"] for p in data.get("progress_scale", []) if isinstance(p, dict)],
        "family_time": [p["code"] for p in data.get("family_time_scale", []) if isinstance(p, dict)],
        "safety": list(SAFETY_DECISIONS),
    }


def recommend(rule: list[dict], findings: Mapping[str, str]) -> str | None:
    """The recommendation of the first clause whose listed findings all hold (None: none)."""
    for clause in rule:
        if all(findings.get(name) in allowed for name, allowed in clause["when"].items()):
            return clause["recommendation"]
    return None


def uncovered(data: dict) -> list[dict[str, str]]:
    """Each combination of findings the file's rule gives no recommendation for."""
    values = values_of(data)
    missing = []
    for combination in itertools.product(*(values[name] for name in FINDINGS)):
        findings = dict(zip(FINDINGS, combination, strict=True))
        if recommend(data["rule"], findings) is None:
            missing.append(findings)
    return missing


def describe(findings: Mapping[str, str]) -> str:
    return ", ".join(f"{name}={findings[name]}" for name in FINDINGS)


def check(data) -> list[str]:
    """Every problem of a reunification reassessment file, each with its place."""
    if not isinstance(data, dict):
        return ["the file must hold one JSON object"]
    problems: list[str] = []
    if data.get("tool") != TOOL:
        problems.append(f"tool: must be {TOOL!r} (found {data.get('tool')!r})")
    if not isinstance(data.get("code"), str) or not data["code"].strip():
        problems.append("code: required")
    if not _good_text(data.get("name")):
        problems.append("name: required")
    if "description" in data and not _good_text(data["description"]):
        problems.append("description: a text, or English and Spanish texts")
    if "demonstration" in data and not isinstance(data["demonstration"], bool):
        problems.append("demonstration: true or false")
    _coded(data, "progress_scale", "label", problems)
    _coded(data, "family_time_scale", "label", problems)
    _coded(data, "family_time_items", "wording", problems)
    question = data.get("safety_question")
    if not isinstance(question, dict) or not _good_text(question.get("wording")):
        problems.append("safety_question.wording: required")
    values = values_of(data)
    rule = data.get("rule")
    if not isinstance(rule, list) or not rule:
        problems.append("rule: a non-empty list of clauses is required")
        rule = []
    clean = True
    for n, clause in enumerate(rule):
        where = f"rule[{n}]"
        if not isinstance(clause, dict) or not isinstance(clause.get("when"), dict):
            problems.append(f"{where}: an object with 'when' (an object) and 'recommendation'")
            clean = False
            continue
        if clause.get("recommendation") not in RECOMMENDATIONS:
            problems.append(f"{where}.recommendation: must be one of {', '.join(RECOMMENDATIONS)}")
            clean = False
        for name, allowed in clause["when"].items():
            if name not in FINDINGS:
                problems.append(f"{where}.when.{name}: not a finding (one of {', '.join(FINDINGS)})")
                clean = False
            elif not isinstance(allowed, list) or not allowed:
                problems.append(f"{where}.when.{name}: a non-empty list of values is required")
                clean = False
            else:
                for value in allowed:
                    if value not in values[name]:
                        problems.append(f"{where}.when.{name}: {value!r} is not one of {values[name]}")
                        clean = False
    if clean and rule and not problems:
        for findings in uncovered(data):
            problems.append(f"rule: gives no recommendation when {describe(findings)}")
    return problems


def read(path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReunificationFileError(path, [f"cannot be read as JSON ({error})"]) from error
    problems = check(data)
    if problems:
        raise ReunificationFileError(path, problems)
    return data


def checksum(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# --- Findings and the recommendation --------------------------------------------------------


@dataclass(frozen=True)
class Result:
    progress: str
    family_time: str
    recommendation: str


class Unanswered(ValueError):
    """What is left to answer: ("goal", goal key), ("family_time", item code), ("safety", "")."""

    def __init__(self, questions: list[tuple[str, str]]):
        self.questions = questions
        super().__init__(f"unanswered: {questions}")


def least(scale: list[dict], answers: list[str]) -> str:
    """The answer furthest down the scale (the scale is best first)."""
    order = [point["code"] for point in scale]
    return max(answers, key=order.index)


def result(
    definition: dict,
    *,
    risk: str,
    goal_ratings: Mapping[str, str],
    goal_keys: list[str],
    family_time: Mapping[str, str],
    safety: str,
) -> Result:
    """The findings and the recommendation; Unanswered naming every question left blank."""
    missing = [("goal", key) for key in goal_keys if not goal_ratings.get(key)]
    missing += [
        ("family_time", i["code"]) for i in definition["family_time_items"] if not family_time.get(i["code"])
    ]
    if not safety:
        missing.append(("safety", ""))
    if missing:
        raise Unanswered(missing)
    if not goal_keys:
        raise ValueError("no goals to rate")
    progress = least(definition["progress_scale"], [goal_ratings[key] for key in goal_keys])
    quality = least(
        definition["family_time_scale"], [family_time[i["code"]] for i in definition["family_time_items"]]
    )
    findings = {"risk": risk, "progress": progress, "family_time": quality, "safety": safety}
    recommendation = recommend(definition["rule"], findings)
    if recommendation is None:  # a loaded file never lets this happen (check)
        raise ValueError(f"the rule gives no recommendation when {describe(findings)}")
    return Result(progress, quality, recommendation)


# --- Loading ---------------------------------------------------------------------------------


@transaction.atomic
def load(path, model=None) -> tuple:
    """(instrument, created): a checked file stored as a new version of its code unless that
    exact file is loaded already. `model`: ReunificationInstrument, or a migration's own."""
    if model is None:
        from safety_networks.reunification_models import ReunificationInstrument as model

    data = read(path)
    digest = checksum(data)
    versions = model.objects.select_for_update().filter(code=data["code"])
    same = versions.filter(checksum=digest).first()
    if same is not None:
        return same, False
    latest = versions.order_by("-version").first()
    instrument = model.objects.create(
        code=data["code"],
        version=(latest.version + 1) if latest else 1,
        name=text(data["name"], "en"),
        is_demonstration=data.get("demonstration") is True,
        definition=data,
        checksum=digest,
    )
    return instrument, True


def load_from_file(path) -> str:
    """`manage.py load_instrument` for a file with "tool": "reunification_reassessment"."""
    instrument, created = load(path)
    if created:
        return f"Loaded {instrument.name}, version {instrument.version}."
    return f"{instrument.name}, version {instrument.version}, is already loaded: nothing changed."
