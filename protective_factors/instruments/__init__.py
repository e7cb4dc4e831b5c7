"""Instruments as data files: read, checked (every problem listed with its place), loaded as
a new version when the file changed.

An answer on the scale has a `label`; it may also have `labels`, by respondent, for items
worded in another grammatical person (the demonstration's "Not at all like me" for "I …"
items, "Not at all like my child" for "My child …" items)."""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).parent
DEMONSTRATION = HERE / "demonstration.json"
EVERYDAY_ACTIONS = HERE / "everyday_actions.json"

RESPONDENTS = {"caregiver_self", "caregiver_about_child", "caseworker"}
BANDS = {"strength", "emerging", "area_to_build"}


class InstrumentFileError(ValueError):
    def __init__(self, path, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {problem}" for problem in problems))


@dataclass
class CheckedInstrument:
    data: dict
    checksum: str
    bands: dict[str, list[dict]]  # factor code -> bands, lowest first


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def read_instrument(path: Path, factor_codes: set[str]) -> CheckedInstrument:
    """Read and check an instrument file; raise InstrumentFileError listing every problem."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, json.JSONDecodeError) as error:
        raise InstrumentFileError(path, [f"cannot be read as JSON ({error})"]) from error
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstrumentFileError(path, ["the file must hold one JSON object"])
    for key in ("code", "name"):
        if not str(data.get(key) or "").strip():
            problems.append(f"{key}: required")

    scale = data.get("scale")
    values: list[int] = []
    if not isinstance(scale, list) or len(scale) < 2:
        problems.append("scale: a list of at least two answers is required")
        scale = []
    for index, point in enumerate(scale):
        where = f"scale[{index}]"
        if not isinstance(point, dict) or not isinstance(point.get("value"), int):
            problems.append(f"{where}.value: a whole number is required")
            continue
        if not str(point.get("label") or "").strip():
            problems.append(f"{where}.label: every answer on the scale needs a label")
        labels = point.get("labels", {})
        if not isinstance(labels, dict) or any(
            who not in RESPONDENTS or not str(label or "").strip() for who, label in labels.items()
        ):
            problems.append(f"{where}.labels: a label for each of {sorted(RESPONDENTS)} it names")
        if point["value"] in values:
            problems.append(f"{where}.value: {point['value']} is on the scale twice")
        values.append(point["value"])
    low, high = (min(values), max(values)) if values else (None, None)

    items = data.get("items")
    if not isinstance(items, list) or not items:
        problems.append("items: a non-empty list is required")
        items = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"items[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object")
            continue
        code = item.get("code")
        if not code:
            problems.append(f"{where}.code: required")
        elif code in seen:
            problems.append(f"{where}.code: {code!r} is used twice")
        seen.add(code)
        if item.get("factor") not in factor_codes:
            problems.append(f"{where}.factor: unknown factor {item.get('factor')!r}")
        if item.get("respondent") not in RESPONDENTS:
            problems.append(f"{where}.respondent: must be one of {sorted(RESPONDENTS)}")
        if not str(item.get("wording") or "").strip():
            problems.append(f"{where}.wording: required")
        if "reverse" in item and not isinstance(item["reverse"], bool):
            problems.append(f"{where}.reverse: true or false")
        ages = item.get("ages")
        if ages is not None and not (
            isinstance(ages, list)
            and len(ages) == 2
            and all(isinstance(a, int) for a in ages)
            and ages[0] <= ages[1]
        ):
            problems.append(f"{where}.ages: [youngest, oldest] in whole years")

    bands_in = data.get("bands")
    bands: dict[str, list[dict]] = {}
    if not isinstance(bands_in, dict) or not bands_in:
        problems.append("bands: required, per factor code or '*' for every factor")
        bands_in = {}
    for key, entries in bands_in.items():
        where = f"bands.{key}"
        if key != "*" and key not in factor_codes:
            problems.append(f"{where}: unknown factor {key!r}")
            continue
        parsed = []
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            lo, hi = _number(entry.get("low")), _number(entry.get("high"))
            if entry.get("band") not in BANDS:
                problems.append(f"{where}[{index}].band: must be one of {sorted(BANDS)}")
            if lo is None or hi is None or lo >= hi:
                problems.append(f"{where}[{index}]: low must be below high")
                continue
            parsed.append({"band": entry.get("band"), "low": lo, "high": hi})
        parsed.sort(key=lambda b: b["low"])
        if low is not None and parsed:
            if parsed[0]["low"] != low:
                problems.append(
                    f"{where}: the lowest band starts at {parsed[0]['low']}, not at the scale's {low}"
                )
            if parsed[-1]["high"] != high:
                problems.append(
                    f"{where}: the highest band ends at {parsed[-1]['high']}, not at the scale's {high}"
                )
            for before, after in zip(parsed, parsed[1:], strict=False):
                if after["low"] > before["high"]:
                    problems.append(f"{where}: a gap between {before['high']} and {after['low']}")
                elif after["low"] < before["high"]:
                    problems.append(f"{where}: {before['band']} and {after['band']} overlap")
        bands[key] = parsed
    for code in factor_codes:
        if (
            code not in bands
            and "*" not in bands
            and any(i.get("factor") == code for i in items if isinstance(i, dict))
        ):
            problems.append(f"bands: no bands for factor {code!r}")
    if problems:
        raise InstrumentFileError(path, problems)
    resolved = {code: bands.get(code) or bands.get("*") for code in factor_codes}
    checksum = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return CheckedInstrument(data=data, checksum=checksum, bands=resolved)


def load_instrument(path: Path, *, Instrument, Item, ScoringBand, ProtectiveFactor):
    """Load the file: the same content again returns the version already loaded; changed
    content becomes the next version. Models are passed in so migrations can use this too.
    Returns (instrument, created)."""
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    checked = read_instrument(path, set(factors))
    data = checked.data
    existing = Instrument.objects.filter(code=data["code"], checksum=checked.checksum).first()
    if existing:
        return existing, False
    latest = Instrument.objects.filter(code=data["code"]).order_by("-version").first()
    instrument = Instrument.objects.create(
        code=data["code"],
        version=(latest.version + 1) if latest else 1,
        name=data["name"],
        is_demonstration=bool(data.get("demonstration")),
        description=data.get("description", ""),
        scale=data["scale"],
        max_unanswered=int(data.get("max_unanswered", 1)),
        checksum=checked.checksum,
    )
    Item.objects.bulk_create(
        [
            Item(
                instrument=instrument,
                code=item["code"],
                factor=factors[item["factor"]],
                wording=item["wording"],
                respondent=item["respondent"],
                reverse_scored=item.get("reverse", False),
                age_min=(item.get("ages") or [None, None])[0],
                age_max=(item.get("ages") or [None, None])[1],
                position=position,
            )
            for position, item in enumerate(data["items"])
        ]
    )
    used = {item["factor"] for item in data["items"]}
    ScoringBand.objects.bulk_create(
        [
            ScoringBand(
                instrument=instrument, factor=factors[code], band=b["band"], low=b["low"], high=b["high"]
            )
            for code in sorted(used)
            for b in checked.bands[code]
        ]
    )
    return instrument, True


def load_everyday_actions(*, EverydayAction, ProtectiveFactor) -> int:
    """The shipped suggestions, added where a factor has none yet (agencies edit them after)."""
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    data = json.loads(EVERYDAY_ACTIONS.read_text(encoding="utf-8"))
    created = 0
    for code, texts in data.items():
        if EverydayAction.objects.filter(factor=factors[code]).exists():
            continue
        EverydayAction.objects.bulk_create(
            [EverydayAction(factor=factors[code], text=text, position=i) for i, text in enumerate(texts)]
        )
        created += len(texts)
    return created
