"""Read replica benchmark (issue 24, "past one machine"): the pages whose reads may be seconds
stale, read on the primary and on a real PostgreSQL streaming replica, and the replica's lag.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sop_replica_bench \\
    BENCH_REPLICA_URL=postgres://postgres@127.0.0.1:5434/sop_replica_bench \\
    .venv/bin/python -m bench.replica --requests 15

The database must already be migrated and seeded (`seed_demo --families N`) on the primary,
and the replica a hot standby of it (`pg_basebackup -R`; bench/RESULTS.md says how it was
made). Measures, in this process through django.test.Client:
1. which alias each routed page's queries used (the router at work, on real servers);
2. each routed page's server time, median and 95th percentile, reading the replica (the
   settings DATABASE_REPLICA_URL gives) and the primary (the same process with the router
   switched off), interleaved request by request;
3. the lag: pg_stat_replication's write/flush/replay lag seen by the primary, and
   write-then-read: a row updated and committed on the primary, then read on the replica
   until the new value shows, --lag-samples times.
Prints a Markdown section for bench/RESULTS.md. Not part of the test run.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITES = ("INSERT", "UPDATE", "DELETE")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--replica-url", default=os.environ.get("BENCH_REPLICA_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--lag-samples", type=int, default=50)
    args = parser.parse_args(argv)
    if not (args.database_url and args.replica_url and "bench" in args.database_url):
        parser.error("give --database-url (a benchmark database: 'bench' in its name) and --replica-url")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        DATABASE_REPLICA_URL=args.replica_url,
        REDIS_URL=args.redis_url,
        CELERY_TASK_ALWAYS_EAGER="true",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    import django

    django.setup()
    from bench.agency import collect_static

    collect_static()
    lag = measure_lag(args.database_url, args.replica_url, samples=args.lag_samples)
    print(lag, flush=True)
    pages = routed_pages()
    aliases = queries_per_alias(pages)
    print(aliases, flush=True)
    times = measure(pages, requests=args.requests, warmup=args.warmup)
    print(section(pages, aliases, times, lag, args))
    return 0


def routed_pages() -> list[tuple[str, str, str]]:
    """(label, who, url): the pages that read the replica, as seed_demo's people open them."""
    from django.urls import reverse

    from accounts.models import User
    from families.models import Family

    caseworker = User.objects.get(username="caseworker1")
    caseload = Family.objects.filter(assigned_caseworker=caseworker).count()
    agency = Family.objects.count()
    return [  # fmt: skip
        (
            f"Every unit's review, program administrator ({agency} families)",
            "admin",
            reverse("supervision:unit_review"),
        ),
        ("Protective-factor change of a unit, supervisor1", "supervisor", reverse("protective_factors:unit")),
        (
            f"Export: My caseload CSV, caseworker1 ({caseload} families)",
            "caseworker",
            reverse("families:my_caseload_export", args=["csv"]),
        ),
        (
            "Export: every unit's review, Excel, program administrator",
            "admin",
            reverse("supervision:unit_review_export", args=["xlsx"]),
        ),
        (
            "Export: families behind 'caseload' of the agency, CSV, program administrator",
            "admin",
            reverse("supervision:families_export", args=["csv"]) + "?rule=caseload",
        ),
    ]


def _clients():
    from accounts.models import User
    from bench.agency import signed_in_client

    names = {"caseworker": "caseworker1", "supervisor": "supervisor1", "admin": "admin"}
    return {role: signed_in_client(User.objects.get(username=name)) for role, name in names.items()}


def _fetch(client, url: str) -> int:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body)


def queries_per_alias(pages) -> dict:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    clients = _clients()
    found = {}
    for label, role, url in pages:
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            _fetch(clients[role], url)
        found[label] = (len(primary.captured_queries), len(replica.captured_queries))
        writes = [q["sql"] for q in replica.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert not writes, writes
    return found


def measure(pages, *, requests: int, warmup: int) -> dict:
    from django.test import override_settings

    clients = _clients()
    on_primary = override_settings(DATABASE_ROUTERS=[])  # the same process, the router off
    times = {(label, where): [] for label, *_ in pages for where in ("primary", "replica")}
    for round_number in range(warmup + requests):
        for label, role, url in pages:
            order = ("primary", "replica") if round_number % 2 else ("replica", "primary")
            for where in order:
                started = time.perf_counter()
                if where == "primary":
                    with on_primary:
                        _fetch(clients[role], url)
                else:
                    _fetch(clients[role], url)
                if round_number >= warmup:
                    times[label, where].append((time.perf_counter() - started) * 1000)
    return times


def measure_lag(primary_url: str, replica_url: str, *, samples: int) -> dict:
    import psycopg2

    primary, replica = psycopg2.connect(primary_url), psycopg2.connect(replica_url)
    primary.autocommit = replica.autocommit = True
    with primary.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_replica_lag (id int PRIMARY KEY, n int NOT NULL)")
        cursor.execute("INSERT INTO bench_replica_lag VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0")
    with replica.cursor() as cursor:  # the new table reaches the replica first
        while True:
            cursor.execute("SELECT to_regclass('bench_replica_lag') IS NOT NULL")
            if cursor.fetchone()[0]:
                break
            time.sleep(0.01)
    seen = []
    for n in range(1, samples + 1):
        with primary.cursor() as cursor:
            cursor.execute("UPDATE bench_replica_lag SET n = %s WHERE id = 1", [n])
        committed = time.perf_counter()
        with replica.cursor() as cursor:
            while True:
                cursor.execute("SELECT n FROM bench_replica_lag WHERE id = 1")
                row = cursor.fetchone()
                if row and row[0] >= n:
                    break
                time.sleep(0.0005)
        seen.append((time.perf_counter() - committed) * 1000)
        time.sleep(0.05)
    with primary.cursor() as cursor:
        cursor.execute(
            "SELECT application_name, state, write_lag, flush_lag, replay_lag FROM pg_stat_replication "
            "WHERE client_addr = '127.0.0.1'"
        )
        stat = cursor.fetchall()
        cursor.execute("DROP TABLE bench_replica_lag")
    with replica.cursor() as cursor:
        cursor.execute("SELECT now() - pg_last_xact_replay_timestamp()")
        replay_age = cursor.fetchone()[0]
    primary.close()
    replica.close()
    return {"write_then_read_ms": seen, "pg_stat_replication": stat, "replay_age": replay_age}


def _pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def section(pages, aliases, times, lag, args) -> str:
    load = os.getloadavg()
    lines = [
        f"## Read replica (issue 24, past one machine), {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC",
        "",
        f"`python -m bench.replica --requests {args.requests}` against a PostgreSQL 15 hot standby on "
        f"this machine (`pg_basebackup -R`). Load average when it ended: {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} (1/5/15 min, {os.cpu_count()} cores).",
        "",
        "| page | queries on primary / on replica, router on | read on primary: median (p95) ms "
        "| read on replica: median (p95) ms |",
        "|---|---|---|---|",
    ]
    for label, _role, _url in pages:
        p, r = times[label, "primary"], times[label, "replica"]
        lines.append(
            f"| {label} | {aliases[label][0]} / {aliases[label][1]} "
            f"| {statistics.median(p):.0f} ({_pct(p, 95):.0f}) "
            f"| {statistics.median(r):.0f} ({_pct(r, 95):.0f}) |"
        )
    seen = lag["write_then_read_ms"]
    lines += [
        "",
        f"Write-then-read ({len(seen)} updates committed on the primary, each polled on the replica "
        f"until it showed): median {statistics.median(seen):.1f} ms, p95 {_pct(seen, 95):.1f} ms, "
        f"max {max(seen):.1f} ms.",
        "pg_stat_replication after them (write / flush / replay lag): "
        + "; ".join(f"{name} {state}: {w} / {f} / {r}" for name, state, w, f, r in lag["pg_stat_replication"])
        + f"; on the replica, now() - pg_last_xact_replay_timestamp(): {lag['replay_age']}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
