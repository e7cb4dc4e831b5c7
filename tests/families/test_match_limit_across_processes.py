"""The match check's rate limit holds across web processes: gunicorn runs several, and a
limit counted in each process's memory would allow 30 checks per process. The count lives in
the shared cache (Redis, settings.CACHES["default"])."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from families import persons

ROOT = Path(__file__).resolve().parents[2]

# Another Python process, as another gunicorn worker is: its own memory, the same settings.
ANOTHER_PROCESS = """
import django, sys
django.setup()
from types import SimpleNamespace
from families.persons import MATCH_CHECKS_ALLOWED, count_check
for _ in range(MATCH_CHECKS_ALLOWED):
    count_check(SimpleNamespace(pk=int(sys.argv[1])))
print("counted")
"""


def checks_in_another_process(user_pk: int) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(
        [sys.executable, "-c", ANOTHER_PROCESS, str(user_pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "counted", result.stderr


def test_checks_made_in_another_web_process_count_against_the_same_limit():
    user = SimpleNamespace(pk=987_654)
    checks_in_another_process(user.pk)  # the whole allowance, used up elsewhere

    with pytest.raises(persons.TooManyChecks):
        persons.count_check(user)


def test_another_user_keeps_their_own_allowance():
    checks_in_another_process(987_654)

    persons.count_check(SimpleNamespace(pk=987_655))  # not refused
