"""Safety-assessment instruments as data files. Loaded by a data migration (the
demonstration list) or by `manage.py load_safety_threats FILE` (an agency's own).

A threat's `wording` is a string (English: files of before load as they did) or one text per
language, English required: ``{"en": "The home is dangerous.", "es": "La casa es peligrosa."}``.
A file that gives a language for one threat gives it for every threat, or it is refused with
each threat that lacks it (the same rule as protective-factors instruments). Stored as
sop_casework.translated says: English in `wording`, the others in `translations`."""

import json
from pathlib import Path

from protective_factors.instruments import ENGLISH, FileTexts

DEMONSTRATION = Path(__file__).with_name("demonstration_safety_threats.json")


class InstrumentFileError(ValueError):
    pass


def read_threats(path: Path) -> tuple[str, list[dict]]:
    """The instrument's name and its threats (code, wording in English, translations
    {lang: {"wording": …}}), checked: every problem is listed with its place."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InstrumentFileError(f"{path}: cannot be read as JSON ({error})") from error
    problems: list[str] = []
    texts = FileTexts(problems)
    name = data.get("instrument") if isinstance(data, dict) else None
    if not name:
        problems.append("instrument: a name is required")
    threats = data.get("threats") if isinstance(data, dict) else None
    if not isinstance(threats, list) or not threats:
        problems.append("threats: a non-empty list is required")
        threats = []
    seen = set()
    checked = []
    for index, threat in enumerate(threats):
        code, wording = (
            (threat.get("code"), threat.get("wording")) if isinstance(threat, dict) else (None, None)
        )
        if not code:
            problems.append(f"threats[{index}]: a code is required")
        elif code in seen:
            problems.append(f"threats[{index}]: code {code!r} is used twice")
        seen.add(code)
        english = texts.read(wording, f"threats[{index}].wording") if wording else None
        if not english:
            problems.append(f"threats[{index}]: wording is required")
        checked.append({"code": code, "wording": english, "place": f"threats[{index}].wording"})
    texts.check_complete()
    if problems:
        raise InstrumentFileError("\n".join(f"{path}: {p}" for p in problems))
    others = [code for code in texts.languages() if code != ENGLISH]
    for threat in checked:
        place = threat.pop("place")
        threat["translations"] = {lang: {"wording": texts.of(place)[lang]} for lang in others}
    return name, checked


def load_threats(model, path: Path) -> int:
    """Create or update the instrument's threats; returns how many. (A migration's model from
    before the translations gets the English only.)"""
    name, threats = read_threats(path)
    translated = any(f.name == "translations" for f in model._meta.get_fields())
    for position, threat in enumerate(threats):
        model.objects.update_or_create(
            instrument=name,
            code=threat["code"],
            defaults={
                "wording": threat["wording"],
                "position": position,
                **({"translations": threat["translations"]} if translated else {}),
            },
        )
    return len(threats)
