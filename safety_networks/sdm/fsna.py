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
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

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
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
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
        definition={side: data[side] for side in SIDES},
        checksum=checked.checksum,
    )
    return instrument, True


def load_from_file(path) -> str:
    """`manage.py load_instrument` for a file with "tool": "fsna"."""
    instrument, created = load(path)
    if created:
        return f"Loaded {instrument.name}, version {instrument.version}."
    return f"{instrument.name}, version {instrument.version}, is already loaded: nothing changed."
