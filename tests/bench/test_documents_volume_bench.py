"""The documents-at-volume benchmark (bench/documents_volume.py) still runs end to end: at
toy size (a few families, 4 case plans asked for at once, two real workers as docker-compose
runs them, the long case plan rendered once), in a database of its own dropped afterwards and
a Celery queue of its own on the configured Redis. Its figures mean nothing at this size; the
test keeps the harness from rotting."""

import os
import re
import subprocess
import sys

import pytest

from tests.bench.test_agency_bench import ROOT, TEST_RUN_ONLY, bench_database_url, database_exists

pytestmark = pytest.mark.bench


def test_the_documents_benchmark_accounts_for_every_request_and_renders_a_30_page_plan(tmp_path):
    # given a database of its own on the configured server, and the configured Redis
    database_url = bench_database_url().removesuffix("_bench") + "_bench_documents"
    redis_url = os.environ.get("BENCH_REDIS_URL") or os.environ["REDIS_URL"]
    results = tmp_path / "RESULTS.md"
    env = {name: value for name, value in os.environ.items() if name not in TEST_RUN_ONLY}

    # when the benchmark runs at toy size
    run = subprocess.run(
        [sys.executable, "bench/documents_volume.py", "--families", "20", "--requests", "4",
         "--big-runs", "1", "--timeout", "600", "--database-url", database_url, "--redis-url", redis_url,
         "--results", str(results), "--drop-database"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500,
    )  # fmt: skip

    # then every request is accounted for, with the times, the memory and the long plan
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    text = results.read_text()
    assert "## Documents at volume" in text and "load average" in text and "shared with" in text
    assert "**4 ready, 0 failed, 0 lost**" in text, text
    assert re.search(r"Request to ready: median [\d.]+ s, p95 [\d.]+ s", text), text
    assert re.search(r"\(\d+ documents a minute\)", text), text
    assert re.search(r"Worker memory: peak \d+ MB for one worker", text), text
    pages = re.search(r"Long case plan \((\d+) pages", text)
    assert pages and int(pages.group(1)) >= 30, text
    # and its database is gone
    assert not database_exists(database_url)
