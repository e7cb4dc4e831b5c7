"""Documents at volume (issue 24): many case plans asked for at once, rendered by two real
Celery workers through Redis, and one long (30-page) case plan.

    .venv/bin/python bench/documents_volume.py [--families 400] [--requests 200] [--workers 2]

On a benchmark database of its own (--database-url or `BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/sop_bench_documents: its name must contain "bench"; it is
dropped and re-created, seeded by `seed_demo --families N`; --drop-database drops it when
done) and a Celery queue of the run's own on REDIS_URL (or --redis-url), so it never takes
another run's tasks. It:

1. starts `--workers` Celery worker processes with the command docker-compose's `worker`
   service runs (`celery -A sop_casework worker --loglevel INFO --concurrency 2`: the
   prefork pool, two render processes each), on the project's settings;
2. asks for `--requests` case plans at once, from a few threads, each through
   documents.services.document_request, the service the "Make the PDF" button's view calls,
   as the plan's caseworker, in the family's language;
3. waits until every document is ready or failed (or --timeout passes), and accounts for
   each: ready, failed with its reason, or lost (neither, when the wait ended). While it
   waits it samples the workers' memory (every process of each worker) and sends the
   health task (sop_casework.ping), to see whether the queue of renders starves it;
4. builds a family whose case plan fills 30 pages (goals, steps, well-being goals, the
   network, the safety plan, scaling), counts its pages with pypdf and times its render.

Request-to-ready is the document row's own clock: from `queued_at` (the request) to
`finished_at`. Appends its figures to bench/RESULTS.md (or --results) with the date and the
load average. Not part of the test run; tests/bench/test_documents_volume_bench.py runs it
at toy size so that it cannot rot.
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.agency import drop_database  # noqa: E402
from bench.uploads import recreate_database  # noqa: E402

# docker-compose.yml's `worker` service, word for word after `celery`.
WORKER_COMMAND = ["-A", "sop_casework", "worker", "--loglevel", "INFO", "--concurrency", "2"]
PAGES_WANTED = 30


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=400, help="seed_demo --families (default 400)")
    parser.add_argument("--requests", type=int, default=200, help="case plans asked for at once (200)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes, as compose runs one (2)")
    parser.add_argument("--threads", type=int, default=10, help="threads sending the requests (10)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the last one")
    parser.add_argument("--big-runs", type=int, default=3, help="renders of the long case plan (3)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sop_bench_documents"
        ),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"), help="the file to append to")
    parser.add_argument("--drop-database", action="store_true", help="drop the database when done")
    parser.add_argument("--note", default="", help="a line to add under the figures")
    parser.add_argument(
        "--reuse", action="store_true", help="ask again on the database a previous run seeded (N as then)"
    )
    return parser.parse_args(argv)


def configure(args, media: str) -> dict:
    """The environment of this process and of the workers: the bench settings on the run's
    database, Redis and queue, the files of a case in a folder both share."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "READ_DOT_ENV": "false",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-0123456789",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "BENCH_CELERY_QUEUE": f"bench-documents-{os.getpid()}",
        "MEDIA_ROOT": media,
        "STORAGE_URL": f"file://{media}/files",
        "LOG_LEVEL": "WARNING",
    }
    for name in list(os.environ):
        if name.startswith(("AWS_", "DJANGO_")):
            del os.environ[name]
    os.environ.update(env)
    return {**os.environ}


# --- The workers ---------------------------------------------------------------------------


def start_workers(count: int, env: dict, log_dir: Path) -> list[subprocess.Popen]:
    workers = []
    for number in range(count):
        log = open(log_dir / f"worker-{number}.log", "w")  # noqa: SIM115 (open while it runs)
        workers.append(
            subprocess.Popen(  # noqa: S603 (our own command)
                [
                    sys.executable,
                    "-m",
                    "celery",
                    *WORKER_COMMAND,
                    "--hostname",
                    f"documents-{os.getpid()}-{number}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def processes_of(worker: subprocess.Popen) -> list[psutil.Process]:
    try:
        main = psutil.Process(worker.pid)
        return [main, *main.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


class MemorySampler(threading.Thread):
    """Every half second: each worker's resident memory (its main process and its render
    processes together), and each render process's own; keeps the peaks and, per render
    process, the first and last sample (to see growth across the renders it made)."""

    def __init__(self, workers):
        super().__init__(daemon=True)
        self.workers = workers
        self.peak_worker = 0.0  # MB, one worker with its children
        self.peak_process = 0.0  # MB, one render process
        self.children: dict[int, list[float]] = {}
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(0.5)

    def sample(self):
        for worker in self.workers:
            total = 0.0
            for process in processes_of(worker):
                try:
                    rss = process.memory_info().rss / 2**20
                except psutil.NoSuchProcess:
                    continue
                total += rss
                if process.pid != worker.pid:
                    self.peak_process = max(self.peak_process, rss)
                    seen = self.children.setdefault(process.pid, [rss, rss])
                    seen[1] = rss
            self.peak_worker = max(self.peak_worker, total)


def wait_for_workers(workers, timeout: float = 120) -> None:
    """Until every worker answers the health task's control ping."""
    from sop_casework.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            if worker.poll() is not None:
                sys.exit(f"A worker stopped as it started (exit {worker.returncode}): see its log.")
        answered = app.control.ping(timeout=2) or []
        mine = [name for reply in answered for name in reply if name.startswith(f"documents-{os.getpid()}-")]
        if len(mine) >= len(workers):
            return
    sys.exit(f"The workers did not answer within {timeout:.0f} s.")


# --- The requests ----------------------------------------------------------------------------


def plans_to_ask_for(count: int) -> list[tuple[int, int, int]]:
    """(family id, plan id, caseworker id) of `count` case plans: each family's newest, one per
    family while there are enough, then again from the start."""
    from case_plans.models import CasePlan

    plans = list(
        CasePlan.objects.filter(family__assigned_caseworker__isnull=False, family__closed_on__isnull=True)
        .exclude(family__display_name="Long-Plan")  # the long plans of a previous run (--reuse)
        .order_by("family_id", "-number")
        .distinct("family_id")
        .values_list("family_id", "pk", "family__assigned_caseworker_id")
    )
    if not plans:
        sys.exit("seed_demo made no case plans: seed more families.")
    return [plans[i % len(plans)] for i in range(count)]


def ask(plan: tuple[int, int, int]) -> int:
    """One press of the button: documents.services.document_request, as the view calls it."""
    from django.db import connection

    from accounts.models import User
    from documents import services
    from families.models import Family

    family_id, plan_id, worker_id = plan
    try:
        document = services.document_request(
            family=Family.objects.get(pk=family_id),
            by=User.objects.get(pk=worker_id),
            kind="case_plan",
            source_id=plan_id,
        )
        return document.pk
    finally:
        connection.close()


def ping_while_busy(results: list, stop: threading.Event) -> None:
    """The health task, sent every few seconds while the renders wait: how long until a
    worker answers it (manage.py health gives up after 10 s)."""
    from sop_casework.celery import ping

    while not stop.is_set():
        started = time.monotonic()
        try:
            ping.apply_async().get(timeout=600)
            results.append(time.monotonic() - started)
        except Exception as error:  # noqa: BLE001 (reported)
            results.append(f"{type(error).__name__}")
        stop.wait(5)


def wait_until_done(ids: list[int], timeout: float) -> dict:
    from documents.models import Document, DocumentState

    deadline = time.monotonic() + timeout
    finished = (DocumentState.READY, DocumentState.FAILED)
    while time.monotonic() < deadline:
        if Document.objects.filter(pk__in=ids).exclude(state__in=finished).count() == 0:
            break
        time.sleep(1)
    return {d.pk: d for d in Document.objects.filter(pk__in=ids)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


# --- The long case plan ------------------------------------------------------------------------


def long_plan(steps_per_goal: int):
    """A family with 6 safety goals, 5 well-being goals, a network of 12, an active safety
    plan of 10 rules, 24 scaling numbers, and `steps_per_goal` steps for each goal; its case
    plan approved. Returns (family, plan)."""
    from accounts.models import Role, Unit, User
    from case_plans import services
    from families.models import Caregiver, Child
    from families.services import family_open
    from protective_factors.models import ProtectiveFactor, WellBeingGoal
    from safety_networks.services import (
        danger_statement_save,
        network_member_save,
        safety_plan_activate,
        safety_plan_rule_save,
        safety_plan_start,
        scaling_record,
    )

    unit, _ = Unit.objects.get_or_create(name="Bench documents unit")
    worker, _ = User.objects.get_or_create(
        username="bench-documents-worker", defaults={"role": Role.CASEWORKER, "unit": unit}
    )
    boss, _ = User.objects.get_or_create(
        username="bench-documents-supervisor", defaults={"role": Role.SUPERVISOR, "unit": unit}
    )
    family = family_open(by=worker, assigned_caseworker=worker, display_name="Long-Plan")
    for first in ("Maria", "Daniel"):
        Caregiver.objects.create(
            family=family, first_name=first, last_name="Long", date_of_birth=date(1988, 1, 1)
        )
    kids = [
        Child.objects.create(
            family=family, first_name=n, last_name="Long", date_of_birth=date(2011 + i * 3, 1, 1)
        )
        for i, n in enumerate(("Ana", "Ben", "Caro"))
    ]
    factors = list(ProtectiveFactor.objects.all())
    members = [
        network_member_save(family=family, by=worker, name=f"Helper {i} Long", relationship="neighbour")
        for i in range(12)
    ]
    safety = safety_plan_start(family=family, by=worker)
    for i in range(10):
        safety_plan_rule_save(
            plan=safety, by=worker, rule=f"Rule {i}: " + "the caregivers keep this promise " * 4,
            how_it_holds="The network checks it every week " * 3, responsible=members[i % 12 : i % 12 + 2],
        )  # fmt: skip
    safety_plan_activate(plan=safety, by=worker, on=date(2026, 3, 1))
    goals = []
    for i in range(6):
        _, goal = danger_statement_save(
            family=family,
            by=worker,
            children=kids,
            factors=factors[i % len(factors) : i % len(factors) + 2],
            statement_fields={
                "who_is_worried": "The school and the agency",
                "caregiver_behaviour": f"worry {i}: " + "when things get hard at home " * 3,
                "what_could_happen": "the children could be hurt",
            },
            goal_fields={
                "caregivers_will": f"goal {i}: " + "the caregivers will keep the children safe " * 3,
                "child_will_experience": "safety and calm",
                "agency_needs_to_see": "steady change over months",
                "for_how_long": "six months",
            },
        )
        goals.append(goal)
    for i in range(5):
        goals.append(
            WellBeingGoal.objects.create(
                family=family,
                recorded_by=worker,
                factor=factors[i % len(factors)],
                goal=f"Well-being goal {i}: " + "a need the family named " * 4,
            )  # fmt: skip
        )
    for month in range(24):
        scaling_record(
            family=family, by=worker, score=2 + month % 7, given_by="caseworker", name="Worker",
            scored_on=date(2024, 1, 1) + timedelta(days=30 * month),
        )  # fmt: skip
    plan = services.case_plan_start(family=family, by=worker)
    for goal in goals:
        for s in range(steps_per_goal):
            services.case_plan_step_add(
                plan=plan, by=worker, goal=goal, what=f"Step {s}: " + "a concrete action " * 8, who="Maria",
                by_when=date.today() + timedelta(days=30 + s),
                progress_shown_by="What the network sees each week " * 3,
            )  # fmt: skip
    services.case_plan_submit(plan=plan, by=worker)
    services.case_plan_decide(plan=plan, by=boss, approve=True, comment="")
    return family, plan


def render_alone(family, plan) -> tuple[float, int]:
    """One render as the task makes it (context, template, WeasyPrint), in this process."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from pypdf import PdfReader

    from documents import kinds
    from documents.rendering import html_to_pdf

    spec = kinds.spec_of("case_plan")
    started = time.perf_counter()
    with translation.override(family.document_language):
        context = spec.context(family, plan.pk)
        html = render_to_string(
            spec.template, {"family": family, "document": None, **kinds.facts_of(family), **context}
        )
    pdf = html_to_pdf(html)
    seconds = time.perf_counter() - started
    return seconds, len(PdfReader(io.BytesIO(pdf)).pages)


def thirty_pages(runs: int) -> dict:
    """Grow the plan until it fills PAGES_WANTED pages; then time `runs` renders."""
    steps = 8
    for _ in range(4):
        family, plan = long_plan(steps)
        _, pages = render_alone(family, plan)  # the first render also loads the fonts
        if pages >= PAGES_WANTED:
            break
        steps = max(steps + 1, int(steps * PAGES_WANTED / max(pages, 1)) + 1)
    times = [render_alone(family, plan)[0] for _ in range(runs)]
    return {"pages": pages, "steps": steps, "times": times}


# --- The run -------------------------------------------------------------------------------------


def run(args) -> str:
    media = tempfile.mkdtemp(prefix="sop-bench-documents-")
    env = configure(args, media)
    if not args.reuse:
        recreate_database(args.database_url)
    load_before = os.getloadavg()
    import django

    django.setup()
    from django.core.management import call_command

    from documents.models import DocumentState
    from sop_casework.celery import app

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not args.reuse:
        call_command("seed_demo", families=args.families, force=True, verbosity=0)
    print(f"Seeded {args.families} families in {time.perf_counter() - started:.0f} s", flush=True)
    app.conf.task_always_eager = False
    plans = plans_to_ask_for(args.requests)

    log_dir = Path(media)
    workers = start_workers(args.workers, env, log_dir)
    sampler = MemorySampler(workers)
    pings: list = []
    stop_pinging = threading.Event()
    try:
        wait_for_workers(workers)
        sampler.start()
        asked_at = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            ids = list(pool.map(ask, plans))
        asking = time.perf_counter() - asked_at
        pinger = threading.Thread(target=ping_while_busy, args=(pings, stop_pinging), daemon=True)
        pinger.start()
        documents = wait_until_done(ids, args.timeout)
        waited = time.perf_counter() - asked_at
        stop_pinging.set()
        sampler.sample()
    finally:
        sampler.stopping.set()
        stop_workers(workers)
    load_after = os.getloadavg()

    ready = [d for d in documents.values() if d.state == DocumentState.READY]
    failed = [d for d in documents.values() if d.state == DocumentState.FAILED]
    lost = len(ids) - len(ready) - len(failed)
    reasons = sorted({d.failure_reason for d in failed})
    to_ready = [(d.finished_at - d.queued_at).total_seconds() for d in ready]
    span = (
        (max(d.finished_at for d in ready) - min(d.queued_at for d in documents.values())).total_seconds()
        if ready
        else 0
    )
    growth = [last - first for first, last in sampler.children.values()]
    renders_per_process = len(ready) / max(1, len(sampler.children))
    big = thirty_pages(args.big_runs)
    answered = [p for p in pings if isinstance(p, float)]

    lines = [
        f"\n## Documents at volume, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after. The machine was shared with "
        "other work (other sessions' tests and benchmarks) while this ran: the times are upper bounds.",
        f"`seed_demo --families {args.families}`; {args.workers} worker processes run as docker-compose's "
        f"`worker` (`celery {' '.join(WORKER_COMMAND)}`), Redis, PostgreSQL, files on the local disk.",
        "",
        f"- {len(ids)} case plans asked for at once (documents.services.document_request from "
        f"{args.threads} threads, {asking:.1f} s to ask them all): **{len(ready)} ready, {len(failed)} "
        f"failed, {lost} lost**" + (f" (reasons: {'; '.join(reasons)})" if reasons else "") + ".",
    ]
    if to_ready:
        lines += [
            f"- Request to ready: median {statistics.median(to_ready):.1f} s, "
            f"p95 {percentile(to_ready, 95):.1f} s, "
            f"max {max(to_ready):.1f} s; all done {span:.0f} s after the first request "
            f"({len(ready) / span * 60:.0f} documents a minute).",
        ]
    lines += [
        f"- Worker memory: peak {sampler.peak_worker:.0f} MB for one worker (its main process and render "
        f"processes), peak {sampler.peak_process:.0f} MB for one render process; "
        f"{len(sampler.children)} render processes made about {renders_per_process:.0f} documents each, "
        f"and grew by {min(growth, default=0):+.0f} to {max(growth, default=0):+.0f} MB from their first "
        "sample to their last.",
        "- The health task sent every 5 s while the renders waited: "
        + (
            f"answered after median {statistics.median(answered):.1f} s, max {max(answered):.1f} s "
            f"({len(answered)} sent)"
            if answered
            else "never answered"
        )
        + (
            f", {len(pings) - len(answered)} not answered "
            f"({', '.join(sorted({p for p in pings if not isinstance(p, float)}))})"
            if len(pings) > len(answered)
            else ""
        )
        + " (manage.py health waits 10 s).",
        f"- Long case plan ({big['pages']} pages: 6 safety and 5 well-being goals with {big['steps']} steps "
        f"each, a network of 12, 10 safety-plan rules, 24 scaling numbers): render alone median "
        f"{statistics.median(big['times']):.2f} s, max {max(big['times']):.2f} s (n={len(big['times'])}) "
        "— target < 5 s.",
        f"- Whole run {waited:.0f} s of waiting for the renders.",
    ]
    if args.note:
        lines += ["", args.note]
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    args = parse_args(argv)
    try:
        text = run(args)
    finally:
        if args.drop_database:
            from django.db import connections

            connections.close_all()
            drop_database(args.database_url)
    print(text)
    results = Path(args.results)
    if not results.exists():
        results.write_text("# Benchmark results\n\nEach section is one run; newest last.\n")
    with results.open("a") as out:
        out.write(text)


if __name__ == "__main__":
    main()
