"""The caseload export benchmark (bench/exports.py) still runs end to end, at N=50, through
gunicorn, in a database of its own dropped afterwards (as tests/bench/test_agency_bench.py
runs bench/agency.py). Its figures mean nothing at this size; the test keeps the harness from
rotting."""

import os
import re
import subprocess
import sys

import pytest

from tests.bench.test_agency_bench import ROOT, TEST_RUN_ONLY, bench_database_url, database_exists

pytestmark = pytest.mark.bench


def test_the_exports_benchmark_downloads_the_agencys_caseload_as_csv_and_excel(tmp_path):
    # given a database of its own on the configured server
    database_url = bench_database_url().removesuffix("_bench") + "_bench_exports"
    results = tmp_path / "RESULTS.md"
    env = {name: value for name, value in os.environ.items() if name not in TEST_RUN_ONLY}

    # when the benchmark runs at toy size
    run = subprocess.run(
        [sys.executable, "bench/exports.py", "--families", "50", "--database-url", database_url,
         "--results", str(results), "--drop-database"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    # then it wrote a row for each format and scope: the families, first byte, first row, memory
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    text = results.read_text()
    assert "## Exports: the agency's caseload, N = 50 families" in text
    agency_csv = re.search(
        r"^\| csv \| the agency \| (\d+) \| [\d.]+ MB \| ([\d.]+) s \| ([\d.]+) s \|", text, re.M
    )
    assert agency_csv, text
    families, first_byte, first_row = agency_csv.groups()
    assert int(families) > 0 and 0 < float(first_byte) <= float(first_row)
    for fmt, scope in (("csv", "one unit"), ("xlsx", "one unit"), ("xlsx", "the agency")):
        assert re.search(rf"^\| {fmt} \| {scope} \| .* \| -?[\d.]+ MB \|$", text, re.M), text
    assert re.search(r"Worker at rest: \d+ MB", text)
    # and its database is gone
    assert not database_exists(database_url)
