"""The match check at agency scale (issue 19): likely matches among 200,000 people in under
50 ms (median), in one query whatever the number of people.

    .venv/bin/python -m bench.person_match --people 200000

Drops and re-creates its own database (default
postgres://postgres@127.0.0.1:5432/sop_bench_persons, or --database-url / BENCH_DATABASE_URL;
the name must contain "bench"), migrates, writes N people with bulk_create (names of the
demo's cultures, dates of birth over 80 years, one in ten with the year alone), VACUUM
ANALYZE; then times families.persons.likely_matches for probes made from people in the
index, typed as a worker might: the same, in capitals without accents, with a letter more,
with day and month swapped, with the year alone. Appends a section to bench/RESULTS.md (or
--results PATH). Not part of the test run.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta

from bench.agency import (
    ROOT,
    drop_database,
    machine,
    percentile,
    recreate_database,
    refuse_a_database_not_for_benchmarks,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sop_bench_persons"
TARGET_MS = 50


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.person_match", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--people", type=int, default=200_000, help="N (200,000)")
    parser.add_argument("--probes", type=int, default=200, help="timed checks (200)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--reuse-database", action="store_true", help="measure the database as it is")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"), help="the file to append to")
    parser.add_argument("--drop-database", action="store_true", help="drop the database when done")
    return parser.parse_args(argv)


def seed_people(n: int, rng: random.Random) -> None:
    from families.models import Person
    from families.persons import person_keys
    from sop_casework.demo.names import CULTURES

    today = date.today()
    batch = []
    for _ in range(n):
        culture = rng.choice(CULTURES)
        born = today - timedelta(days=rng.randint(0, 80 * 365))
        year_only = rng.random() < 0.1
        batch.append(
            Person(
                **person_keys(
                    first_name=rng.choice(culture.given_names),
                    last_name=rng.choice(culture.family_names),
                    date_of_birth=None if year_only else born,
                    birth_year=born.year,
                )
            )
        )
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)


def probes(count: int, rng: random.Random):
    from families.models import Person
    from families.persons import Probe, swapped

    sample = list(Person.objects.exclude(date_of_birth=None).order_by("?")[:count])
    made = []
    for index, person in enumerate(sample):
        first, last, born = person.first_name, person.last_name, person.date_of_birth
        match index % 5:
            case 0:
                made.append(Probe(first, last, born))
            case 1:
                made.append(Probe(first.upper(), last.upper(), born))
            case 2:
                made.append(Probe(first + first[-1], last, born))
            case 3:
                made.append(Probe(first, last, swapped(born) or born))
            case _:
                made.append(Probe(first, last, None, born.year))
    return made


def main(argv=None) -> int:
    args = parse_args(argv)
    refuse_a_database_not_for_benchmarks(args.database_url)
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=args.database_url)
    if not args.reuse_database:
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from families.persons import likely_matches

    rng = random.Random(2026)
    started = time.perf_counter()
    if not args.reuse_database:
        call_command("migrate", verbosity=0)
        seed_people(args.people, rng)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE families_person")
    seeded = time.perf_counter() - started
    checks = probes(args.probes, rng)
    for probe in checks[:20]:  # warm-up
        likely_matches(probe)
    timings, found, queries = [], [], set()
    for probe in checks:
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            answer = likely_matches(probe)
            timings.append((time.perf_counter() - start) * 1000)
        queries.add(len(captured))
        found.append(len(answer))
    median = statistics.median(timings)
    info = machine()
    lines = [
        "",
        f"## Person match check, N = {args.people:,} people, {date.today().isoformat()}",
        f"Machine: {info['cores']} cores, {info['memory_gib']} GiB memory; {info['platform']};"
        f" Python {info['python']}; PostgreSQL {info['postgres']}."
        f" Seeded in {seeded:.0f} s (bulk_create, VACUUM ANALYZE).",
        f"{len(checks)} checks (the same, capitals, a letter more, day and month swapped,"
        f" year alone, in turn), each a call of families.persons.likely_matches:"
        f" median {median:.1f} ms, p95 {percentile(timings, 95):.1f} ms, max {max(timings):.1f} ms;"
        f" queries per check: {sorted(queries)}; people offered: median"
        f" {statistics.median(found):.0f}, max {max(found)} (at most 10). Target: median"
        f" < {TARGET_MS} ms with constant queries: {'met' if median < TARGET_MS else 'missed'}.",
    ]
    print("\n".join(lines))
    with open(args.results, "a") as results:
        results.write("\n".join(lines) + "\n")
    if args.drop_database:
        connection.close()
        drop_database(args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
