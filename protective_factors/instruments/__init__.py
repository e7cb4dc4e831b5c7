"""Instruments as data files: read, checked (every problem listed with its place), loaded as
a new version when the file changed.

An answer on the scale has a `label`; it may also have `labels`, by respondent, for items
worded in another grammatical person (the demonstration's "Not at all like me" for "I …"
items, "Not at all like my child" for "My child …" items).

Languages. Every text of a file – the instrument's `name` and `description`, each answer's
`label` and `labels`, each item's `wording`, each band's `description` (optional: what the
band means, in words for the person) – is either a string, which is English (every file
written before translations keeps loading as it did), or an object with one text per
language, English first:

    "wording": {"en": "I know who to ask for help.", "es": "Sé a quién pedir ayuda."}

A file that gives a language for one text gives it for every text: otherwise it is refused,
and each text without it is listed with its place (a missing translation is caught when the
file is loaded, not found by a parent on the form). English is required everywhere.

Versions. The checksum that tells one version from the next is taken over what the answers
mean and how they are scored: the file with every text in English, without the band
descriptions – so a file of before gives the checksum it always gave. Loading a file that
differs from a loaded version only in its other languages or its band descriptions brings
those texts up to date on that version (the command says so) rather than making a new
version: the questions and scores are the same, in more words.

Stored (sop_casework.translated): the English text in the row's field (`Item.wording`,
`ScoringBand.description`, `Instrument.name`/`description`), the others in the row's
`translations` ({"es": {"wording": …}}); each answer of `Instrument.scale` carries its own
(`{"value": 1, "label": …, "labels": {…}, "translations": {"es": {"label": …, "labels": {…}}}}`).
"""

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).parent
DEMONSTRATION = HERE / "demonstration.json"
EVERYDAY_ACTIONS = HERE / "everyday_actions.json"

RESPONDENTS = {"caregiver_self", "caregiver_about_child", "caseworker"}
BANDS = {"strength", "emerging", "area_to_build"}
ENGLISH = "en"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


class InstrumentFileError(ValueError):
    def __init__(self, path, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {problem}" for problem in problems))


@dataclass
class CheckedInstrument:
    data: dict  # the file with every text in English (the shape of a one-language file)
    checksum: str
    bands: dict[str, list[dict]]  # factor code -> bands, lowest first (with description, translations)
    languages: list[str] = field(default_factory=lambda: [ENGLISH])
    translations: dict = field(default_factory=dict)  # the instrument's: {lang: {"name": …, …}}
    scale: list[dict] = field(default_factory=list)  # the scale as stored, translations included
    item_translations: dict[str, dict] = field(default_factory=dict)  # item code -> {lang: {"wording": …}}


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


class FileTexts:
    """Reads each text of a file (a string, or {lang: text}) and remembers, per place, the
    languages it was given in, to check that every text has every language of the file."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        self.places: dict[str, dict[str, str]] = {}  # place -> {lang: text} other than English

    def read(self, value, where: str):
        """The English text of `value` (None when it is not a text at all)."""
        if isinstance(value, str):
            if value.strip():  # an empty one is reported once, by the caller, as missing
                self.places[where] = {}
            return value
        if not isinstance(value, dict):
            return None
        others = {}
        for code, text in value.items():
            if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
                self.problems.append(f"{where}: {code!r} is not a language code (such as 'en' or 'es')")
            elif not isinstance(text, str) or not text.strip():
                self.problems.append(f"{where}.{code}: the text is empty")
            elif code != ENGLISH:
                others[code] = text
        self.places[where] = others
        english = value.get(ENGLISH)
        if not isinstance(english, str) or not english.strip():
            self.problems.append(f"{where}.{ENGLISH}: the English text is required")
            return ""
        return english

    def languages(self) -> list[str]:
        found = set().union(*self.places.values()) if self.places else set()
        return [ENGLISH, *sorted(found)]

    def check_complete(self) -> None:
        languages = set(self.languages()) - {ENGLISH}
        for where, texts in self.places.items():
            for code in sorted(languages - set(texts)):
                self.problems.append(
                    f"{where}: no {code!r} text (the file gives {code!r} for other texts; every text "
                    "needs every language of the file)"
                )

    def of(self, where: str) -> dict[str, str]:
        return self.places.get(where, {})


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
    data = copy.deepcopy(data)  # becomes the English file: each text replaced by its English
    texts = FileTexts(problems)
    if not str(data.get("code") or "").strip():
        problems.append("code: required")
    if "name" in data:
        data["name"] = texts.read(data["name"], "name")
    if not str(data.get("name") or "").strip():
        problems.append("name: required")
    if "description" in data:
        data["description"] = texts.read(data["description"], "description") or ""

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
        if "label" in point:
            point["label"] = texts.read(point["label"], f"{where}.label")
        if not str(point.get("label") or "").strip():
            problems.append(f"{where}.label: every answer on the scale needs a label")
        labels = point.get("labels", {})
        if isinstance(labels, dict):
            for who in list(labels):
                labels[who] = texts.read(labels[who], f"{where}.labels.{who}")
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
        if "wording" in item:
            item["wording"] = texts.read(item["wording"], f"{where}.wording")
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
            description, place = "", f"{where}[{index}].description"
            if "description" in entry:
                description = texts.read(entry.pop("description"), place) or ""
            if lo is None or hi is None or lo >= hi:
                problems.append(f"{where}[{index}]: low must be below high")
                continue
            parsed.append(
                {"band": entry.get("band"), "low": lo, "high": hi, "description": description, "place": place}
            )
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
    texts.check_complete()
    if problems:
        raise InstrumentFileError(path, problems)

    # What the answers mean and how they are scored, in English: the checksum of a version.
    checksum = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    languages = texts.languages()

    def by_language(fields: dict[str, str]) -> dict:
        return {
            code: {name: texts.of(place)[code] for name, place in fields.items()}
            for code in languages
            if code != ENGLISH
        }

    instrument_texts = {"name": "name", **({"description": "description"} if "description" in data else {})}
    translations = by_language(instrument_texts)
    stored_scale = []
    for index, point in enumerate(data["scale"]):
        point = copy.deepcopy(point)
        who_labels = list(point.get("labels", {}))
        others = {
            code: {
                "label": texts.of(f"scale[{index}].label")[code],
                **(
                    {"labels": {who: texts.of(f"scale[{index}].labels.{who}")[code] for who in who_labels}}
                    if who_labels
                    else {}
                ),
            }
            for code in languages
            if code != ENGLISH
        }
        if others:
            point["translations"] = others
        stored_scale.append(point)
    item_translations = {
        item["code"]: by_language({"wording": f"items[{index}].wording"}) for index, item in enumerate(items)
    }
    for parsed in bands.values():
        for band in parsed:
            place = band.pop("place")
            band["translations"] = by_language({"description": place}) if band["description"] else {}
    resolved = {code: bands.get(code) or bands.get("*") for code in factor_codes}
    return CheckedInstrument(
        data=data,
        checksum=checksum,
        bands=resolved,
        languages=languages,
        translations=translations,
        scale=stored_scale,
        item_translations=item_translations,
    )


class Loaded(NamedTuple):
    instrument: object
    created: bool
    texts_updated: bool  # the version was loaded before; its other languages or band descriptions changed


def _has_field(model, name: str) -> bool:
    """A migration's model of before the translations has no field for them."""
    return any(f.name == name for f in model._meta.get_fields())


def load_instrument(path: Path, *, Instrument, Item, ScoringBand, ProtectiveFactor) -> Loaded:
    """Load the file: the same content again returns the version already loaded (its texts in
    other languages and band descriptions brought up to date); changed content becomes the
    next version. Models are passed in so migrations can use this too (a migration's models
    from before the translations get the English only)."""
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    checked = read_instrument(path, set(factors))
    data = checked.data
    existing = Instrument.objects.filter(code=data["code"], checksum=checked.checksum).first()
    if existing:
        updated = _update_texts(existing, checked, Item=Item, ScoringBand=ScoringBand)
        return Loaded(existing, False, updated)
    latest = Instrument.objects.filter(code=data["code"]).order_by("-version").first()
    translated = _has_field(Instrument, "translations")
    instrument = Instrument.objects.create(
        code=data["code"],
        version=(latest.version + 1) if latest else 1,
        name=data["name"],
        is_demonstration=bool(data.get("demonstration")),
        description=data.get("description", ""),
        scale=checked.scale if translated else data["scale"],
        max_unanswered=int(data.get("max_unanswered", 1)),
        checksum=checked.checksum,
        **({"translations": checked.translations} if translated else {}),
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
                **({"translations": checked.item_translations[item["code"]]} if translated else {}),
            )
            for position, item in enumerate(data["items"])
        ]
    )
    used = {item["factor"] for item in data["items"]}
    ScoringBand.objects.bulk_create(
        [
            ScoringBand(
                instrument=instrument,
                factor=factors[code],
                band=b["band"],
                low=b["low"],
                high=b["high"],
                **(
                    {"description": b["description"], "translations": b["translations"]} if translated else {}
                ),
            )
            for code in sorted(used)
            for b in checked.bands[code]
        ]
    )
    return Loaded(instrument, True, False)


def _update_texts(instrument, checked: CheckedInstrument, *, Item, ScoringBand) -> bool:
    """Bring a loaded version's other languages and band descriptions up to the file's (its
    English and its scoring are the file's already: same checksum). True if anything changed."""
    if not _has_field(type(instrument), "translations"):
        return False
    changed = False
    if instrument.translations != checked.translations or instrument.scale != checked.scale:
        instrument.translations, instrument.scale = checked.translations, checked.scale
        instrument.save(update_fields=["translations", "scale"])
        changed = True
    items = []
    for item in Item.objects.filter(instrument=instrument):
        wanted = checked.item_translations.get(item.code, {})
        if item.translations != wanted:
            item.translations = wanted
            items.append(item)
    Item.objects.bulk_update(items, ["translations"])
    bands = []
    for band in ScoringBand.objects.filter(instrument=instrument).select_related("factor"):
        for spec in checked.bands.get(band.factor.code) or []:
            wanted = (spec["description"], spec["translations"])
            if (spec["band"], spec["low"]) == (band.band, band.low) and (
                band.description,
                band.translations,
            ) != wanted:
                band.description, band.translations = wanted
                bands.append(band)
    ScoringBand.objects.bulk_update(bands, ["description", "translations"])
    return changed or bool(items) or bool(bands)


def read_everyday_actions(path: Path = EVERYDAY_ACTIONS) -> dict[str, list[tuple[str, dict]]]:
    """The suggestions of a file, per factor code: each as (English text, its translations
    {lang: {"text": …}}). Texts are strings (English) or {lang: text} as in an instrument
    file, and every text has every language of the file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    problems: list[str] = []
    texts = FileTexts(problems)
    english = {
        code: [texts.read(text, f"{code}[{index}]") for index, text in enumerate(entries)]
        for code, entries in data.items()
    }
    texts.check_complete()
    if problems:
        raise InstrumentFileError(path, problems)
    others = [code for code in texts.languages() if code != ENGLISH]
    return {
        code: [
            (text, {lang: {"text": texts.of(f"{code}[{index}]")[lang]} for lang in others})
            for index, text in enumerate(entries)
        ]
        for code, entries in english.items()
    }


def load_everyday_actions(*, EverydayAction, ProtectiveFactor, path: Path = EVERYDAY_ACTIONS) -> int:
    """The shipped suggestions, added where a factor has none yet (agencies edit them after).
    A suggestion still worded as shipped gets the file's languages it lacks; one an agency
    changed, or translated itself, keeps its own words. Returns how many were added."""
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    data = read_everyday_actions(path)
    translated = _has_field(EverydayAction, "translations")
    created = 0
    for code, entries in data.items():
        existing = list(EverydayAction.objects.filter(factor=factors[code]))
        if not existing:
            EverydayAction.objects.bulk_create(
                [
                    EverydayAction(
                        factor=factors[code],
                        text=text,
                        position=i,
                        **({"translations": others} if translated else {}),
                    )
                    for i, (text, others) in enumerate(entries)
                ]
            )
            created += len(entries)
        elif translated:
            shipped = dict(entries)
            changed = []
            for action in existing:
                wanted = {**shipped.get(action.text, {}), **action.translations}
                if action.translations != wanted:
                    action.translations = wanted
                    changed.append(action)
            EverydayAction.objects.bulk_update(changed, ["translations"])
    return created
