"""200 signed-in people for 5 minutes: locust (bench/locustfile.py) against gunicorn as the
Docker image runs it (the Dockerfile's CMD, bench/signin_storm.py's Gunicorn).

    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python -m bench.load \\
        --database-url postgres://postgres@127.0.0.1:5432/sop_signin_bench --families 2000

The people: caseworkers (My caseload, their families' overview, map, visits, protective
factors, search), one in ten a supervisor (Unit review, search, overview) and one program
administrator (every unit's review, a unit, search, overview; two-step sign-in with a device
this script gives the demo `admin` in the benchmark's database). Each signs in once, through
the sign-in form and the sign-in gate (503s are tried again, as a person would), then browses,
waiting --wait seconds between pages (default 5 to 15: a person reads the page). locust runs
headless: `--users 200 --spawn-rate 20 --run-time 5m --csv bench/output/load`; the measured
window (the CSV's figures) opens once everyone has signed in and ends with the run.

Appends errors and the 95th percentile per page to bench/RESULTS.md, with the date and the load
average (the machine may be shared: say so with --note).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.signin_storm import PASSWORD, ROOT, Gunicorn, prepare_database

OUTPUT = ROOT / "bench" / "output"
TARGET_P95_MS = 500


def give_admin_a_device() -> str:
    """A confirmed authenticator device for the demo `admin` (benchmark database only), so the
    simulated administrator can pass the two-step sign-in; its key, hex."""
    import django

    django.setup()
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from accounts.two_factor import DEVICE_NAME

    admin = User.objects.get(username="admin")
    TOTPDevice.objects.filter(user=admin).delete()
    device = TOTPDevice.objects.create(user=admin, name=DEVICE_NAME, confirmed=True)
    connection.close()
    return device.key


def search_url() -> str:
    return "/search/?q=nguy"


def run_locust(server: Gunicorn, staff: dict, args, admin_key: str) -> tuple[dict, Path]:
    summary = OUTPUT / "load-summary.json"
    summary.unlink(missing_ok=True)
    env = {
        **server.env,
        "BENCH_LOAD_USERS": str(args.users),
        "BENCH_LOAD_SECONDS": str(args.seconds),
        "BENCH_LOAD_WAIT": args.wait,
        "BENCH_LOAD_SUMMARY": str(summary),
        "BENCH_CASEWORKERS": str(staff["caseworkers"]),
        "BENCH_SUPERVISORS": str(staff["supervisors"]),
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_SEARCH_URL": args.search_url,
        "BENCH_ADMIN_TOTP_KEY": admin_key,
    }
    csv_prefix = OUTPUT / "load"
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time,
        "--csv", str(csv_prefix), "--host", server.host, "--stop-timeout", "10",
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    with (OUTPUT / "load-locust.log").open("w") as log:
        subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    return json.loads(summary.read_text()), Path(f"{csv_prefix}_stats.csv")


def figures(summary: dict, stats_path: Path) -> dict:
    with stats_path.open() as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    failures_path = stats_path.with_name(stats_path.name.replace("_stats.csv", "_failures.csv"))
    failures = []
    if failures_path.exists():
        with failures_path.open() as handle:
            failures = [
                {"name": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
                for r in csv.DictReader(handle)
            ]
    window = (summary["window_end"] - summary["window_start"]) if summary["window_start"] else None
    pages = {
        name: {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "median_ms": float(row["50%"]),
            "p95_ms": min(float(row["95%"]), float(row["Max Response Time"])),
            "max_ms": float(row["Max Response Time"]),
        }
        for name, row in rows.items()
        if int(row["Request Count"])
    }
    signin = sorted(summary["signin_ms"])
    return {
        "window_s": window,
        "pages": pages,
        "failures": failures,
        "signed_in": len(signin),
        "signin_failures": summary["signin_failures"],
        "signin_busy": summary.get("signin_busy", 0),
        "signin_median_ms": signin[len(signin) // 2] if signin else None,
        "signin_max_ms": signin[-1] if signin else None,
    }


def report(result: dict, args, staff: dict, workers: int, load: tuple) -> str:
    when = datetime.now(UTC)
    total = result["pages"].get("Aggregated", {})
    lines = [
        "",
        f"## 200 signed-in people for 5 minutes ({when:%Y-%m-%d %H:%M} UTC, bench/load.py)",
        "",
        f"gunicorn as the Docker image runs it ({workers} sync workers, bench.settings: DEBUG off, "
        f"sign-in gate on with its default slots), {staff['families']:,} families (`seed_demo`; "
        f"{staff['caseworkers']} caseworkers, {staff['supervisors']} supervisors), locust on the same "
        f"machine: `--users {args.users} --spawn-rate {args.spawn_rate} --run-time {args.run_time}`, "
        f"each person waiting {args.wait.replace(',', '–')} s between pages. "
        f"{os.cpu_count()} cores; load average at start / end: "
        f"{' '.join(f'{x:.2f}' for x in load[0])} / {' '.join(f'{x:.2f}' for x in load[1])}. {args.note}",
        "",
        f"Signed in: {result['signed_in']} of {args.users} (median {result['signin_median_ms']:,.0f} ms, "
        f"max {result['signin_max_ms']:,.0f} ms from the first try; {result['signin_busy']} answers "
        f"'many people are signing in', tried again; {result['signin_failures']} failed). "
        + (
            f"Measured window after everyone had signed in: {result['window_s']:.0f} s, "
            if result["window_s"] is not None
            else "The measured window never opened (not everyone had signed in when the run ended): "
            "the figures below are of the sign-in phase, "
        )
        + f"{total.get('requests', 0):,} requests, {total.get('errors', 0)} errors "
        f"(target 0), p95 {total.get('p95_ms', 0):,.0f} ms (target ≤ {TARGET_P95_MS} ms per page).",
        "",
        "| Page | Requests | Errors | Median | p95 | Max | p95 ≤ 500 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, page in sorted(result["pages"].items(), key=lambda item: item[0] == "Aggregated"):
        verdict = (
            "met"
            if page["p95_ms"] <= TARGET_P95_MS
            else f"missed (+{page['p95_ms'] - TARGET_P95_MS:,.0f} ms)"
        )
        lines.append(
            f"| {name} | {page['requests']:,} | {page['errors']} | {page['median_ms']:,.0f} ms "
            f"| {page['p95_ms']:,.0f} ms | {page['max_ms']:,.0f} ms | {verdict} |"
        )
    if result["failures"]:
        lines += [
            "",
            "Errors: " + "; ".join(f"{f['name']}: {f['error']} × {f['count']}" for f in result["failures"]),
        ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sop_signin_bench"),
    )
    parser.add_argument("--families", type=int, default=2000, help="seeded if the database has none")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--run-time", default="5m")
    parser.add_argument(
        "--seconds", type=float, default=300, help="window after all signed in (capped by run-time)"
    )
    parser.add_argument("--wait", default="5,15", help="seconds between pages, MIN,MAX")
    parser.add_argument("--search-url", default=search_url())
    parser.add_argument("--note", default="")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args(argv)
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: sessions' sign-in gate and caches live in Redis, as in production.")
    staff = prepare_database(args.database_url, args.families)
    admin_key = give_admin_a_device()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    with Gunicorn(log_dir=OUTPUT) as server:
        summary, stats = run_locust(server, staff, args, admin_key)
    load_end = os.getloadavg()
    result = figures(summary, stats)
    (OUTPUT / "load-result.json").write_text(json.dumps(result, indent=1))
    text = report(result, args, staff, server.workers, (load_start, load_end))
    print(text)
    with open(args.results, "a") as results:
        results.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
