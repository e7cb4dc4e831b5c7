"""REST API benchmark: the family list endpoint (/api/v1/families/, 100 per page) at N
families, timed in-process through django.test.Client (every middleware, token
authentication, throttle in Redis, the view, the audit event; no network).

    .venv/bin/python -m bench.api --families 20000

Drops and re-creates its own database (default postgres://postgres@127.0.0.1:5432/sop_api_bench,
or --database-url; the name must contain "bench"), migrates it, runs `seed_demo --families N`,
VACUUM ANALYZE, then measures, for a caseworker (their caseload), a supervisor (their unit),
the program administrator and an agency-wide service account (every family): the first
page, and a page deep in the list reached by following the cursor, each with its SQL query
count and the load average. Appends a section to bench/RESULTS.md (or --results PATH).
Target (issue 21): at 20,000 families, median under 100 ms with constant queries.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from bench.agency import (
    DEFAULT_RESULTS,
    PASSWORD,
    machine,
    percentile,
    recreate_database,
    refuse_a_database_not_for_benchmarks,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sop_api_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
TARGET_MS = 100


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--results", default=str(DEFAULT_RESULTS))
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is (no re-seed)")
    parser.add_argument("--label", default="", help="said in the section's title (e.g. before, after)")
    args = parser.parse_args(argv)
    refuse_a_database_not_for_benchmarks(args.database_url)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        API_THROTTLE_RATE="1000000/min",  # the benchmark measures the list, not the throttle
        LOG_LEVEL="WARNING",
    )
    if not args.reuse:
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    seed_seconds = None
    if not args.reuse:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", families=args.families, force=True, password=PASSWORD, verbosity=0)
        seed_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    rows = measure(args)
    text = section(args, rows, seed_seconds)
    print(text)
    with Path(args.results).open("a") as results:
        results.write(text)
    return 0


def measure(args) -> list[dict]:
    from django.db import connection
    from django.test import Client

    from accounts.models import Role, User
    from api.models import TokenAccess
    from api.services import personal_token_create, service_account_create
    from families.models import Family

    administrator = User.objects.filter(role=Role.PROGRAM_ADMINISTRATOR, is_active=True).first()
    people = [
        User.objects.filter(username="caseworker1").first()
        or User.objects.filter(role=Role.CASEWORKER).first(),
        User.objects.filter(username="supervisor1").first()
        or User.objects.filter(role=Role.SUPERVISOR).first(),
        administrator,
    ]
    tokens = [
        (who, personal_token_create(user=who, name="bench", access=TokenAccess.READ, days=1).plain)
        for who in people
    ]
    # A system reading the whole agency (a name of the run's own, so that --reuse can run again).
    system = service_account_create(
        by=administrator,
        name=f"bench agency {os.getpid()}",
        agency_wide=True,
        access=TokenAccess.READ,
        days=1,
    )
    tokens.append((system.token.user, system.plain))
    client = Client()
    subjects = []
    for who, token in tokens:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        visible = Family.objects.visible_to(who).count()
        role = "Agency-wide service account" if who.is_service_account else who.get_role_display()
        name = "" if who.is_service_account else f" {who.username}"
        first = "/api/v1/families/?page_size=100"
        url = first
        subjects.append((f"{role}{name}, first page of {visible:,}", first, headers, min(100, visible)))
        pages = min(50, visible // 100 - 1)
        for _ in range(pages):  # follow the cursor deep into the list
            url = client.get(url, **headers).json()["next"]
        if pages > 1:
            deep = url.replace("http://testserver", "")
            subjects.append((f"{role}{name}, page {pages + 1}", deep, headers, 100))

    rows = []
    for name, url, headers, expected in subjects:
        for _ in range(args.warmup):
            assert client.get(url, **headers).status_code == 200
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url, **headers)
        assert len(response.json()["results"]) == expected, name
        times = []
        for _ in range(args.requests):
            began = time.perf_counter()
            client.get(url, **headers)
            times.append((time.perf_counter() - began) * 1000)
        rows.append(
            {
                "name": name,
                "queries": len(queries),
                "median": statistics.median(times),
                "p95": percentile(times, 95),
                "load": os.getloadavg()[0],
            }
        )
        print(rows[-1], flush=True)
    return rows


def section(args, rows: list[dict], seed_seconds) -> str:
    info = machine()
    seeded = f" Seeded in {seed_seconds:.0f} s." if seed_seconds is not None else ""
    label = f" ({args.label})" if args.label else ""
    lines = [
        f"\n## REST API family list, N = {args.families:,} families, {date.today():%Y-%m-%d}{label}\n",
        f"Machine: {info['cores']} cores, {info['memory_gib']} GiB memory ({info['cpu']}); "
        f"Python {info['python']}; PostgreSQL {info['postgres']}.{seeded}\n",
        "\n`GET /api/v1/families/?page_size=100` with a read-only token (personal, or the service "
        "account's), in-process through django.test.Client (middleware, token lookup, throttle counted "
        "in Redis, cursor pagination, the audit event; no network): "
        f"{args.requests} timed requests after {args.warmup} warm-up. Queries: one request after warm-up "
        "(token, families with their caseworkers, audit insert). Load: the 1-minute load average "
        "after the row's requests.\n\n",
        "| request | queries | median ms | p95 ms | load | target | met? |\n"
        "|---|---:|---:|---:|---:|---|---|\n",
    ]
    for row in rows:
        met = "met" if row["median"] < TARGET_MS else f"missed by {row['median'] - TARGET_MS:.0f} ms"
        lines.append(
            f"| {row['name']} | {row['queries']} | {row['median']:.1f} | {row['p95']:.1f} | "
            f"{row['load']:.1f} | "
            f"median < {TARGET_MS} ms, constant queries | {met} |\n"
        )
    return "".join(lines)


if __name__ == "__main__":
    sys.exit(main())
