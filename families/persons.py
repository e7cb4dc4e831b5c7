"""The agency-wide person index: the keys a person is matched by, and the match check.

The match check is not a search engine. It answers only in the add/edit flow of a family
the user may change (families.views), needs a name and a date or year of birth, answers at
most MATCHES_SHOWN people, is limited to MATCH_CHECKS_ALLOWED checks per user in
MATCH_CHECK_WINDOW seconds (the "default" cache: Redis in a deployment, so every web process
counts the same checks; tests/families/test_match_limit_across_processes.py), and each check
is audited. For a person involved only in families the user may not open, the answer names
no one: it says a prior involvement exists, with its case number, dates, status and unit
(families.selectors).

How a likely match is found (one query; bench/bench_person_match.py, bench/RESULTS.md):
- the year of birth must be the same: an exact date, a year alone, and a date with day and
  month swapped (3/4 typed as 4/3) all share it, and the index (birth_year, last_sound)
  narrows 200,000 people to a few thousand;
- and the name is alike: trigram similarity of the folded names (accents and case
  folded, families.search.fold; pg_trgm's `similarity`, Django's TrigramSimilarity) at
  least NAME_SIMILARITY, or both first and last names sound alike (Soundex keys kept on
  the row, computed here in Python, so no database extension is needed for them).
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Greatest
from redis import RedisError

from .models import Person
from .search import fold

logger = logging.getLogger(__name__)

MATCHES_SHOWN = 10
MATCH_CHECKS_ALLOWED = 30  # per user …
MATCH_CHECK_WINDOW = 10 * 60  # … in ten minutes
NAME_SIMILARITY = 0.35

_SOUNDEX = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def sound_key(name: str) -> str:
    """American Soundex of a (folded) name's letters: "Gonzalez" and "Gonsales" are both
    G524. Several words are one key ("de la Cruz" → D426)."""
    letters = [ch for ch in fold(name) if "a" <= ch <= "z"]
    if not letters:
        return ""
    key, last = letters[0].upper(), _SOUNDEX.get(letters[0], "")
    for ch in letters[1:]:
        code = _SOUNDEX.get(ch, "")
        if code and code != last:
            key += code
        if ch not in "hw":
            last = code
    return (key + "000")[:4]


def person_keys(
    *, first_name: str, last_name: str, date_of_birth: date | None, birth_year: int | None
) -> dict:
    """The fields of a Person that the match check reads, from what was typed."""
    return {
        "first_name": first_name,
        "last_name": last_name,
        "date_of_birth": date_of_birth,
        "birth_year": date_of_birth.year if date_of_birth else birth_year,
        "folded_name": fold(f"{first_name} {last_name}"),
        "first_sound": sound_key(first_name),
        "last_sound": sound_key(last_name),
    }


def swapped(day: date) -> date | None:
    """The date with day and month swapped (4 March for 3 April), if there is one."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


@dataclass(frozen=True)
class Probe:
    """What the worker typed, as the match check reads it."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    birth_year: int | None = None

    @property
    def year(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.birth_year

    @property
    def is_enough(self) -> bool:
        """A name and one more identifier: a date or a year of birth."""
        return bool(self.first_name.strip() and self.last_name.strip() and self.year)


def likely_matches(probe: Probe, *, exclude: int | None = None) -> list[Person]:
    """At most MATCHES_SHOWN people likely to be this one, best first, each with `score`
    and `date_match` ("same" date, "swapped" day and month, "year"). One query."""
    keys = person_keys(
        first_name=probe.first_name,
        last_name=probe.last_name,
        date_of_birth=probe.date_of_birth,
        birth_year=probe.year,
    )
    sounds_alike = Q(first_sound=keys["first_sound"], last_sound=keys["last_sound"])
    people = Person.objects.filter(birth_year=probe.year)
    if exclude:
        people = people.exclude(pk=exclude)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        people = people.annotate(similarity=TrigramSimilarity("folded_name", keys["folded_name"]))
        people = people.filter(Q(similarity__gte=NAME_SIMILARITY) | sounds_alike)
    else:  # the SQLite first look: the same folded name, or the same sounds
        people = people.annotate(
            similarity=Case(
                When(folded_name=keys["folded_name"], then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
        people = people.filter(Q(folded_name=keys["folded_name"]) | sounds_alike)
    dates = []
    if probe.date_of_birth:
        dates.append(When(date_of_birth=probe.date_of_birth, then=Value(1.0)))
        if (other := swapped(probe.date_of_birth)) is not None:
            dates.append(When(date_of_birth=other, then=Value(0.6)))
    dates.append(When(date_of_birth__isnull=True, then=Value(0.5)))
    people = people.annotate(
        date_score=Case(
            *dates, default=Value(0.3 if probe.date_of_birth else 0.5), output_field=FloatField()
        ),
        sound_score=Case(When(sounds_alike, then=Value(0.5)), default=Value(0.0), output_field=FloatField()),
    ).annotate(score=Greatest(F("similarity"), F("sound_score")) + F("date_score"))
    found = list(people.order_by("-score", "pk")[:MATCHES_SHOWN])
    for person in found:
        person.date_match = _date_match(probe, person)
    return found


def _date_match(probe: Probe, person: Person) -> str:
    if probe.date_of_birth and person.date_of_birth:
        if person.date_of_birth == probe.date_of_birth:
            return "same"
        if person.date_of_birth == swapped(probe.date_of_birth):
            return "swapped"
    return "year"


class TooManyChecks(Exception):
    """The user has made MATCH_CHECKS_ALLOWED checks in the last MATCH_CHECK_WINDOW seconds."""


class ChecksCannotBeCounted(TooManyChecks):
    """The cache that counts the checks (Redis) does not answer. The limit is a guard against
    fishing in the person index, so an uncounted check is refused, not let through; the form
    says so and keeps what was typed."""


def count_check(user) -> None:
    """Count one match check of `user` against the limit (a fixed window in the cache);
    raise TooManyChecks beyond it."""
    key = f"person-match-checks:{user.pk}"
    try:
        cache.add(key, 0, timeout=MATCH_CHECK_WINDOW)
        try:
            made = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=MATCH_CHECK_WINDOW)
            made = 1
    except RedisError as error:
        logger.warning("Person match check not counted, the cache does not answer: %s", error)
        raise ChecksCannotBeCounted from error
    if made > MATCH_CHECKS_ALLOWED:
        raise TooManyChecks
