"""Safety-assessment instruments as data files. Loaded by a data migration (the
demonstration list) or by `manage.py load_safety_threats FILE` (an agency's own)."""

import json
from pathlib import Path

DEMONSTRATION = Path(__file__).with_name("demonstration_safety_threats.json")


class InstrumentFileError(ValueError):
    pass


def read_threats(path: Path) -> tuple[str, list[dict]]:
    """The instrument's name and its threats, checked: every problem is listed with its place."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InstrumentFileError(f"{path}: cannot be read as JSON ({error})") from error
    problems = []
    name = data.get("instrument") if isinstance(data, dict) else None
    if not name:
        problems.append("instrument: a name is required")
    threats = data.get("threats") if isinstance(data, dict) else None
    if not isinstance(threats, list) or not threats:
        problems.append("threats: a non-empty list is required")
        threats = []
    seen = set()
    for index, threat in enumerate(threats):
        code, wording = (
            (threat.get("code"), threat.get("wording")) if isinstance(threat, dict) else (None, None)
        )
        if not code:
            problems.append(f"threats[{index}]: a code is required")
        elif code in seen:
            problems.append(f"threats[{index}]: code {code!r} is used twice")
        seen.add(code)
        if not wording:
            problems.append(f"threats[{index}]: wording is required")
    if problems:
        raise InstrumentFileError("\n".join(f"{path}: {p}" for p in problems))
    return name, threats


def load_threats(model, path: Path) -> int:
    """Create or update the instrument's threats; returns how many."""
    name, threats = read_threats(path)
    for position, threat in enumerate(threats):
        model.objects.update_or_create(
            instrument=name,
            code=threat["code"],
            defaults={"wording": threat["wording"], "position": position},
        )
    return len(threats)
