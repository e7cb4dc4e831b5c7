"""The agency-scale benchmark (bench/agency.py) still runs end to end: at N=50, with a few
requests a page, one PDF and a 3-second load run. Its figures mean nothing at this size; the
test keeps the harness from rotting. It runs in its own process, on the services the test run
is configured with: a database of its own (dropped afterwards) on DATABASE_URL's server, named
after DATABASE_URL's database as pytest-django names the test database (test_<name>_bench),
or BENCH_DATABASE_URL if set; and its own Celery queue on REDIS_URL (or BENCH_REDIS_URL). So it
never meets pytest's test database, another run's, or another run's tasks."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.agency import maintenance_connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.bench

PAGES = [
    "Floor",
    "Change password",
    "My caseload",
    "Family overview",
    "Map",
    "Protective factors",
    "Unit review",
    "Search “nguy”, supervisor1",
    "Search “nguy”, program administrator",
]
# The test run's own settings (tests/settings.py puts them in the environment) stay out of it.
TEST_RUN_ONLY = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "CONN_MAX_AGE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def bench_database_url() -> str:
    """BENCH_DATABASE_URL, or DATABASE_URL's server with test_<its database>_bench."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    configured = urlsplit(os.environ["DATABASE_URL"])  # tests/settings.py fills in its default
    return urlunsplit(configured._replace(path=f"/test_{configured.path.lstrip('/')}_bench"))


def database_exists(database_url: str) -> bool:
    conn, name = maintenance_connection(database_url)
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    conn.close()
    return found


def test_the_benchmark_database_is_named_after_the_configured_one(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://tester@db.internal:6543/sop_security")
    assert bench_database_url() == "postgres://tester@db.internal:6543/test_sop_security_bench"
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ci_bench")
    assert bench_database_url() == "postgres://postgres@127.0.0.1:5432/ci_bench"


def test_the_agency_benchmark_measures_every_page_the_pdf_and_a_load_run(tmp_path):
    # given a database of its own on the configured server, and the configured Redis
    database_url = bench_database_url()
    redis_url = os.environ.get("BENCH_REDIS_URL") or os.environ["REDIS_URL"]
    results = tmp_path / "RESULTS.md"
    env = {name: value for name, value in os.environ.items() if name not in TEST_RUN_ONLY}

    # when the benchmark runs at toy size
    run = subprocess.run(
        [sys.executable, "-m", "bench.agency", "--families", "50", "--requests", "3", "--warmup", "1",
         "--pdf-runs", "1", "--load-users", "3", "--load-seconds", "3", "--load-wait", "0.2,0.5",
         "--database-url", database_url, "--redis-url", redis_url, "--results", str(results),
         "--drop-database"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    # then it wrote a section with every page's queries and times, the PDF and the load run
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    text = results.read_text()
    assert "## Agency scale, N = 50 families" in text
    assert re.search(r"Machine: \d+ cores, [\d.]+ GiB memory", text)
    for page in PAGES:
        row = re.search(
            rf"^\| {re.escape(page)}[^|]* \| (\d+)[^|]* \| [\d.]+ \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|",
            text,
            re.M,
        )
        assert row, f"no row for {page!r} in:\n{text}"
        queries, median, p95, ratio = row.groups()
        assert int(queries) > 0 and float(median) > 0 and float(p95) >= float(median) and float(ratio) > 0
    assert re.search(r"render alone median [\d.]+ s", text)
    assert re.search(r"request to ready through Redis and a worker median [\d.]+ s", text)
    load = re.search(r"^\| 3 \| ([\d.]+) \| \d+ \| \d+ \| \d+ \| (\d+) \| (\d+) \|", text, re.M)
    assert load, f"no load row in:\n{text}"
    rps, requests, errors = load.groups()
    assert int(requests) > 0 and float(rps) > 0
    assert int(errors) == 0, text
    # and its database is gone
    assert not database_exists(database_url)
