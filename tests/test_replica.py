"""A read replica (DATABASE_REPLICA_URL): reads that may be seconds stale go there; every write,
every migration and a family's own pages stay on the primary (sop_casework/replica.py).

The replica here is what settings.py makes of DATABASE_REPLICA_URL in a test run: a TEST MIRROR
of `default`, i.e. a second connection to the same test database. Each connection's queries are
captured separately, so a test sees which alias every query used. A mirror sees only committed
rows, so the tests that read through it are transactional."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from families.models import Family
from sop_casework.replica import REPLICA, ReplicaRouter, replica_reads
from tests.factories import FamilyFactory

ROOT = Path(__file__).resolve().parent.parent
ROUTERS = ["sop_casework.replica.ReplicaRouter"]
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(scope="module")
def _replica_alias(django_db_setup, django_db_blocker):
    """The `replica` alias as settings.py makes it of DATABASE_REPLICA_URL in a test run: a
    TEST MIRROR of default (a second connection to the test database). Declared for the whole
    module, so that a test may name it in its `databases`."""
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": DEFAULT_DB_ALIAS}}
    yield connections.settings[REPLICA]
    with django_db_blocker.unblock():
        connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(_replica_alias):
    """DATABASE_REPLICA_URL's settings: the `replica` alias and the router."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Overriding setting DATABASES")
        configured = override_settings(
            DATABASES={**settings.DATABASES, REPLICA: _replica_alias}, DATABASE_ROUTERS=ROUTERS
        )
        configured.enable()
    yield connections[REPLICA]
    configured.disable()


WITH_REPLICA = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


class Queries:
    """The queries each alias ran inside the block."""

    def __enter__(self):
        self.default = CaptureQueriesContext(connections[DEFAULT_DB_ALIAS])
        self.replica = CaptureQueriesContext(connections[REPLICA])
        self.default.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.default.__exit__(*exc)

    def on(self, alias: str) -> list[str]:
        captured = self.default if alias == DEFAULT_DB_ALIAS else self.replica
        return [query["sql"] for query in captured.captured_queries]

    def writes_on(self, alias: str) -> list[str]:
        return [sql for sql in self.on(alias) if sql.lstrip().upper().startswith(WRITES)]


def _settings_with(env_overrides: dict[str, str]) -> list[str]:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sop_casework.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS,"
        " s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'),"
        " s.DATABASES.get('replica', {}).get('NAME'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(env_overrides)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- settings -------------------------------------------------------------------------------


def test_without_database_replica_url_there_is_one_database_and_no_router():
    assert _settings_with({}) == "['default'] [] None None"


def test_database_replica_url_adds_the_replica_alias_and_the_router_and_tests_mirror_it():
    shown = _settings_with({"DATABASE_REPLICA_URL": "postgres://reader@replica.example:5432/casework"})
    assert shown == f"['default', 'replica'] {ROUTERS} default casework"


# --- the router -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_router_sends_every_write_to_the_primary_even_where_reads_may_be_stale(replica):
    for model in apps.get_models():
        assert router.db_for_write(model) == DEFAULT_DB_ALIAS
        with replica_reads():
            assert router.db_for_write(model) == DEFAULT_DB_ALIAS


def test_migrations_never_run_on_the_replica():
    chooser = ReplicaRouter()
    for model in apps.get_models():
        label, name = model._meta.app_label, model._meta.model_name
        assert chooser.allow_migrate(REPLICA, label, model_name=name) is False
        assert chooser.allow_migrate(DEFAULT_DB_ALIAS, label, model_name=name) is True


@WITH_REPLICA
def test_reads_go_to_the_replica_only_inside_replica_reads_and_outside_a_transaction(replica):
    # given a replica; when reads happen outside, inside, and inside a transaction inside the block
    assert router.db_for_read(Family) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(Family) == REPLICA
        with transaction.atomic():  # a service's reads decide its writes: never stale
            assert router.db_for_read(Family) == DEFAULT_DB_ALIAS


@pytest.mark.django_db
def test_without_a_replica_replica_reads_reads_the_primary():
    with replica_reads():
        assert router.db_for_read(Family) == DEFAULT_DB_ALIAS


@WITH_REPLICA
def test_a_row_read_on_the_replica_is_saved_on_the_primary(replica, alice):
    # given a family read on the replica
    FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    with replica_reads():
        family = Family.objects.get(display_name="Okafor-Reyes")
    assert family._state.db == REPLICA
    # when it is changed and saved, inside the block or not
    with Queries() as queries, replica_reads():
        family.display_name = "Reyes"
        family.save(update_fields=["display_name"])
    # then the write went to the primary, and nothing at all to the replica
    assert queries.on(REPLICA) == []
    assert any(sql.startswith("UPDATE") for sql in queries.on(DEFAULT_DB_ALIAS))
    assert Family.objects.get(pk=family.pk).display_name == "Reyes"


# --- pages ----------------------------------------------------------------------------------


@WITH_REPLICA
def test_every_units_review_for_a_program_administrator_reads_the_replica(
    replica, administrator, alice, charlie, client_of
):
    # given 24 families in two units
    FamilyFactory.create_batch(12, assigned_caseworker=alice)
    FamilyFactory.create_batch(12, assigned_caseworker=charlie)
    client = client_of(administrator)
    # when the administrator opens every unit's review
    with Queries() as queries:
        response = client.get(reverse("supervision:unit_review"))
    # then its numbers were read on the replica (the grouped sums and the units), nothing written there
    assert response.status_code == 200
    assert len(queries.on(REPLICA)) == 2, queries.on(REPLICA)
    assert any("GROUP BY who" in sql for sql in queries.on(REPLICA))
    assert queries.writes_on(REPLICA) == []
    assert not any("GROUP BY who" in sql for sql in queries.on(DEFAULT_DB_ALIAS))


@WITH_REPLICA
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reads_its_rows_on_the_replica_and_records_itself_on_the_primary(
    replica, alice, client_of, fmt
):
    # given 25 families on alice's caseload
    FamilyFactory.create_batch(25, assigned_caseworker=alice)
    client = client_of(alice)
    # when she downloads her caseload (a streamed CSV is read while it is sent)
    with Queries() as queries:
        response = client.get(reverse("families:my_caseload_export", args=[fmt]))
        body = b"".join(response.streaming_content) if response.streaming else response.content
    # then the rows came from the replica, the export's audit event went to the primary
    assert response.status_code == 200 and body
    assert any('FROM "families_family"' in sql for sql in queries.on(REPLICA))
    assert queries.writes_on(REPLICA) == []
    assert any('INSERT INTO "audit_auditevent"' in sql for sql in queries.writes_on(DEFAULT_DB_ALIAS))
    if fmt == "csv":
        assert body.decode("utf-8-sig").count("\n") == 26  # the header and 25 families


@WITH_REPLICA
def test_a_familys_own_pages_read_the_primary(replica, alice, family, client_of):
    client = client_of(alice)
    pages = [
        reverse("families:overview", args=[family.public_id]),
        reverse("families:my_caseload"),
    ]
    for page in pages:
        with Queries() as queries:
            response = client.get(page)
        assert response.status_code == 200, page
        assert queries.on(REPLICA) == [], page
        assert queries.on(DEFAULT_DB_ALIAS), page
