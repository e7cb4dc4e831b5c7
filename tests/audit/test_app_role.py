"""The trail cannot be emptied or switched off. TRUNCATE is refused by a trigger even for the
tables' owner; and the role the app connects as, given its rights by `manage.py
grant_app_role` (docker-compose's `migrate` service runs it), owns nothing: it cannot alter the
audit table or its triggers, may only read and append to it, and the app works as it."""

import io
import secrets
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, ProgrammingError, connection, transaction
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from audit.services import audit_record
from families.models import Caregiver
from tests.factories import CaregiverFactory

pytestmark = pytest.mark.django_db


def new_role() -> str:
    # Roles belong to the whole server, and tests may run side by side: a fresh name each time.
    # The test's transaction is rolled back at its end, and the role with it.
    role = f"test_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN")
    return role


@pytest.fixture
def app_role(db):
    role = new_role()
    call_command("grant_app_role", role, stdout=io.StringIO())
    return role


@contextmanager
def as_role(role):
    """Run the block as `role` (the test connects as the owner, a superuser, who may)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        yield cursor
        cursor.execute("RESET ROLE")


@pytest.fixture
def trail(client_of, alice, family):
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    return AuditEvent.objects.count()


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE audit_auditevent",
        # Emptying the users' table would empty the trail that refers to them.
        "TRUNCATE accounts_user CASCADE",
    ],
)
def test_truncate_is_refused_even_for_the_owner(trail, sql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'audit_auditevent'")
        assert cursor.fetchone() == (True,)  # this test's connection owns the table
    with (
        pytest.raises(DatabaseError, match="append-only: TRUNCATE is not allowed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The test's own rows are still in its open transaction; their deferred foreign-key
        # checks must run first, or PostgreSQL refuses TRUNCATE for that reason instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql)
    assert AuditEvent.objects.count() == trail == 2  # the sign-in and the view


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "DROP TABLE audit_auditevent CASCADE",
    ],
)
def test_the_app_role_cannot_switch_off_the_triggers(app_role, trail, sql):
    with (
        pytest.raises(ProgrammingError, match="must be owner of (table|relation) audit_auditevent"),
        as_role(app_role) as cursor,
    ):
        cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass "
            "AND tgenabled = 'O' AND NOT tgisinternal ORDER BY 1"
        )
        assert cursor.fetchall() == [("audit_event_append_only",), ("audit_event_no_truncate",)]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET username = 'x'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ],
)
def test_the_app_role_may_not_rewrite_or_empty_the_trail(app_role, trail, sql):
    with (
        pytest.raises(ProgrammingError, match="permission denied for table audit_auditevent"),
        as_role(app_role) as cursor,
    ):
        cursor.execute(sql)
    assert set(AuditEvent.objects.values_list("username", flat=True)) == {"alice"}


def test_the_app_role_reads_and_appends_to_the_trail(app_role, trail, alice):
    with as_role(app_role):
        audit_record(actor=alice, action=AuditAction.EXPORT)
        assert AuditEvent.objects.count() == trail + 1


def test_the_app_works_as_the_app_role(app_role, client_of, alice, family):
    caregiver = CaregiverFactory(family=family)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")  # for the rest of the test's transaction
    client = client_of(alice)
    assert client.get(reverse("families:overview", args=[family.public_id])).status_code == 200
    response = client.post(
        reverse("families:caregiver_left", args=[family.public_id, caregiver.pk]),
        {"left_household_on": "2026-01-05", "version": caregiver.version},
    )
    assert response.status_code == 302
    assert str(Caregiver.objects.get(pk=caregiver.pk).left_household_on) == "2026-01-05"
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "login",
        "view",
        "update",
    ]


def test_tables_made_by_later_migrations_are_granted_too(app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE later_migration_table (id bigint GENERATED BY DEFAULT AS IDENTITY, note text)"
        )
    with as_role(app_role) as cursor:
        cursor.execute("INSERT INTO later_migration_table (note) VALUES ('kept') RETURNING id")
        cursor.execute("UPDATE later_migration_table SET note = 'changed'")
        cursor.execute("SELECT note FROM later_migration_table")
        assert cursor.fetchall() == [("changed",)]


def test_a_role_that_owns_a_table_or_is_a_superuser_is_refused():
    owner_of_a_table = new_role()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE owned_elsewhere (id int); ALTER TABLE owned_elsewhere OWNER TO {owner_of_a_table}"
        )
    with pytest.raises(CommandError, match=f"{owner_of_a_table} owns owned_elsewhere"):
        call_command("grant_app_role", owner_of_a_table, stdout=io.StringIO())
    superuser = new_role()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER ROLE {superuser} SUPERUSER")
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", superuser, stdout=io.StringIO())


def test_create_makes_the_role_with_the_password_given(monkeypatch):
    role = f"test_app_{secrets.token_hex(4)}"
    monkeypatch.setenv("APP_DATABASE_PASSWORD", "a-long-password-from-the-env-file")
    out = io.StringIO()
    call_command("grant_app_role", role, "--create", stdout=out)
    assert "a-long-password" not in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", [role])
        assert cursor.fetchone() == (True, False)
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = 'audit_auditevent' ORDER BY 1",
            [role],
        )
        assert cursor.fetchall() == [("INSERT",), ("SELECT",)]
