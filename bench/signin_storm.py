"""A sign-in storm against gunicorn as the Docker image runs it: 50 people sign in at once
while a caseworker already signed in keeps loading My caseload. Run with the sign-in gate
(accounts/signin_gate.py, SIGN_IN_SLOTS as set, default 2) and with it switched off
(SIGN_IN_SLOTS=0), one after the other, on the same database.

    createdb -h 127.0.0.1 -U postgres sop_signin_bench
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python -m bench.signin_storm \\
        --database-url postgres://postgres@127.0.0.1:5432/sop_signin_bench --families 2000

The database (its name must contain "bench") is migrated and seeded with `seed_demo
--families N` if it has no families yet, and kept for the next run. gunicorn is started with
the Dockerfile's own CMD (read from the Dockerfile: same module, same worker count), bound to
127.0.0.1 on a free port, under bench.settings (production settings: DEBUG off, PBKDF2).

Reported per mode: the sign-ins' first answer (median, 95th percentile, how many were 503
"try again in a few seconds"), the time until each person was signed in (503s tried again
after Retry-After and a random part of it, as bench/locustfile.py does), and My caseload's
median and 95th percentile before the storm and during it. Appended to bench/RESULTS.md with
the date and the load average (the machine may be shared: say so when it is).
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench" / "output"
PASSWORD = "demo-casework-2026"  # noqa: S105 (the demo agency's accounts, in the benchmark's own database)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the database and the server -------------------------------------------------------------


def prepare_database(database_url: str, families: int) -> dict:
    """Migrated and seeded once (kept between runs); the demo staff's counts."""
    if "bench" not in database_url.rsplit("/", 1)[-1]:
        raise SystemExit(f"Refusing {database_url}: a benchmark's database name contains 'bench'.")
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Role, User
    from families.models import Family

    call_command("migrate", verbosity=0)
    collect_static()
    if not Family.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", families=families, force=True, password=PASSWORD, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Seeded {families:,} families in {time.perf_counter() - started:.0f} s", flush=True)
    staff = {
        "families": Family.objects.count(),
        "caseworkers": User.objects.filter(role=Role.CASEWORKER, username__startswith="caseworker").count(),
        "supervisors": User.objects.filter(role=Role.SUPERVISOR, username__startswith="supervisor").count(),
    }
    connection.close()
    return staff


def collect_static() -> None:
    from bench.agency import collect_static as collect

    collect()


def docker_command() -> list[str]:
    """The Dockerfile's CMD, as a list (it is written in exec form)."""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("CMD "):
            return json.loads(line.removeprefix("CMD "))
    raise RuntimeError("The Dockerfile has no CMD line")


class Gunicorn:
    """gunicorn with the Dockerfile's arguments, bound to 127.0.0.1:<free port>, its access
    log in a file instead of stdout; `extra_env` on top of the benchmark's settings."""

    def __init__(self, *, log_dir: Path, extra_env: dict | None = None):
        from bench.agency import free_port

        command = docker_command()
        assert command[0] == "gunicorn", command
        args = command[1:]
        port = free_port()
        args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
        if "--access-logfile" in args:
            args[args.index("--access-logfile") + 1] = str(log_dir / "access.log")
        self.workers = int(args[args.index("--workers") + 1]) if "--workers" in args else 1
        self.argv = ["gunicorn", *args]
        self.host = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),  # not each sign-in
            **(extra_env or {}),
        }
        self.log_dir = log_dir

    def __enter__(self):
        from bench.agency import wait_until_answering

        self.process = subprocess.Popen(  # noqa: S603 (our own server)
            [sys.executable, "-m", *self.argv, "--error-logfile", str(self.log_dir / "gunicorn.log")],
            cwd=ROOT,
            env=self.env,
        )
        wait_until_answering(f"{self.host}/login/")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- the people -------------------------------------------------------------------------------


def sign_in_form(session: requests.Session, host: str) -> str:
    page = session.get(f"{host}/login/", timeout=60)
    return CSRF.search(page.text).group(1)


def post_sign_in(session: requests.Session, host: str, username: str, token: str) -> requests.Response:
    return session.post(
        f"{host}/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": ""},
        headers={"Referer": f"{host}/login/"},
        allow_redirects=False,
        timeout=120,
    )


def signed_in_session(host: str, username: str) -> requests.Session:
    session = requests.Session()
    for _attempt in range(30):
        response = post_sign_in(session, host, username, sign_in_form(session, host))
        if response.status_code == 302:
            return session
        time.sleep(1)
    raise RuntimeError(f"{username} could not sign in: {response.status_code}")


class PageLoader(threading.Thread):
    """A caseworker already signed in, loading My caseload again and again (no pause)."""

    def __init__(self, host: str, username: str):
        super().__init__(daemon=True)
        self.host = host
        self.session = signed_in_session(host, username)
        self.timings: list[tuple[float, float, int]] = []  # (start, ms, status)
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            started = time.perf_counter()
            response = self.session.get(f"{self.host}/caseload/", allow_redirects=False, timeout=120)
            self.timings.append((started, (time.perf_counter() - started) * 1000, response.status_code))

    def between(self, start: float, end: float) -> list[float]:
        return [ms for began, ms, _status in self.timings if start <= began <= end]


class Person(threading.Thread):
    """One of the storm: the form first, then, at the barrier, the sign-in; tried again
    after Retry-After (times 1 to 2) while the answer is 503."""

    def __init__(self, host: str, username: str, barrier: threading.Barrier):
        super().__init__(daemon=True)
        self.host, self.username, self.barrier = host, username, barrier
        self.first_ms = None
        self.signed_in_ms = None
        self.busy = 0
        self.status = None
        self.done_at = None

    def run(self):
        session = requests.Session()
        token = sign_in_form(session, self.host)
        self.barrier.wait()
        started = time.perf_counter()
        for _attempt in range(40):
            response = post_sign_in(session, self.host, self.username, token)
            if self.first_ms is None:
                self.first_ms = (time.perf_counter() - started) * 1000
            self.status = response.status_code
            if response.status_code != 503:
                break
            self.busy += 1
            time.sleep(float(response.headers.get("Retry-After", "3")) * random.uniform(1, 2))
            token = CSRF.search(response.text).group(1)
        if self.status == 302:
            self.signed_in_ms = (time.perf_counter() - started) * 1000
        self.done_at = time.perf_counter()


def percentile(values: list[float], p: int) -> float | None:
    if not values:
        return None
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def storm(host: str, staff: dict, *, signins: int, quiet_seconds: float) -> dict:
    loader = PageLoader(host, "caseworker1")
    loader.start()
    time.sleep(quiet_seconds)
    quiet_end = time.perf_counter()
    barrier = threading.Barrier(signins + 1)
    # caseworker2.. and the supervisors: 50 different people (caseworker1 is the page loader)
    names = [f"caseworker{n}" for n in range(2, staff["caseworkers"] + 1)]
    names += [f"supervisor{n}" for n in range(1, staff["supervisors"] + 1)]
    people = [Person(host, names[i % len(names)], barrier) for i in range(signins)]
    for person in people:
        person.start()
    barrier.wait()
    storm_start = time.perf_counter()
    load_before = os.getloadavg()
    for person in people:
        person.join(timeout=600)
    first_answers_end = max(storm_start + p.first_ms / 1000 for p in people if p.first_ms is not None)
    storm_end = max(p.done_at for p in people if p.done_at is not None)
    loader.stop.set()
    loader.join(timeout=120)
    quiet = loader.between(0, quiet_end)
    during = loader.between(storm_start, storm_end)
    statuses = [status for _began, _ms, status in loader.timings if _began >= storm_start]
    first = [p.first_ms for p in people if p.first_ms is not None]
    signed = [p.signed_in_ms for p in people if p.signed_in_ms is not None]
    return {
        "signins": signins,
        "load_average": load_before,
        "first_median_ms": statistics.median(first),
        "first_p95_ms": percentile(first, 95),
        "busy_503": sum(p.busy for p in people),
        "people_turned_away_at_first": sum(1 for p in people if p.busy),
        "signed_in": len(signed),
        "signed_in_median_ms": statistics.median(signed) if signed else None,
        "signed_in_p95_ms": percentile(signed, 95),
        "first_answers_s": first_answers_end - storm_start,
        "storm_s": storm_end - storm_start,
        "page_quiet_count": len(quiet),
        "page_quiet_median_ms": statistics.median(quiet) if quiet else None,
        "page_quiet_p95_ms": percentile(quiet, 95),
        "page_during_count": len(during),
        "page_during_median_ms": statistics.median(during) if during else None,
        "page_during_p95_ms": percentile(during, 95),
        "page_during_max_ms": max(during) if during else None,
        "page_errors": sum(1 for s in statuses if s != 200),
    }


# --- the report ---------------------------------------------------------------------------------


def ms(value) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def report(runs: list[dict], *, staff: dict, workers: int, note: str) -> str:
    when = datetime.now(UTC)
    lines = [
        "",
        f"## Sign-in storm ({when:%Y-%m-%d %H:%M} UTC, bench/signin_storm.py)",
        "",
        f"gunicorn as the Docker image runs it ({workers} sync workers, bench.settings: DEBUG off, PBKDF2), "
        f"{staff['families']:,} families (`seed_demo`), {runs[0]['signins']} people signing in at once "
        "while a signed-in caseworker keeps loading My caseload with no pause. "
        f"{os.cpu_count()} cores. {note}",
        "",
        "| Gate | Load avg at start | Sign-in first answer median / p95 | 503s (people) "
        "| Signed in: median / p95 | All signed in after | My caseload before: median / p95 "
        "| During the storm: median / p95 / max (n) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        load = " ".join(f"{x:.2f}" for x in run["load_average"])
        lines.append(
            f"| {run['gate']} | {load} | {ms(run['first_median_ms'])} / {ms(run['first_p95_ms'])} "
            f"| {run['busy_503']} ({run['people_turned_away_at_first']}) "
            f"| {ms(run['signed_in_median_ms'])} / {ms(run['signed_in_p95_ms'])} ({run['signed_in']} of "
            f"{run['signins']}) | {run['storm_s']:.1f} s "
            f"| {ms(run['page_quiet_median_ms'])} / {ms(run['page_quiet_p95_ms'])} "
            f"| {ms(run['page_during_median_ms'])} / {ms(run['page_during_p95_ms'])} / "
            f"{ms(run['page_during_max_ms'])} ({run['page_during_count']}) |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sop_signin_bench"),
    )
    parser.add_argument("--families", type=int, default=2000, help="seeded if the database has none")
    parser.add_argument("--signins", type=int, default=50)
    parser.add_argument("--slots", type=int, default=2, help="SIGN_IN_SLOTS for the run with the gate")
    parser.add_argument("--quiet-seconds", type=float, default=5.0, help="page alone before the storm")
    parser.add_argument("--rounds", type=int, default=1, help="gate off, gate on; this many times")
    parser.add_argument("--note", default="", help="e.g. 'The machine was shared with other work.'")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args(argv)
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: the gate counts in Redis, as in production.")
    staff = prepare_database(args.database_url, args.families)
    out_dir = OUTPUT / "signin-storm"
    out_dir.mkdir(parents=True, exist_ok=True)
    runs = []
    for _round in range(args.rounds):
        for gate, slots in (("off", 0), (f"on, {args.slots} slots", args.slots)):
            with Gunicorn(log_dir=out_dir, extra_env={"SIGN_IN_SLOTS": str(slots)}) as server:
                run = storm(server.host, staff, signins=args.signins, quiet_seconds=args.quiet_seconds)
            run["gate"] = gate
            print(json.dumps(run), flush=True)
            runs.append(run)
            time.sleep(5)  # let the machine settle between the two
    text = report(runs, staff=staff, workers=server.workers, note=args.note)
    print(text)
    with open(args.results, "a") as results:
        results.write(text)
    (out_dir / "runs.json").write_text(json.dumps(runs, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
