"""Fixtures every test may use. The three people of the access rule (after healthchecks):

- alice: the caseworker the family is assigned to;
- bob: the supervisor of alice's unit;
- charlie: a caseworker in another unit, who must get 404 on alice's families.
"""

import tempfile
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import ApiToken, TokenAccess
from api.services import personal_token_create, service_account_create, token_digest, token_revoke
from protective_factors.instruments import DEMONSTRATION as DEMONSTRATION_INSTRUMENT
from protective_factors.instruments import load_everyday_actions, load_instrument
from protective_factors.models import EverydayAction, Instrument, Item, ProtectiveFactor, ScoringBand
from protective_factors.reference import load_factors
from safety_networks.instruments import DEMONSTRATION, load_threats
from safety_networks.models import (
    FsnaInstrument,
    ReunificationInstrument,
    RiskInstrument,
    SafetyInstrument,
    SafetyThreat,
)
from safety_networks.sdm import fsna, reunification
from safety_networks.sdm.risk import load_demonstrations as load_risk_demonstrations
from safety_networks.sdm.safety_file import DEMONSTRATION as SDM_SAFETY_DEMONSTRATION
from safety_networks.sdm.safety_file import load_safety_instrument
from tests.api.clients import api_with
from tests.factories import (
    CaseworkerFactory,
    FamilyFactory,
    ProgramAdministratorFactory,
    SupervisorFactory,
    UnitFactory,
)


@pytest.fixture(autouse=True, scope="session")
def _tests_run_on_postgresql(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", (
            "Tests run on PostgreSQL, the way the agency runs. Set DATABASE_URL to a PostgreSQL "
            "server (see README)."
        )
    yield
    # Before the test database is dropped: a live-server thread may still hold a connection.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True, scope="session")
def _the_test_run_may_empty_the_audit_trail():
    """A transactional test (the browser tests) empties every table with TRUNCATE when it ends,
    and the audit trail refuses TRUNCATE (audit migration 0003). Only that flush, and only in
    the test run, runs with triggers off (session_replication_role, which needs the test
    database's superuser; no deployment role can set it)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        if sql_list:
            sql_list = ["SET LOCAL session_replication_role = replica", *sql_list]
        return flush(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = flush


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_a_manifest():
    """Production serves hashed, compressed static files after collectstatic; tests serve them
    straight from static/ (tests/test_static_files.py runs the real collectstatic once)."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with (
        tempfile.TemporaryDirectory() as static_root,
        override_settings(STATIC_ROOT=static_root, STORAGES={**settings.STORAGES, "staticfiles": plain}),
    ):
        yield


@pytest.fixture(autouse=True)
def _case_files_in_a_temporary_folder(_static_files_without_a_manifest, tmp_path):
    """Uploaded files go to a folder of each test's own, never into the checkout, so a test
    that says "nothing was stored" reads only what it stored itself, whatever ran before it
    (seed_demo stores hundreds of files); tests/documents point them at a real S3-compatible
    server too."""
    filesystem = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "case-files")},
    }
    with override_settings(STORAGES={**settings.STORAGES, "case_files": filesystem}):
        yield


def _empty_the_caches() -> None:
    """This run's keys in the shared cache (Redis: only the keys under the run's prefix, not
    FLUSHDB, which would also empty Celery's queue in the same database) and the process's
    own cache."""
    caches["this_process"].clear()
    default = settings.CACHES["default"]
    if not default["BACKEND"].endswith(".RedisCache"):
        caches["default"].clear()
        return
    with redis.Redis.from_url(default["LOCATION"]) as client:
        keys = list(client.scan_iter(match=f"{default['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)


@pytest.fixture(autouse=True)
def _no_counter_carries_over_between_tests():
    """A test starts with an empty cache: the match check's rate limit (families.persons)
    counted by one test must not refuse another's checks."""
    _empty_the_caches()
    yield


@pytest.fixture(autouse=True, scope="session")
def _the_run_leaves_no_keys_behind():
    yield
    _empty_the_caches()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request activates its reader's language for the thread it runs in (LocaleMiddleware),
    and nothing deactivates it afterwards: a test that signed in a Spanish-speaking person
    would leave the tests after it in Spanish."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reference data comes from data migrations; a transactional test (the browser tests)
    empties every table when it ends, so put it back for the tests after it."""
    if request.node.get_closest_marker("django_db") is None:
        if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
            return
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    if not ProtectiveFactor.objects.exists():
        load_factors(ProtectiveFactor)
    if not Instrument.objects.exists():
        load_instrument(
            DEMONSTRATION_INSTRUMENT, Instrument=Instrument, Item=Item, ScoringBand=ScoringBand,
            ProtectiveFactor=ProtectiveFactor,
        )  # fmt: skip
        load_everyday_actions(EverydayAction=EverydayAction, ProtectiveFactor=ProtectiveFactor)
    if not SafetyThreat.objects.exists():
        load_threats(SafetyThreat, DEMONSTRATION)
    if not FsnaInstrument.objects.exists():
        fsna.load(fsna.DEMONSTRATION, demonstration=True)
    if not RiskInstrument.objects.exists():
        load_risk_demonstrations(RiskInstrument)
    if not SafetyInstrument.objects.exists():
        load_safety_instrument(SDM_SAFETY_DEMONSTRATION, SafetyInstrument=SafetyInstrument)
    if not ReunificationInstrument.objects.exists():
        reunification.load(reunification.DEMONSTRATION)


@pytest.fixture
def unit_a(db):
    return UnitFactory(name="North Valley Unit")


@pytest.fixture
def unit_b(db):
    return UnitFactory(name="Eastside Unit")


@pytest.fixture
def alice(unit_a):
    return CaseworkerFactory(username="alice", first_name="Alice", last_name="Ames", unit=unit_a)


@pytest.fixture
def bob(unit_a):
    return SupervisorFactory(username="bob", first_name="Bob", last_name="Baptiste", unit=unit_a)


@pytest.fixture
def charlie(unit_b):
    return CaseworkerFactory(username="charlie", first_name="Charlie", last_name="Cho", unit=unit_b)


@pytest.fixture
def administrator(db):
    return ProgramAdministratorFactory(username="pat", first_name="Pat", last_name="Morales")


@pytest.fixture
def family(alice):
    return FamilyFactory(display_name="Okafor-Reyes", assigned_caseworker=alice)


def pass_two_step_sign_in(client, user):
    """Give `user` a confirmed authenticator app and mark the client's session as having
    passed the second step, as accounts.two_factor.verify does."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test app", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def client_of(client):
    """`client_of(user)`: the test client, signed in as that user (program administrators
    have also passed the two-step sign-in they must use)."""

    def sign_in(user):
        client.force_login(user)
        if user.is_program_administrator:
            pass_two_step_sign_in(client, user)
        return client

    return sign_in


@pytest.fixture
def start_worker():
    """`start_worker(**env)`: a real Celery worker process on the test Redis database, with
    tasks sent for real (not eagerly) while the test runs. Extra environment (the test
    database's URL, a MEDIA_ROOT) goes to the worker."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from sop_casework.celery import app as celery_app

    workers = []

    def start(**extra_env):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **extra_env,
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "sop_casework", "worker", "--pool", "solo",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--hostname", f"test-{os.getpid()}-{len(workers)}@%h"],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        workers.append(worker)
        celery_app.conf.task_always_eager = False
        return worker

    yield start
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    for worker in workers:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


# --- REST API tokens (tests/api, and the URL walker) ----------------------------------------


@pytest.fixture
def token_for():
    """`token_for(user, access=…)`: a new personal token of `user`, its plain text."""

    def make(user, access=TokenAccess.READ_WRITE, days=30):
        return personal_token_create(user=user, name=f"{user.username}'s app", access=access, days=days).plain

    return make


@pytest.fixture
def api_as(token_for):
    """`api_as(user)`: an API client sending a token of `user` (read and write unless told)."""

    def make(user, access=TokenAccess.READ_WRITE):
        return api_with(token_for(user, access))

    return make


@pytest.fixture
def expired_token(token_for, alice):
    """A token of alice's that expired a second ago (and was never revoked)."""
    plain = token_for(alice)
    ApiToken.objects.filter(digest=token_digest(plain)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    return plain


@pytest.fixture
def revoked_token(token_for, alice):
    """A token of alice's that she revoked (and that has not expired)."""
    plain = token_for(alice)
    token_revoke(token=ApiToken.objects.get(digest=token_digest(plain)), by=alice)
    return plain


@pytest.fixture
def service_token(administrator):
    """`service_token(units=[…] or agency_wide=True, access=…)`: a service account's token."""

    def make(*, units=(), agency_wide=False, access=TokenAccess.READ_WRITE, name="State system"):
        return service_account_create(
            by=administrator, name=name, units=units, agency_wide=agency_wide, access=access, days=30
        ).plain

    return make
