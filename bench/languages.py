"""Translating costs nothing a user can see (issue 17): My caseload and the family overview in
Spanish against English at agency scale, and a Spanish case-plan PDF against the English one.

    .venv/bin/python -m bench.languages --families 20000

The same database, people and family as bench/agency.py (it drops and re-creates its own
database, default postgres://postgres@127.0.0.1:5432/sop_bench_languages or --database-url /
BENCH_DATABASE_URL; the name must contain "bench"; migrates, `seed_demo --families N`,
VACUUM ANALYZE). Then, in this process through django.test.Client:

- the floor, My caseload (caseworker1) and the Okafor-Reyes overview, each in English and in
  Spanish: the same signed-in caseworker, whose language (the one the user menu sets,
  User.language) is switched between requests, outside the clock. The six pages are
  interleaved round by round (each takes every place in the round in turn), so English and
  Spanish share the same conditions on a machine whose speed drifts;
- a typical case plan (bench/pdf_render.py's) rendered alone in English and in Spanish,
  alternately, as the Celery task does it (translation.override of the document's language).

Appends a section to bench/RESULTS.md (or --results PATH). Target: Spanish within 10 % of
English (ratio of medians ≤ 1.10). Not part of the test run; tests/bench runs it at N=50.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench.agency import (
    PASSWORD,
    ROOT,
    collect_static,
    drop_database,
    fetch,
    machine,
    percentile,
    pick_subjects,
    recreate_database,
    refuse_a_database_not_for_benchmarks,
    signed_in_client,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sop_bench_languages"
DEFAULT_RESULTS = ROOT / "bench" / "RESULTS.md"
TARGET_RATIO = 1.10
LANGUAGES = ("en", "es")
PAGES = ("floor", "caseload", "overview")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.languages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=20000, help="N (20,000)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page and language (30)")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up rounds before timing (5)")
    parser.add_argument("--pdf-runs", type=int, default=10, help="renders per language (10)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--reuse-database", action="store_true", help="measure the database as it is")
    parser.add_argument("--results", default=str(DEFAULT_RESULTS), help="the file to append to")
    parser.add_argument("--drop-database", action="store_true", help="drop the database when done")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    refuse_a_database_not_for_benchmarks(args.database_url)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    # The Spanish catalogue is built, not committed (as bin/serve and the Dockerfile do).
    subprocess.run([ROOT / "bin" / "compilemessages"], check=True)  # noqa: S603 (our own script)
    if not args.reuse_database:
        recreate_database(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from bench import pdf_render  # sets Django up

    seed_seconds = None
    if not args.reuse_database:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", families=args.families, force=True, password=PASSWORD, verbosity=0)
        seed_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Seeded {args.families:,} families in {seed_seconds:.0f} s", flush=True)
    collect_static()

    from families.models import Family

    families = Family.objects.count()
    subjects = pick_subjects("nguy")
    pages = measure_pages(subjects, requests=args.requests, warmup=args.warmup)
    pdf = measure_pdf(pdf_render, runs=args.pdf_runs)
    text = section(
        families=families,
        seed_seconds=seed_seconds,
        subjects=subjects,
        pages=pages,
        pdf=pdf,
        args=args,
        argv=argv if argv is not None else sys.argv[1:],
    )
    print(text)
    with Path(args.results).open("a") as out:
        out.write(text)
    print(f"Appended to {args.results}")
    connection.close()
    if args.drop_database:
        drop_database(args.database_url)
    return 0


def measure_pages(subjects: dict, *, requests: int, warmup: int) -> dict:
    """{(page key, language): [ms, ...]} and the labels."""
    from accounts.models import User

    caseworker = subjects["users"]["caseworker"]
    client = signed_in_client(caseworker)
    urls = {key: url for key, _label, _role, url in subjects["pages"] if key in PAGES}
    labels = {key: label for key, label, _role, _url in subjects["pages"] if key in PAGES}
    runs = [(key, language) for key in PAGES for language in LANGUAGES]

    def switch(language):
        User.objects.filter(pk=caseworker.pk).update(language=language)

    def get(key, language):
        switch(language)
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(urls[key])
        body = response.content
        spent = (time.perf_counter() - started) * 1000
        cpu_times[(key, language)].append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (key, language, response.status_code)
        assert f'<html lang="{language}"'.encode() in body, (key, language)  # really in that language
        return spent

    cpu_times = {run: [] for run in runs}

    for _ in range(warmup):
        for key, language in runs:
            get(key, language)
    times = {run: [] for run in runs}
    cpu_times = {run: [] for run in runs}  # the warm-up's left out
    for round_number in range(requests):
        shift = round_number % len(runs)
        for key, language in runs[shift:] + runs[:shift]:
            times[(key, language)].append(get(key, language))
    switch("en")
    fetch(client, urls["floor"])
    for key, language in runs:
        values = times[(key, language)]
        print(
            f"{labels[key]:60} {language}  median {statistics.median(values):7.1f} ms  "
            f"p95 {percentile(values, 95):7.1f} ms",
            flush=True,
        )
    return {"times": times, "cpu": cpu_times, "labels": labels}


def measure_pdf(pdf_render, *, runs: int) -> dict:
    """A typical case plan rendered alone, English and Spanish alternately."""
    from django.utils import translation

    family, plan, _worker = pdf_render.typical_plan(steps_per_goal=2)
    times = {language: [] for language in LANGUAGES}
    cpu_times = {language: [] for language in LANGUAGES}
    pages = {}
    for _ in range(2):  # warm-up: templates, fonts, catalogues
        for language in LANGUAGES:
            with translation.override(language):
                pdf_render.render_alone(family, plan, 1)
    for run in range(runs):
        order = LANGUAGES if run % 2 == 0 else LANGUAGES[::-1]
        for language in order:
            cpu = time.process_time()
            with translation.override(language):
                spent, pages[language] = pdf_render.render_alone(family, plan, 1)
            cpu_times[language].append(time.process_time() - cpu)
            times[language] += spent
    for language in LANGUAGES:
        print(
            f"PDF case plan {language} ({pages[language]} pages): "
            f"median {statistics.median(times[language]):.3f} s",
            flush=True,
        )
    return {"times": times, "cpu": cpu_times, "pages": pages}


def verdict(ratio: float) -> str:
    """Spanish's median against English's: met, or missed by how much beyond the 10 %."""
    if ratio <= TARGET_RATIO:
        return "met"
    return f"missed: Spanish {(ratio - 1) * 100:+.1f} % (target ≤ +10 %)"


def section(*, families, seed_seconds, subjects, pages, pdf, args, argv) -> str:
    info = machine()
    seeded = f"Seeded in {seed_seconds:.0f} s" if seed_seconds is not None else "Database reused"
    lines = [
        f"\n## Spanish against English, N = {families:,} families, {date.today():%Y-%m-%d}",
        f"Machine: {info['cores']} cores, {info['memory_gib']} GiB memory; {info['platform']}; "
        f"Python {info['python']}; PostgreSQL {info['postgres']}. "
        f"{seeded} (`seed_demo`, then VACUUM ANALYZE).",
        "",
        f"Command: `.venv/bin/python -m bench.languages {' '.join(argv)}`",
        "",
        f"Server time in-process (django.test.Client, DEBUG off): {args.requests} timed requests per page "
        f"and language after {args.warmup} warm-up rounds, the six (page, language) pairs interleaved round "
        "by round. The same signed-in caseworker1 for both languages: their language (User.language, what "
        "the user menu sets) is switched before each request, outside the clock, and each page is checked "
        'to answer in that language (`<html lang="es">`). Target: Spanish median within 10 % of English. '
        "CPU: this process's CPU time for the same requests (time.process_time; the database server's "
        "is not in it, and its SQL is the same in both languages), medians: on a machine shared with "
        "other work it shows what the language itself costs, where wall-clock time also counts the "
        "waits for a core.",
        "",
        "| page | English median ms | Spanish median ms | English p95 ms | Spanish p95 ms | es / en "
        "| English CPU ms | Spanish CPU ms | es / en CPU | target | met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    times = pages["times"]
    for key in PAGES:
        en, es = times[(key, "en")], times[(key, "es")]
        ratio = statistics.median(es) / statistics.median(en)
        cpu_en, cpu_es = (statistics.median(pages["cpu"][(key, language)]) for language in LANGUAGES)
        target = "—" if key == "floor" else "≤ 1.10"
        met = "—" if key == "floor" else verdict(ratio)
        lines.append(
            f"| {pages['labels'][key]} | {statistics.median(en):.1f} | {statistics.median(es):.1f} | "
            f"{percentile(en, 95):.1f} | {percentile(es, 95):.1f} | {ratio:.3f} | "
            f"{cpu_en:.1f} | {cpu_es:.1f} | {cpu_es / cpu_en:.3f} | {target} | {met} |"
        )
    en, es = pdf["times"]["en"], pdf["times"]["es"]
    ratio = statistics.median(es) / statistics.median(en)
    cpu_en, cpu_es = (statistics.median(pdf["cpu"][language]) for language in LANGUAGES)
    lines += [
        "",
        f"PDF, a typical case plan (bench/pdf_render.py's; {pdf['pages']['en']} pages in English, "
        f"{pdf['pages']['es']} in Spanish), rendered alone as the task does (translation.override of the "
        f"document's language), the languages alternating, n = {len(en)} each after 2 warm-up renders:",
        "",
        "| document | English median s | Spanish median s | English max s | Spanish max s | es / en "
        "| English CPU s | Spanish CPU s | es / en CPU | target | met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
        f"| Case plan | {statistics.median(en):.3f} | {statistics.median(es):.3f} | {max(en):.3f} | "
        f"{max(es):.3f} | {ratio:.3f} | {cpu_en:.3f} | {cpu_es:.3f} | {cpu_es / cpu_en:.3f} | "
        f"≤ 1.10 | {verdict(ratio)} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
