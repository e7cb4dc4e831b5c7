"""EXPLAIN (ANALYZE, BUFFERS) of every SQL query the benchmarked pages run, on an agency
database already seeded (e.g. `seed_demo --families 200000` into sop_bench200k):

    .venv/bin/python -m bench.explain --database-url postgres://postgres@127.0.0.1:5432/sop_bench200k

For each page of bench/agency.py (My caseload, the family overview, the map, Unit review,
every unit's review for a program administrator, search as a supervisor and as a program
administrator) and the person match of the intake form (families.persons.likely_matches),
fetches it once to warm up, then captures the queries of a second fetch
(django.test.utils.CaptureQueriesContext) and writes the plan of each SELECT to
bench/output/explain/<page>.txt. Writes (the audit event of a read, the session) are listed,
not executed twice. A plan with a Seq Scan on a table that grows with the agency (more than
--growing rows) is flagged `SEQ SCAN ON A GROWING TABLE`; bench/output/explain/summary.txt
lists the flags of every page. The database is only read (and a benchmark sign-in device
made for the administrator, as bench/agency.py does). Not part of the test run.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "output" / "explain"
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"), required=False)
    parser.add_argument("--search", default="nguy")
    parser.add_argument(
        "--growing", type=int, default=10_000, help="rows from which a table counts as growing"
    )
    parser.add_argument("--out", default=str(OUT))
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.database_url:
        sys.exit("--database-url (or BENCH_DATABASE_URL) is required: an agency seeded by seed_demo.")
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=args.database_url)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection

    from bench.agency import collect_static

    collect_static()  # the pages' templates ask the static manifest for their files
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, GREATEST(c.reltuples::bigint, s.n_live_tup) FROM pg_class c "
            "JOIN pg_stat_user_tables s ON s.relid = c.oid"
        )
        rows = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM families_family")
        (families,) = cursor.fetchone()
    growing = {table for table, count in rows.items() if count > args.growing}
    summary = [
        f"Database {connection.settings_dict['NAME']}, {families} families; tables counted as growing "
        f"(> {args.growing} rows): {len(growing)}",
        "",
    ]
    for key, label, run in subjects(args.search):
        captured = capture(run)
        flags = write_page(out / f"{key}.txt", label, captured, growing, rows)
        summary.append(
            f"{key}: {len(captured)} queries; "
            + ("; ".join(flags) if flags else "no Seq Scan on a growing table")
        )
        print(summary[-1], flush=True)
    (out / "summary.txt").write_text("\n".join(summary) + "\n")
    return 0


def subjects(search: str):
    """(key, label, a function that runs the page once) for each benchmarked page."""
    import urllib.parse

    from django.urls import reverse

    from accounts.models import User
    from bench.agency import fetch, signed_in_client
    from families.models import Caregiver, Family
    from families.persons import Probe, likely_matches

    caseworker = User.objects.get(username="caseworker1")
    supervisor = User.objects.get(username="supervisor1")
    admin = User.objects.get(username="admin")
    family = Family.objects.get(display_name="Okafor-Reyes")
    clients = {user.username: signed_in_client(user) for user in (caseworker, supervisor, admin)}
    fid = [family.public_id]
    search_url = f"{reverse('families:search')}?q={urllib.parse.quote(search)}"
    maria = Caregiver.objects.filter(family=family, first_name="Maria").first()
    probe = Probe(maria.first_name, maria.last_name, maria.date_of_birth)

    def page(user, name, *args):
        url = name if name.startswith("/") else reverse(name, args=args)
        return lambda: fetch(clients[user.username], url)

    return [
        ("caseload", "My caseload (caseworker1)", page(caseworker, "families:my_caseload")),
        ("overview", "Family overview (Okafor-Reyes)", page(caseworker, "families:overview", *fid)),
        ("map", "Map (Okafor-Reyes, caseworker1)", page(caseworker, "safety_networks:map", *fid)),
        ("unit", "Unit review (supervisor1)", page(supervisor, "supervision:unit_review")),
        ("units", "Every unit's review (program administrator)", page(admin, "supervision:unit_review")),
        ("search_unit", f"Search “{search}” (supervisor1)", page(supervisor, search_url)),
        ("search_all", f"Search “{search}” (program administrator)", page(admin, search_url)),
        ("person_match", "Person match (likely_matches, Maria Reyes)", lambda: likely_matches(probe)),
    ]


def capture(run) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()  # warm: the plans below are of a page as it runs all day
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries]


def write_page(path: Path, label: str, queries: list[str], growing: set[str], rows: dict) -> list[str]:
    from django.db import connection

    lines = [f"# {label}: {len(queries)} queries", ""]
    flags = []
    for number, sql in enumerate(queries, 1):
        lines += [f"## Query {number}", sql, ""]
        if not re.match(r"\s*(SELECT|WITH)\b", sql, re.IGNORECASE):
            lines += ["(a write or transaction statement: not explained)", ""]
            continue
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [line for (line,) in cursor.fetchall()]
        lines += plan
        scanned = sorted({t for t in SEQ_SCAN.findall("\n".join(plan)) if t in growing})
        for table in scanned:
            flag = f"query {number}: SEQ SCAN ON A GROWING TABLE {table} ({rows[table]} rows)"
            flags.append(flag)
            lines.append(f"!! {flag}")
        lines += [f"(explained in {(time.perf_counter() - started) * 1000:.1f} ms)", ""]
    path.write_text("\n".join(lines) + "\n")
    return flags


if __name__ == "__main__":
    sys.exit(main())
