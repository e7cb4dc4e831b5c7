"""A newcomer's first `bin/test`: it creates the database when PostgreSQL answers, installs
the Debian packages the tests need when it can (root on Debian, as CI does through the same
bin/_packages.sh) and otherwise prints the one command to type.

bin/test runs for real, on the configured PostgreSQL server and Redis, with a database of its
own named after the configured one (test_<name>_newcomer, dropped afterwards). Only what this
machine must not do is stood in for, by scripts first on PATH: `id` (who is running),
`dpkg-query` (which answers that no package is installed) and `apt-get` (which only notes
what it was asked). pytest then only collects one small file."""

import os
import subprocess
from contextlib import closing
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from psycopg2 import sql

from tests.test_settings import ROOT

PACKAGES = "chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"


@pytest.fixture
def new_database_url():
    configured = urlsplit(os.environ["DATABASE_URL"])
    url = urlunsplit(configured._replace(path=f"/test_{configured.path.lstrip('/')}_newcomer"))
    drop(url)
    yield url
    drop(url)


def server(url):
    connection = psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def drop(url):
    with closing(server(url)) as connection, connection.cursor() as cursor:
        name = urlsplit(url).path.lstrip("/")
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def exists(url) -> bool:
    with closing(server(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [urlsplit(url).path.lstrip("/")])
        return cursor.fetchone() is not None


def stand_ins(tmp_path, *, uid: int):
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "apt-get.log"
    scripts = {
        "id": f'#!/bin/sh\n[ "$1" = "-u" ] && echo {uid} && exit 0\nexec /usr/bin/id "$@"\n',
        "dpkg-query": "#!/bin/sh\nexit 1\n",
        "apt-get": f'#!/bin/sh\necho "$*" >> {log}\n',
    }
    for name, text in scripts.items():
        (fake / name).write_text(text)
        (fake / name).chmod(0o755)
    return fake, log


def bin_test(database_url, fake_bin):
    env = {
        **os.environ,
        "PATH": f"{fake_bin}:{os.environ['PATH']}",
        "DATABASE_URL": database_url,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [ROOT / "bin" / "test", "--collect-only", "-q", "tests/accounts/test_staff_model.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_without_root_it_creates_the_database_and_prints_the_command_for_the_packages(
    tmp_path, new_database_url
):
    fake_bin, apt_log = stand_ins(tmp_path, uid=1000)
    run = bin_test(new_database_url, fake_bin)
    assert run.returncode == 2, run.stdout + run.stderr
    name = urlsplit(new_database_url).path.lstrip("/")
    assert f"Created the database {name}." in run.stdout
    assert exists(new_database_url)
    assert "Cannot run the tests yet:" in run.stdout
    assert f"Install them with: sudo apt-get install {PACKAGES}" in run.stdout
    assert "PostgreSQL" not in run.stdout.split("Cannot run the tests yet:")[1]
    assert not apt_log.exists()


def test_as_root_it_installs_the_packages_and_runs_the_tests(tmp_path, new_database_url):
    fake_bin, apt_log = stand_ins(tmp_path, uid=0)
    run = bin_test(new_database_url, fake_bin)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"Installing Debian packages: {PACKAGES}" in run.stdout
    assert apt_log.read_text().splitlines() == ["update -qq", f"install -y -qq {PACKAGES}"]
    assert exists(new_database_url)
    assert "tests/accounts/test_staff_model.py::" in run.stdout


def test_a_server_that_does_not_answer_is_said_plainly(tmp_path):
    fake_bin, _ = stand_ins(tmp_path, uid=0)
    run = bin_test("postgres://postgres@127.0.0.1:1/sop_nowhere", fake_bin)
    assert run.returncode == 2
    assert (
        "PostgreSQL at $DATABASE_URL (postgres://postgres@127.0.0.1:1/sop_nowhere) cannot be used"
        in run.stdout
    )
    assert "Start it, or point DATABASE_URL at one." in run.stdout
