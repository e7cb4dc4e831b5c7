"""The Spanish-against-English benchmark (bench/languages.py) still runs end to end, at N=50
with a few requests and one render a language, in a database of its own dropped afterwards
(as tests/bench/test_agency_bench.py runs bench/agency.py). Its figures mean nothing at this
size; the test keeps the harness from rotting."""

import os
import re
import subprocess
import sys

import pytest

from tests.bench.test_agency_bench import ROOT, TEST_RUN_ONLY, bench_database_url, database_exists

pytestmark = pytest.mark.bench


def test_the_languages_benchmark_times_pages_and_a_pdf_in_english_and_spanish(tmp_path):
    # given a database of its own on the configured server, and the configured Redis
    database_url = bench_database_url().removesuffix("_bench") + "_bench_languages"
    redis_url = os.environ.get("BENCH_REDIS_URL") or os.environ["REDIS_URL"]
    results = tmp_path / "RESULTS.md"
    env = {name: value for name, value in os.environ.items() if name not in TEST_RUN_ONLY}

    # when the benchmark runs at toy size
    run = subprocess.run(
        [sys.executable, "-m", "bench.languages", "--families", "50", "--requests", "2", "--warmup", "1",
         "--pdf-runs", "1", "--database-url", database_url, "--redis-url", redis_url,
         "--results", str(results), "--drop-database"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    # then it wrote English and Spanish side by side for each page and the case plan
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    text = results.read_text()
    assert "## Spanish against English, N = 50 families" in text
    for row in ("My caseload", "Family overview", "Case plan"):
        cells = r"\| ([\d.]+) \| ([\d.]+) \| [\d.]+ \| [\d.]+ \| ([\d.]+) \|"
        found = re.search(rf"^\| {row}[^|]* {cells}", text, re.M)
        assert found, f"no row for {row!r} in:\n{text}"
        english, spanish, ratio = map(float, found.groups())
        assert english > 0 and spanish > 0 and ratio == pytest.approx(spanish / english, abs=0.01)
    # and its database is gone
    assert not database_exists(database_url)
