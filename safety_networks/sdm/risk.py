"""SDM risk assessment and risk reassessment instruments as data (DOMAIN.md, "Structured
Decision Making"): the file format, its check, and the scoring. Pure functions of plain
values (no models): tested against tables of answer sets (tests/safety_networks/
test_risk_scoring.py).

The file (JSON, one object)::

    {
      "tool": "risk_assessment",            # or "risk_reassessment"
      "code": "demo-risk",                  # one code per instrument; versions share it
      "name": "…", "description": "…", "demonstration": true,
      "indices": [{"code": "neglect", "name": "Neglect index"}, …],
      "items": [{"code": "N1", "index": "neglect", "wording": "…",
                 "answers": [{"code": "a", "label": "…", "score": 0}, …]}, …],
      "bands": {"neglect": [{"level": "low", "from": 0, "to": 1}, …], …},   # totals, inclusive
      "rule": "highest",                    # the level: the higher ("highest") or lower
                                            # ("lowest") of the indices' levels
      "policy_overrides": [{"code": "P1", "wording": "…", "level": "very_high"}, …],
      "discretionary_override": {"steps": 1}   # how many levels up or down, with approval
    }

A file is refused, with every problem listed with its place, when anything is missing or
wrong, and when the rule cannot give a level for some answer set: every total an index can
reach is worked out from its items' scores, and each total in no band (or in two) is listed
with an answer set that reaches it.

Answers of an assessment: {item code: answer code, policy override code: "yes" | "no"}.

Texts in other languages (the demonstration files carry Spanish): each text (the name, the
description, an index's name, an item's wording, an answer's label, a policy override's
wording) is a string (English) or {"en": "…", "es": "…"}, as in the safety and protective-
factor files (protective_factors.instruments.FileTexts: a language given for one text is
given for all). The stored definition keeps the English text in its place and the others
beside it, ``"translations": {"es": {"wording": "…"}}`` on the same object (the file's own
name and description: on the definition itself); `shown` reads a text in the reader's
language.
"""

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from protective_factors.instruments import FileTexts
from sop_casework.translated import text_in_language

HERE = Path(__file__).resolve().parent.parent / "instruments"
DEMONSTRATION_RISK = HERE / "demonstration_risk_assessment.json"
DEMONSTRATION_REASSESSMENT = HERE / "demonstration_risk_reassessment.json"

TOOLS = ("risk_assessment", "risk_reassessment")
LEVELS = ("low", "moderate", "high", "very_high")  # lowest first; RiskLevel's values
RULES = ("highest", "lowest")
YES, NO = "yes", "no"


class RiskFileError(ValueError):
    def __init__(self, path, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {problem}" for problem in problems))


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def reachable_totals(items: list[dict]) -> dict[int, dict[str, str]]:
    """Every total the items' scores can add up to, each with one answer set reaching it."""
    totals: dict[int, dict[str, str]] = {0: {}}
    for item in items:
        step: dict[int, dict[str, str]] = {}
        for total, witness in totals.items():
            for answer in item["answers"]:
                step.setdefault(total + answer["score"], {**witness, item["code"]: answer["code"]})
        totals = step
    return dict(sorted(totals.items()))


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def english_file(data: dict, problems: list[str]) -> dict:
    """The file with each text in English, its other languages beside it (`translations` on
    the object the text belongs to); the problems of the texts' languages added to `problems`."""
    english = copy.deepcopy(data)
    texts = FileTexts(problems)
    read: list[tuple[dict, str, str]] = []  # (the object, its field, the place)

    def text(entry, name: str, where: str) -> None:
        if isinstance(entry, dict) and name in entry:
            entry[name] = texts.read(entry[name], where)
            read.append((entry, name, where))

    text(english, "name", "name")
    text(english, "description", "description")
    for n, index in enumerate(_listed(english.get("indices"))):
        text(index, "name", f"indices[{n}].name")
    for n, item in enumerate(_listed(english.get("items"))):
        text(item, "wording", f"items[{n}].wording")
        for m, answer in enumerate(_listed(item.get("answers") if isinstance(item, dict) else None)):
            text(answer, "label", f"items[{n}].answers[{m}].label")
    for n, override in enumerate(_listed(english.get("policy_overrides"))):
        text(override, "wording", f"policy_overrides[{n}].wording")
    texts.check_complete()
    for entry, name, where in read:
        for language, translated in texts.of(where).items():
            entry.setdefault("translations", {}).setdefault(language, {})[name] = translated
    return english


def shown(entry: dict, name: str) -> str:
    """A text of the definition (`entry[name]`) in the active language, else English."""
    return text_in_language(entry.get(name) or "", entry.get("translations"), name)


def check(data) -> list[str]:
    """Every problem of a risk instrument file, each with its place (an empty list: clean)."""
    if not isinstance(data, dict):
        return ["the file must hold one JSON object"]
    problems: list[str] = []
    data = english_file(data, problems)
    if data.get("tool") not in TOOLS:
        problems.append(f"tool: must be one of {', '.join(TOOLS)} (found {data.get('tool')!r})")
    for key in ("code", "name"):
        if not _text(data.get(key)):
            problems.append(f"{key}: required")
    indices = data.get("indices")
    index_codes: list[str] = []
    if not isinstance(indices, list) or not indices:
        problems.append("indices: a non-empty list is required")
        indices = []
    for n, index in enumerate(indices):
        if not isinstance(index, dict) or not _text(index.get("code")) or not _text(index.get("name")):
            problems.append(f"indices[{n}]: a code and a name are required")
            continue
        if index["code"] in index_codes:
            problems.append(f"indices[{n}]: code {index['code']!r} is used twice")
        index_codes.append(index["code"])
    items = data.get("items")
    if not isinstance(items, list) or not items:
        problems.append("items: a non-empty list is required")
        items = []
    codes: set[str] = set()
    good_items: dict[str, list[dict]] = {code: [] for code in index_codes}
    for n, item in enumerate(items):
        where = f"items[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object")
            continue
        code = item.get("code")
        if not _text(code):
            problems.append(f"{where}.code: required")
        elif code in codes:
            problems.append(f"{where}.code: {code!r} is used twice")
        codes.add(code)
        if not _text(item.get("wording")):
            problems.append(f"{where}.wording: required")
        if item.get("index") not in index_codes:
            problems.append(f"{where}.index: {item.get('index')!r} is not one of the indices")
        answers = item.get("answers")
        if not isinstance(answers, list) or not answers:
            problems.append(f"{where}.answers: a non-empty list is required")
            continue
        answer_codes: set = set()
        clean = True
        for m, answer in enumerate(answers):
            place = f"{where}.answers[{m}]"
            if not isinstance(answer, dict):
                problems.append(f"{place}: must be an object")
                clean = False
                continue
            if not _text(answer.get("code")):
                problems.append(f"{place}.code: required")
                clean = False
            elif answer["code"] in answer_codes:
                problems.append(f"{place}.code: {answer['code']!r} is used twice in this item")
                clean = False
            answer_codes.add(answer.get("code"))
            if not _text(answer.get("label")):
                problems.append(f"{place}.label: required")
            if not _int(answer.get("score")) or answer["score"] < 0:
                problems.append(f"{place}.score: a whole number, 0 or more, is required")
                clean = False
        if clean and item.get("index") in good_items:
            good_items[item["index"]].append(item)
    bands = data.get("bands")
    if not isinstance(bands, dict):
        problems.append("bands: an object with the bands of each index is required")
        bands = {}
    for code in index_codes:
        index_bands = bands.get(code)
        where = f"bands.{code}"
        if not isinstance(index_bands, list) or not index_bands:
            problems.append(f"{where}: a non-empty list is required")
            continue
        clean = True
        for m, band in enumerate(index_bands):
            place = f"{where}[{m}]"
            if not isinstance(band, dict) or band.get("level") not in LEVELS:
                problems.append(f"{place}.level: must be one of {', '.join(LEVELS)}")
                clean = False
            if not isinstance(band, dict) or not (_int(band.get("from")) and _int(band.get("to"))):
                problems.append(f"{place}: 'from' and 'to' (whole numbers) are required")
                clean = False
            elif band["from"] > band["to"]:
                problems.append(f"{place}: 'from' {band['from']} is above 'to' {band['to']}")
                clean = False
        if not index_items_clean(good_items, items, code) or not clean:
            continue
        for total, witness in reachable_totals(good_items[code]).items():
            holding = [b for b in index_bands if b["from"] <= total <= b["to"]]
            answers = ", ".join(f"{item}={answer}" for item, answer in witness.items()) or "no items"
            if not holding:
                problems.append(
                    f"{where}: the rule gives no level when the {code} index totals {total} "
                    f"(reached by {answers})"
                )
            elif len(holding) > 1:
                problems.append(
                    f"{where}: a {code} index total of {total} is in {len(holding)} bands "
                    f"(reached by {answers})"
                )
    for code in bands if isinstance(bands, dict) else ():
        if code not in index_codes:
            problems.append(f"bands.{code}: {code!r} is not one of the indices")
    if data.get("rule") not in RULES:
        problems.append(f"rule: must be one of {', '.join(RULES)} (found {data.get('rule')!r})")
    overrides = data.get("policy_overrides", [])
    if not isinstance(overrides, list):
        problems.append("policy_overrides: a list is required")
        overrides = []
    for n, override in enumerate(overrides):
        where = f"policy_overrides[{n}]"
        if not isinstance(override, dict):
            problems.append(f"{where}: must be an object")
            continue
        if not _text(override.get("code")):
            problems.append(f"{where}.code: required")
        elif override["code"] in codes:
            problems.append(f"{where}.code: {override['code']!r} is used twice")
        codes.add(override.get("code"))
        if not _text(override.get("wording")):
            problems.append(f"{where}.wording: required")
        if override.get("level") not in LEVELS:
            problems.append(f"{where}.level: must be one of {', '.join(LEVELS)}")
    steps = (data.get("discretionary_override") or {"steps": 1}).get("steps")
    if not _int(steps) or not 0 <= steps <= 3:
        problems.append("discretionary_override.steps: a whole number from 0 to 3 is required")
    return problems


def index_items_clean(good_items: dict, items: list, code: str) -> bool:
    """All the index's items were read cleanly (its totals can be worked out)."""
    return len(good_items[code]) == sum(1 for i in items if isinstance(i, dict) and i.get("index") == code)


def read(path) -> dict:
    """The checked file's content, each text in English with its other languages beside it
    (english_file); RiskFileError listing every problem."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise RiskFileError(path, [f"cannot be read as JSON ({error})"]) from error
    problems = check(data)
    if problems:
        raise RiskFileError(path, problems)
    return english_file(data, [])


def checksum(data: dict) -> str:
    """What tells one version from the next: the whole file, keys sorted."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# --- Scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskResult:
    index_scores: dict[str, int]  # index code -> total
    index_levels: dict[str, str]  # index code -> level of its band
    index_level: str  # the rule's level from the indices
    policy_overrides: list[str]  # codes of the policy overrides answered yes
    level: str  # after the policy overrides


class Unanswered(ValueError):
    def __init__(self, codes: list[str]):
        self.codes = codes
        super().__init__(f"unanswered: {', '.join(codes)}")


def questions(definition: dict) -> list[str]:
    """Every code an assessment answers: the items, then the policy overrides."""
    return [item["code"] for item in definition["items"]] + [
        override["code"] for override in definition.get("policy_overrides", [])
    ]


def valid_answer(definition: dict, code: str, answer) -> bool:
    for item in definition["items"]:
        if item["code"] == code:
            return any(a["code"] == answer for a in item["answers"])
    return code in {o["code"] for o in definition.get("policy_overrides", [])} and answer in (YES, NO)


def higher(a: str, b: str) -> str:
    return max(a, b, key=LEVELS.index)


def score(definition: dict, answers: Mapping[str, str]) -> RiskResult:
    """Each index's total and level, the rule's level, and the level after the policy
    overrides answered yes. Unanswered (listing the codes) when anything is unanswered."""
    missing = [code for code in questions(definition) if not answers.get(code)]
    if missing:
        raise Unanswered(missing)
    for code in questions(definition):
        if not valid_answer(definition, code, answers[code]):
            raise ValueError(f"{code}: {answers[code]!r} is not one of its answers")
    totals = {index["code"]: 0 for index in definition["indices"]}
    for item in definition["items"]:
        chosen = next(a for a in item["answers"] if a["code"] == answers[item["code"]])
        totals[item["index"]] += chosen["score"]
    levels = {
        code: next(b["level"] for b in definition["bands"][code] if b["from"] <= total <= b["to"])
        for code, total in totals.items()
    }
    pick = max if definition["rule"] == "highest" else min
    index_level = pick(levels.values(), key=LEVELS.index)
    applied = [o for o in definition.get("policy_overrides", []) if answers[o["code"]] == YES]
    level = index_level
    for override in applied:
        level = higher(level, override["level"])
    return RiskResult(totals, levels, index_level, [o["code"] for o in applied], level)


def discretionary_levels(definition: dict, level: str, *, policy_applied: bool) -> list[str]:
    """The levels a discretionary override may move to from `level`: up or down by at most
    the file's steps; never below a level a policy override set."""
    steps = (definition.get("discretionary_override") or {"steps": 1}).get("steps", 1)
    at = LEVELS.index(level)
    low = at if policy_applied else max(0, at - steps)
    return [LEVELS[i] for i in range(low, min(len(LEVELS), at + steps + 1)) if i != at]


# --- Loading ---------------------------------------------------------------------------


def load(path, RiskInstrument) -> tuple:
    """Load a checked file as a version of its instrument: (instrument, created). The same
    content as the latest version loads nothing; changed content becomes the next version
    (the versions before stay as they were, for the assessments scored with them).
    `RiskInstrument` is passed in, so a data migration can give its historical model."""
    data = read(path)
    digest = checksum(data)
    latest = RiskInstrument.objects.filter(code=data["code"]).order_by("-version").first()
    if latest is not None and latest.checksum == digest:
        return latest, False
    instrument = RiskInstrument.objects.create(
        tool=data["tool"],
        code=data["code"],
        version=(latest.version + 1) if latest else 1,
        name=data["name"],
        description=data.get("description", ""),
        is_demonstration=bool(data.get("demonstration")),
        definition=data,
        checksum=digest,
    )
    return instrument, True


def without_translations(value):
    """The definition as English alone: every `translations` left out."""
    if isinstance(value, dict):
        return {key: without_translations(v) for key, v in value.items() if key != "translations"}
    if isinstance(value, list):
        return [without_translations(v) for v in value]
    return value


def add_translations(path, RiskInstrument) -> bool:
    """A file that only adds texts in other languages to the latest version of its code
    gives that version the texts (its items, scores, bands and English words stay as they
    were scored with), rather than becoming a new version. True when it did; False when the
    version has them already or the file changes anything else (load() makes that a new
    version). For data migrations that bring the demonstrations' texts to a database."""
    data = read(path)
    latest = RiskInstrument.objects.filter(code=data["code"]).order_by("-version").first()
    if latest is None or latest.checksum == checksum(data):
        return False
    if without_translations(latest.definition) != without_translations(data):
        return False
    latest.definition, latest.checksum = data, checksum(data)
    latest.save(update_fields=["definition", "checksum"])
    return True


def load_demonstrations(RiskInstrument) -> None:
    for path in (DEMONSTRATION_RISK, DEMONSTRATION_REASSESSMENT):
        load(path, RiskInstrument)


def load_from_file(path) -> str:
    """`manage.py load_instrument` for a file with "tool": "risk_assessment" or "risk_reassessment"."""
    from safety_networks.risk_models import RiskInstrument

    instrument, created = load(path, RiskInstrument)
    if created:
        return (
            f"Loaded {instrument} ({instrument.get_tool_display()}): {len(instrument.items())} items, "
            f"{len(instrument.policy_overrides())} policy overrides."
        )
    return f"{instrument} is already loaded with this content; nothing changed."
