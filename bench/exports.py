"""An agency-wide caseload export: time to the first byte and the web process's peak memory.

    .venv/bin/python bench/exports.py [--families 20000] [--reuse]

Starts gunicorn (one sync worker, as one of the image's) on a benchmark database of its own
(--database-url or `BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/sop_bench_exports, dropped and re-created: its name must
contain "bench"; --drop-database drops it when done), seeded by `seed_demo --families N`. Signed in
as the program administrator (past the two-step sign-in), it downloads, as CSV and as Excel,
the families behind Unit review's "Families" number for the whole agency (every family not
closed: /unit/families/export.<fmt>?rule=caseload), and the same list for one unit, to show
that memory does not grow with the rows.

For each download: the time to the response's first byte, to the first family's row (CSV),
and to the last byte; and the worker's peak resident memory above its resident memory at
rest (VmHWM, reset before each download through /proc/PID/clear_refs), as bench/uploads.py
reads it. Targets (issue 21): memory flat, first byte under 1 s. Appends its figures to
bench/RESULTS.md (or --results). Not part of the test run; tests/bench/test_exports_bench.py
runs it at toy size so that it cannot rot.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.agency import drop_database  # noqa: E402
from bench.uploads import memory, recreate_database, reset_peak, serve, worker_pid  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-exports-password-2026"  # noqa: S105 (a throwaway database's users)


def prepare(env: dict, families: int, *, reuse: bool) -> tuple[str, int, int, float]:
    """Migrate and seed (unless `reuse`); returns the administrator's session key, a unit's
    id, the number of families not closed, and the seconds the seeding took."""
    code = f"""
import time
import django; django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
call_command("collectstatic", "--noinput", verbosity=0)
started = time.perf_counter()
if not {reuse!r}:
    call_command("seed_demo", families={families}, force=True, password={PASSWORD!r}, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
seconds = time.perf_counter() - started
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.models import Role, Unit, User
from families.models import Family
admin = User.objects.filter(role=Role.PROGRAM_ADMINISTRATOR).first()
device = TOTPDevice.objects.create(user=admin, name="Benchmark app", confirmed=True)
client = Client()
client.force_login(admin)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
unit = Unit.objects.order_by("pk").first()
print(session.session_key, unit.pk, Family.objects.exclude(status="closed").count(), seconds)
"""
    done = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stderr)
    key, unit, open_families, seconds = done.stdout.strip().splitlines()[-1].split()
    return key, int(unit), int(open_families), float(seconds)


def download(session: requests.Session, url: str) -> dict:
    """Stream `url`; the seconds to its first byte, to its second line (the first row, for a
    CSV), to its end; its size and lines."""
    started = time.perf_counter()
    first = first_row = None
    size = lines = 0
    with session.get(url, stream=True, timeout=600) as answer:
        answer.raise_for_status()
        for chunk in answer.iter_content(chunk_size=None):
            now = time.perf_counter() - started
            if first is None:
                first = now
            size += len(chunk)
            lines += chunk.count(b"\n")
            if first_row is None and lines >= 2:
                first_row = now
    return {"first": first, "first_row": first_row, "total": time.perf_counter() - started, "size": size,
            "lines": lines}  # fmt: skip


def measured(pid: int, session: requests.Session, url: str) -> dict:
    reset_peak(pid)
    rest = memory(pid)["VmRSS"]
    figures = download(session, url)
    return figures | {"peak": memory(pid)["VmHWM"] - rest, "rest": rest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=20000)
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the database a previous run seeded (N as then)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sop_bench_exports"),
    )
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"), help="the file to append to")
    parser.add_argument("--drop-database", action="store_true", help="drop the database when done")
    args = parser.parse_args()
    try:
        run(args)
    finally:
        if args.drop_database:
            drop_database(args.database_url)


def run(args) -> None:
    database_url = args.database_url
    if not args.reuse:
        recreate_database(database_url)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "STORAGE_URL"))},
        "DJANGO_SETTINGS_MODULE": "bench.settings", "READ_DOT_ENV": "false", "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-0123456789", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        "DATABASE_URL": database_url, "REDIS_URL": "", "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    key, unit, open_families, seed_seconds = prepare(env, args.families, reuse=args.reuse)
    print(f"Seeded {args.families} families ({open_families} not closed) in {seed_seconds:.0f} s", flush=True)

    server, host = serve(env, timeout=600)
    rows = []
    try:
        pid = worker_pid(server.pid)
        session = requests.Session()
        session.cookies.set("sessionid", key)
        assert session.get(f"{host}/unit/", allow_redirects=False).status_code == 200, "not signed in"
        one_unit = f"rule=caseload&unit={unit}"
        for fmt in ("csv", "xlsx"):  # everything an export needs is loaded (openpyxl too)
            download(session, f"{host}/unit/families/export.{fmt}?{one_unit}")
        for fmt in ("csv", "xlsx"):
            for scope, query in (("one unit", one_unit), ("the agency", "rule=caseload")):
                figures = measured(pid, session, f"{host}/unit/families/export.{fmt}?{query}")
                rows.append({"fmt": fmt, "scope": scope, **figures})
                print(fmt, scope, {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()})
    finally:
        server.terminate()
        server.wait(timeout=30)

    def row(r: dict) -> str:
        families = r["lines"] - 1 if r["fmt"] == "csv" else "—"
        first_row = f"{r['first_row']:.2f} s" if r["first_row"] is not None and r["fmt"] == "csv" else "—"
        size = f"{r['size'] / 1024 / 1024:.1f} MB"
        return (
            f"| {r['fmt']} | {r['scope']} | {families} | {size} | {r['first']:.2f} s | "
            f"{first_row} | {r['total']:.1f} s | {r['peak']:.1f} MB |"
        )

    agency = {r["fmt"]: r for r in rows if r["scope"] == "the agency"}
    unit_rows = {r["fmt"]: r for r in rows if r["scope"] == "one unit"}
    command = f"bench/exports.py --families {args.families}" + (" --reuse" if args.reuse else "")
    seeded = "on the database seeded before" if args.reuse else f"seeded in {seed_seconds:.0f} s"
    csv_first, xlsx_first = agency["csv"]["first"], agency["xlsx"]["first"]
    lines = [
        "",
        f"## Exports: the agency's caseload, N = {args.families:,} families, {time.strftime('%Y-%m-%d')}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"gunicorn, one sync worker; `{command}` ({seeded}). The program administrator downloads "
        f'the families behind Unit review\'s "Families" for the agency ({open_families:,} families '
        "not closed) and for one unit.",
        "",
        "| format | scope | families | file | first byte | first family's row | last byte "
        "| worker's peak above rest |",
        "|---|---|---|---|---|---|---|---|",
        *(row(r) for r in rows),
        "",
        f"Worker at rest: {rows[0]['rest']:.0f} MB. Memory: the agency's CSV peaks "
        f"{agency['csv']['peak']:.1f} MB above rest against {unit_rows['csv']['peak']:.1f} MB for one unit; "
        f"its Excel {agency['xlsx']['peak']:.1f} MB against {unit_rows['xlsx']['peak']:.1f} MB. "
        f"First byte under 1 s: CSV **{'met' if csv_first < 1 else 'missed'}** ({csv_first:.2f} s; "
        f"first family's row {agency['csv']['first_row'] or 0:.2f} s); "
        f"Excel **{'met' if xlsx_first < 1 else 'missed'}** "
        f"({xlsx_first:.2f} s; the zip is streamed as it is written, audit.exports.xlsx_stream).",
        "",
    ]
    with open(args.results, "a", encoding="utf-8") as results:
        results.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
