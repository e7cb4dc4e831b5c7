"""The family strengths and needs assessment (FSNA) as a file an agency loads (DOMAIN.md,
"Structured Decision Making"): the caregiver domains and the child domains, and for each
domain what each rating means in this tool's words. The ratings themselves are the same in
every FSNA: A (a strength that creates safety and well-being), B (neither), C (a need that
gets in the way), D (a need that contributes to danger).

    {
      "tool": "fsna",
      "code": "our-fsna",                       a slug; a changed file of the same code is a new version
      "name": "…", "description": "…",
      "caregiver_domains": [{"code": "substance_use", "name": "…",
                             "ratings": {"A": "…", "B": "…", "C": "…", "D": "…"}}, …],
      "child_domains": [ … the same … ]
    }

`check(path)` lists every problem with its place (as protective_factors.instruments does);
`load(path)` stores a new version when the file changed. A version never changes once
loaded: an assessment reads the domains it was rated on.

Texts in other languages (the demonstration file carries Spanish): the name, the
description, a domain's name and what each rating means are each a string (English) or
{"en": "…", "es": "…"}, as in the safety and protective-factor files (a language given for
one text is given for all). The stored domain keeps its English texts and the others beside
them, ``"translations": {"es": {"name": "…", "ratings": {"A": "…", …}}}``; the file's name and
description go to the definition's own "translations". FsnaInstrument.domains reads them in
the reader's language.
"""

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from protective_factors.instruments import FileTexts

HERE = Path(__file__).resolve().parent.parent / "instruments"
DEMONSTRATION = HERE / "demonstration_fsna.json"

TOOL = "fsna"
RATINGS = ("A", "B", "C", "D")
SIDES = ("caregiver_domains", "child_domains")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class FsnaFileError(ValueError):
    def __init__(self, path, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {problem}" for problem in problems))


@dataclass(frozen=True)
class CheckedFsna:
    data: dict
    checksum: str


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_domains(data: dict, side: str, problems: list[str]) -> None:
    domains = data.get(side)
    if not isinstance(domains, list) or not domains:
        problems.append(f"{side}: at least one domain is needed")
        return
    seen: set[str] = set()
    for number, domain in enumerate(domains, start=1):
        where = f"{side}[{number}]"
        if not isinstance(domain, dict):
            problems.append(f"{where}: a domain is an object with code, name and ratings")
            continue
        code = domain.get("code")
        if not isinstance(code, str) or not SLUG.match(code):
            problems.append(f"{where}.code: {code!r} is not a code (lower-case letters, digits, _ and -)")
        elif code in seen:
            problems.append(f"{where}.code: {code!r} is used twice in {side}")
        else:
            seen.add(code)
        if not _text(domain.get("name")):
            problems.append(f"{where}.name: the name is empty")
        ratings = domain.get("ratings")
        if not isinstance(ratings, dict):
            problems.append(f"{where}.ratings: give what A, B, C and D mean for this domain")
            continue
        for rating in RATINGS:
            if not _text(ratings.get(rating)):
                problems.append(f"{where}.ratings.{rating}: the text is empty or missing")
        for other in sorted(set(ratings) - set(RATINGS)):
            problems.append(f"{where}.ratings.{other}: not a rating (the ratings are A, B, C and D)")


def english_file(data: dict, problems: list[str]) -> dict:
    """The file with each text in English and its other languages beside it (see the
    module); the problems of the texts' languages added to `problems`."""
    english = copy.deepcopy(data)
    texts = FileTexts(problems)
    read: list[tuple[dict, tuple[str, ...], str]] = []  # (domain or file, path to the text, place)

    def text(entry, path: tuple[str, ...], where: str) -> None:
        holder = entry
        for key in path[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and path[-1] in holder:
            holder[path[-1]] = texts.read(holder[path[-1]], where)
            read.append((entry, path, where))

    text(english, ("name",), "name")
    text(english, ("description",), "description")
    for side in SIDES:
        domains = english.get(side)
        for number, domain in enumerate(domains if isinstance(domains, list) else [], start=1):
            if not isinstance(domain, dict):
                continue
            text(domain, ("name",), f"{side}[{number}].name")
            ratings = domain.get("ratings")
            for rating in ratings if isinstance(ratings, dict) else {}:
                text(domain, ("ratings", rating), f"{side}[{number}].ratings.{rating}")
    texts.check_complete()
    for entry, path, where in read:
        for language, translated in texts.of(where).items():
            holder = entry.setdefault("translations", {}).setdefault(language, {})
            for key in path[:-1]:
                holder = holder.setdefault(key, {})
            holder[path[-1]] = translated
    return english


def check(path: Path | str) -> CheckedFsna:
    """The file read and checked; FsnaFileError lists every problem with its place."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FsnaFileError(path, [f"cannot be read as JSON: {error}"]) from error
    if not isinstance(data, dict):
        raise FsnaFileError(path, ["the file holds one object (tool, code, name, domains)"])
    problems: list[str] = []
    raw, data = data, english_file(data, problems)
    if data.get("tool") != TOOL:
        problems.append(f"tool: {data.get('tool')!r} is not {TOOL!r}")
    code = data.get("code")
    if not isinstance(code, str) or not SLUG.match(code):
        problems.append(f"code: {code!r} is not a code (lower-case letters, digits, _ and -)")
    if not _text(data.get("name")):
        problems.append("name: the name is empty")
    if "description" in data and not isinstance(data["description"], str):
        problems.append("description: a text")
    for side in SIDES:
        _check_domains(data, side, problems)
    if problems:
        raise FsnaFileError(path, problems)
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return CheckedFsna(data=data, checksum=hashlib.sha256(canonical.encode()).hexdigest())


@transaction.atomic
def load(path: Path | str, *, demonstration: bool = False, model=None):
    """Store the file as a new version of its code, unless that exact file is loaded already.
    Returns (instrument, created). `model`: FsnaInstrument, or its historical model in a
    migration."""
    if model is None:  # not at import: migrations import this module and pass their own model
        from safety_networks.fsna_models import FsnaInstrument as model

    checked = check(path)
    data = checked.data
    versions = model.objects.select_for_update().filter(code=data["code"])
    same = versions.filter(checksum=checked.checksum).first()
    if same is not None:
        return same, False
    latest = versions.order_by("-version").first()
    instrument = model.objects.create(
        code=data["code"],
        version=(latest.version + 1) if latest else 1,
        name=data["name"],
        description=data.get("description", ""),
        is_demonstration=demonstration,
        definition=definition_of(data),
        checksum=checked.checksum,
    )
    return instrument, True


def definition_of(data: dict) -> dict:
    """What a version keeps of the checked file: the domains, and the texts in other
    languages of its name and description."""
    definition = {side: data[side] for side in SIDES}
    if data.get("translations"):
        definition["translations"] = data["translations"]
    return definition


def without_translations(value):
    """The definition as English alone: every `translations` left out."""
    if isinstance(value, dict):
        return {key: without_translations(v) for key, v in value.items() if key != "translations"}
    if isinstance(value, list):
        return [without_translations(v) for v in value]
    return value


@transaction.atomic
def add_translations(path: Path | str, *, model) -> bool:
    """A file that only adds texts in other languages to the latest version of its code
    gives that version the texts (its domains and English words stay as they were rated
    with), rather than becoming a new version. True when it did; False when the version has
    them already or the file changes anything else (load() makes that a new version). For
    data migrations that bring the demonstration's texts to a database."""
    checked = check(path)
    definition = definition_of(checked.data)
    latest = model.objects.select_for_update().filter(code=checked.data["code"]).order_by("-version").first()
    if latest is None or latest.checksum == checked.checksum:
        return False
    english = (checked.data["name"], checked.data.get("description", ""))
    if (latest.name, latest.description) != english:
        return False
    if without_translations(latest.definition) != without_translations(definition):
        return False
    latest.definition, latest.checksum = definition, checked.checksum
    latest.save(update_fields=["definition", "checksum"])
    return True


def load_from_file(path) -> str:
    """`manage.py load_instrument` for a file with "tool": "fsna"."""
    instrument, created = load(path)
    if created:
        return f"Loaded {instrument.name}, version {instrument.version}."
    return f"{instrument.name}, version {instrument.version}, is already loaded: nothing changed."
