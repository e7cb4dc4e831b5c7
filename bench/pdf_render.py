"""How long a case-plan PDF takes: render time alone (in this process), and from request
to ready through Redis and a real Celery worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pdf REDIS_URL=redis://127.0.0.1:6379/14 \
        .venv/bin/python bench/pdf_render.py [--runs 10]

The database must be migrated (it is, if empty: the script migrates it). Writes its figures
to bench/RESULTS.md (appending a section). Not part of the test run.
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sop_casework.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-deployment-0123456789")
os.environ["SECURE_SSL_REDIRECT"] = "false"
MEDIA = tempfile.mkdtemp(prefix="sop-bench-media-")
os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402
from pypdf import PdfReader  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from case_plans import services  # noqa: E402
from documents import services as document_services  # noqa: E402
from documents.kinds import registry as SPECS  # noqa: E402
from documents.models import Document, DocumentState  # noqa: E402
from documents.rendering import html_to_pdf  # noqa: E402
from sop_casework.celery import app as celery_app  # noqa: E402


def typical_plan(steps_per_goal: int):
    """2 caregivers, 3 children, 3 safety goals, 4 well-being goals (and `steps_per_goal`)."""
    from accounts.models import Role, Unit, User
    from families.models import Caregiver, Child
    from families.services import family_open
    from protective_factors.models import ProtectiveFactor, WellBeingGoal
    from safety_networks.services import danger_statement_save, scaling_record

    unit, _ = Unit.objects.get_or_create(name="Bench unit")
    worker, _ = User.objects.get_or_create(
        username="bench-worker", defaults={"role": Role.CASEWORKER, "unit": unit}
    )
    boss, _ = User.objects.get_or_create(
        username="bench-supervisor", defaults={"role": Role.SUPERVISOR, "unit": unit}
    )
    family = family_open(by=worker, assigned_caseworker=worker, display_name="Bench-Family")
    for first in ("Maria", "Daniel"):
        Caregiver.objects.create(
            family=family, first_name=first, last_name="Bench", date_of_birth=date(1990, 1, 1)
        )
    kids = [
        Child.objects.create(
            family=family, first_name=n, last_name="Bench", date_of_birth=date(2015 + i * 3, 1, 1)
        )
        for i, n in enumerate(("Ana", "Ben", "Caro"))
    ]
    factors = list(ProtectiveFactor.objects.all())
    goals = []
    for i in range(3):
        _, goal = danger_statement_save(
            family=family,
            by=worker,
            children=kids,
            factors=factors[:2],
            statement_fields={
                "who_is_worried": "The agency",
                "caregiver_behaviour": f"worry {i}",
                "what_could_happen": "harm",
            },
            goal_fields={
                "caregivers_will": f"the caregivers will do thing {i}",
                "child_will_experience": "safety",
                "agency_needs_to_see": "steady change",
                "for_how_long": "six months",
            },
        )
        goals.append(goal)
    for i in range(4):
        WellBeingGoal.objects.create(
            family=family, recorded_by=worker, factor=factors[i], goal=f"Well-being goal {i}"
        )
    for day in range(6):
        scaling_record(
            family=family,
            by=worker,
            score=3 + day % 5,
            given_by="caseworker",
            name="Worker",
            scored_on=date(2026, 1, 1) + timedelta(days=30 * day),
        )
    plan = services.case_plan_start(family=family, by=worker)
    for goal in goals:
        for s in range(steps_per_goal):
            services.case_plan_step_add(
                plan=plan,
                by=worker,
                goal=goal,
                what=f"Step {s}: " + "a concrete action " * 8,
                who="Maria",
                by_when=date.today() + timedelta(days=30),
                progress_shown_by="What the network sees each week " * 3,
            )
    services.case_plan_submit(plan=plan, by=worker)
    services.case_plan_decide(plan=plan, by=boss, approve=True, comment="")
    return family, plan, worker


def render_alone(family, plan, runs: int) -> tuple[list[float], int]:
    spec = SPECS["case_plan"]
    times, pages = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        context = spec.context(family, plan.pk)
        pdf = html_to_pdf(render_to_string(spec.template, {"family": family, "document": None, **context}))
        times.append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return times, pages


def request_to_ready(family, plan, worker, runs: int) -> list[float]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sop_casework",
            "worker",
            "--pool",
            "solo",
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )
    celery_app.conf.task_always_eager = False
    try:
        time.sleep(4)  # the worker starts
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            document = document_services.document_request(
                family=family, by=worker, kind="case_plan", source_id=plan.pk
            )
            while document.state not in (DocumentState.READY, DocumentState.FAILED):
                time.sleep(0.02)
                document.refresh_from_db()
            times.append(time.perf_counter() - started)
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def fmt(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s, max {max(times):.3f} s (n={len(times)})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    family, plan, worker = typical_plan(steps_per_goal=2)
    alone, pages = render_alone(family, plan, args.runs)
    through = request_to_ready(family, plan, worker, args.runs)
    big_family, big_plan, _ = typical_plan(steps_per_goal=70)
    big_alone, big_pages = render_alone(big_family, big_plan, max(3, args.runs // 3))
    Document.objects.filter(family__in=[family, big_family]).update(state=DocumentState.READY)
    lines = [
        f"\n## PDF rendering, {date.today():%Y-%m-%d}",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}.",
        f"- Typical case plan ({pages} pages): render alone {fmt(alone)} — target < 1 s.",
        f"- Request to ready through Redis and a worker: {fmt(through)} — target within 1.5 × render alone "
        f"(ratio of medians {statistics.median(through) / statistics.median(alone):.2f}).",
        f"- Long case plan ({big_pages} pages): render alone {fmt(big_alone)} — target < 5 s for 30 pages.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    results = ROOT / "bench" / "RESULTS.md"
    if not results.exists():
        results.write_text("# Benchmark results\n\nEach section is one run; newest last.\n")
    with results.open("a") as out:
        out.write(text)


if __name__ == "__main__":
    main()
