"""The REST API benchmark (bench/api.py) still runs end to end, at N=50, for the four callers
it measures, in a database of its own dropped afterwards (as tests/bench/test_agency_bench.py
runs bench/agency.py). Its figures mean nothing at this size; the test keeps the harness from
rotting, and its query counts are the same at any size."""

import os
import re
import subprocess
import sys

import pytest

from bench.agency import drop_database
from tests.bench.test_agency_bench import ROOT, TEST_RUN_ONLY, bench_database_url, database_exists

pytestmark = pytest.mark.bench


def test_the_api_benchmark_times_the_family_list_for_each_kind_of_caller(tmp_path):
    # given a database of its own on the configured server, and the run's own Redis database
    database_url = bench_database_url().removesuffix("_bench") + "_bench_api"
    results = tmp_path / "RESULTS.md"
    env = {name: value for name, value in os.environ.items() if name not in TEST_RUN_ONLY}

    # when the benchmark runs at toy size
    try:
        run = subprocess.run(
            [sys.executable, "-m", "bench.api", "--families", "50", "--requests", "2", "--warmup", "1",
             "--database-url", database_url, "--redis-url", os.environ["REDIS_URL"],
             "--results", str(results), "--label", "toy"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
    finally:
        drop_database(database_url)

    # then it wrote a row for a caseworker, a supervisor, the administrator and a system,
    # each page in three queries (the token, the families with their caseworkers, the audit)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    text = results.read_text()
    assert "## REST API family list, N = 50 families" in text and "(toy)" in text
    for caller in ("Caseworker", "Supervisor", "Program administrator", "Agency-wide service account"):
        row = re.search(
            rf"^\| {caller}\b.*?, first page of [\d,]+ \| (\d+) \| [\d.]+ \| [\d.]+ \| [\d.]+ \|", text, re.M
        )
        assert row, text
        assert row.group(1) == "3", row.group(0)
    assert not database_exists(database_url)
