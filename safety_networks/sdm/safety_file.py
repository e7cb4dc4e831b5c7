"""SDM safety-assessment instruments as data files: read, checked (every problem listed with
its place), loaded as a new version when the file changed.

The file (JSON, one object; `safety_networks/instruments/demonstration_sdm_safety.json` is
the product's own demonstration):

    {
      "tool": "sdm_safety",                      # what `manage.py load_instrument` dispatches on
      "code": "agency-safety",                   # versions are counted per code
      "name": "…", "description": "…",           # texts: a string (English) or {"en": …, "es": …}
      "demonstration": true,                     # optional: the product's own wording
      "threats": [{"code": "1", "wording": "…"}, …],
      "interventions": [{"code": "relative", "wording": "…"},
                        {"code": "placement", "wording": "…", "placement": true}, …],
      "decision_rule": [{"when": "no_threat", "decision": "safe"}, …]
    }

Exactly one intervention is `"placement": true`: the one that means the child is not safe at
home. The rule (safety_networks.sdm.safety_rule) must give a decision for every answer set: a
rule that leaves some undecided is refused, naming them. Texts in several languages follow
protective_factors.instruments (a language given for one text is given for all).

Versions: the checksum is taken over the whole file as read (texts included). Loading a file
with the checksum of a loaded version changes nothing; any other file of the same code is a
new version. Assessments keep the version they were started on, so a new version never
changes an assessment made with an old one.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from protective_factors.instruments import ENGLISH, FileTexts, InstrumentFileError

from .safety_rule import CONDITIONS, DECISIONS, Clause, uncovered

TOOL = "sdm_safety"
DEMONSTRATION = Path(__file__).resolve().parent.parent / "instruments" / "demonstration_sdm_safety.json"


@dataclass
class CheckedSafetyInstrument:
    code: str
    name: str
    description: str
    is_demonstration: bool
    threats: list[dict]  # {"code", "wording", "translations": {lang: {"wording": …}}}
    interventions: list[dict]  # the same, with "placement": bool
    rule: list[dict]  # [{"when", "decision"}]
    translations: dict  # the instrument's: {lang: {"name": …, "description": …}}
    checksum: str


def _entries(data, key: str, texts: FileTexts, problems: list[str], *, placement: bool) -> list[dict]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows:
        problems.append(f"{key}: a non-empty list is required")
        return []
    seen: set = set()
    checked = []
    for index, row in enumerate(rows):
        where = f"{key}[{index}]"
        if not isinstance(row, dict):
            problems.append(f"{where}: must be an object")
            continue
        code = row.get("code")
        if not isinstance(code, str) or not code.strip():
            problems.append(f"{where}.code: required")
        elif code in seen:
            problems.append(f"{where}.code: {code!r} is used twice")
        seen.add(code)
        english = texts.read(row.get("wording"), f"{where}.wording") if "wording" in row else None
        if not str(english or "").strip():
            problems.append(f"{where}.wording: required")
        entry = {"code": code, "wording": english or "", "place": f"{where}.wording"}
        if placement:
            if "placement" in row and not isinstance(row["placement"], bool):
                problems.append(f"{where}.placement: true or false")
            entry["placement"] = row.get("placement") is True
        checked.append(entry)
    return checked


def read_safety_instrument(path) -> CheckedSafetyInstrument:
    """Read and check a file; raise InstrumentFileError listing every problem with its place."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, json.JSONDecodeError) as error:
        raise InstrumentFileError(path, [f"cannot be read as JSON ({error})"]) from error
    if not isinstance(data, dict):
        raise InstrumentFileError(path, ["the file must hold one JSON object"])
    problems: list[str] = []
    texts = FileTexts(problems)
    if data.get("tool") != TOOL:
        problems.append(f"tool: must be {TOOL!r}")
    code = data.get("code")
    if not isinstance(code, str) or not code.strip():
        problems.append("code: required")
    name = texts.read(data.get("name"), "name") if "name" in data else None
    if not str(name or "").strip():
        problems.append("name: required")
    description = texts.read(data["description"], "description") if "description" in data else ""
    if "demonstration" in data and not isinstance(data["demonstration"], bool):
        problems.append("demonstration: true or false")
    threats = _entries(data, "threats", texts, problems, placement=False)
    interventions = _entries(data, "interventions", texts, problems, placement=True)
    placements = [i["code"] for i in interventions if i.get("placement")]
    if interventions and len(placements) != 1:
        problems.append(
            f'interventions: exactly one must be marked "placement": true (found {len(placements)})'
        )

    rule_rows = data.get("decision_rule")
    clauses: list[Clause] = []
    if not isinstance(rule_rows, list) or not rule_rows:
        problems.append("decision_rule: a non-empty list of clauses is required")
        rule_rows = []
    for index, clause in enumerate(rule_rows):
        where = f"decision_rule[{index}]"
        if not isinstance(clause, dict):
            problems.append(f"{where}: must be an object")
            continue
        when, decision = clause.get("when"), clause.get("decision")
        ok = True
        if when not in CONDITIONS:
            problems.append(f"{where}.when: {when!r} is not one of {sorted(CONDITIONS)}")
            ok = False
        if decision not in DECISIONS:
            problems.append(f"{where}.decision: {decision!r} is not one of {list(DECISIONS)}")
            ok = False
        if ok:
            clauses.append(Clause(when, decision))
    if clauses and len(clauses) == len(rule_rows):
        for situation in uncovered(clauses):
            problems.append(f"decision_rule: gives no decision for the answers with {situation}")
    texts.check_complete()
    if problems:
        raise InstrumentFileError(path, problems)

    others = [lang for lang in texts.languages() if lang != ENGLISH]
    for entry in [*threats, *interventions]:
        place = entry.pop("place")
        entry["translations"] = {lang: {"wording": texts.of(place)[lang]} for lang in others}
    translations = {
        lang: {
            "name": texts.of("name")[lang],
            **({"description": texts.of("description")[lang]} if texts.of("description") else {}),
        }
        for lang in others
    }
    return CheckedSafetyInstrument(
        code=code,
        name=name,
        description=description or "",
        is_demonstration=data.get("demonstration") is True,
        threats=threats,
        interventions=interventions,
        rule=[{"when": c.when, "decision": c.decision} for c in clauses],
        translations=translations,
        checksum=hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest(),
    )


def load_safety_instrument(path, *, SafetyInstrument):
    """(instrument, created): the loaded version, new when the file differs from every
    version of its code. `SafetyInstrument` is passed so a data migration can use its own."""
    checked = read_safety_instrument(path)
    existing = SafetyInstrument.objects.filter(code=checked.code, checksum=checked.checksum).first()
    if existing is not None:
        return existing, False
    last = SafetyInstrument.objects.filter(code=checked.code).order_by("-version").first()
    instrument = SafetyInstrument.objects.create(
        code=checked.code,
        version=(last.version + 1) if last else 1,
        name=checked.name,
        description=checked.description,
        is_demonstration=checked.is_demonstration,
        threats=checked.threats,
        interventions=checked.interventions,
        decision_rule=checked.rule,
        translations=checked.translations,
        checksum=checked.checksum,
    )
    return instrument, True
