"""manage.py grant_app_role ROLE [--create]: the database role the web app, the worker and beat
connect as gets exactly what they need, and owns nothing.

Run it as the tables' owner (the role `migrate` runs as), after every `migrate`: docker-compose's
one-shot `migrate` service does. The owner can alter and drop its tables, and so the audit
trail's triggers; a role that owns no table cannot. The app role gets SELECT, INSERT, UPDATE and
DELETE on every table, and on the audit trail only SELECT and INSERT; tables that later
migrations create are granted by default privileges, and running this again after them takes
UPDATE and DELETE on the audit trail away again if a migration ever re-made it.
"""

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit.models import AuditEvent

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
PASSWORD_VARIABLE = "APP_DATABASE_PASSWORD"  # noqa: S105 (the variable's name)
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_PRIVILEGES = "SELECT, INSERT"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"


class Command(BaseCommand):
    help = (
        "Give the app's database role what the app needs and no more: no table of its own, and "
        "only SELECT and INSERT on the audit trail. Run as the tables' owner after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the app connects as, e.g. casework_app")
        parser.add_argument(
            "--create",
            action="store_true",
            help=f"create the role (LOGIN) if it is missing, and set its password from the "
            f"environment variable {PASSWORD_VARIABLE}; the owner needs CREATEROLE for this",
        )

    def handle(self, *args, role: str, create: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL matter; this database is not PostgreSQL.")
        if not ROLE_NAME.match(role):
            raise CommandError(f"{role!r} is not a plain role name (lower-case letters, digits, _).")
        name = connection.ops.quote_name(role)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema(), current_database()")
            owner, schema, database = cursor.fetchone()
            if role == owner:
                raise CommandError(
                    f"{role} is the role running this command, which owns the tables: the app must "
                    "connect as another role."
                )
            if create:
                self._create_or_set_password(cursor, role, name)
            self._refuse_a_powerful_role(cursor, role, owner)
            quote = connection.ops.quote_name
            audit_table = quote(AuditEvent._meta.db_table)
            for statement in [
                f"GRANT CONNECT ON DATABASE {quote(database)} TO {name}",
                f"GRANT USAGE ON SCHEMA {quote(schema)} TO {name}",
                f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {quote(schema)} TO {name}",
                f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {name}",
                # Tables and sequences the owner creates later (new migrations) are granted too.
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {quote(schema)} "
                f"GRANT {TABLE_PRIVILEGES} ON TABLES TO {name}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {quote(schema)} "
                f"GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {name}",
                # The audit trail: read and append, nothing else.
                f"REVOKE ALL ON TABLE {audit_table} FROM PUBLIC, {name}",
                f"GRANT {AUDIT_PRIVILEGES} ON TABLE {audit_table} TO {name}",
            ]:
                cursor.execute(statement)
        self.stdout.write(
            f"{role}: {TABLE_PRIVILEGES} on the tables of {schema} (and on those made later by {owner}); "
            f"on {AuditEvent._meta.db_table} only {AUDIT_PRIVILEGES}; owns nothing."
        )

    def _create_or_set_password(self, cursor, role: str, name: str) -> None:
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise CommandError(f"--create needs the role's password in {PASSWORD_VARIABLE}.")
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        verb = "ALTER" if cursor.fetchone() else "CREATE"
        # psycopg2 quotes the password as a literal; it is never written to the output.
        cursor.execute(f"{verb} ROLE {name} LOGIN PASSWORD %s", [password])

    def _refuse_a_powerful_role(self, cursor, role: str, owner: str) -> None:
        cursor.execute(
            "SELECT rolsuper OR rolbypassrls OR rolcreaterole FROM pg_roles WHERE rolname = %s", [role]
        )
        found = cursor.fetchone()
        if found is None:
            raise CommandError(f"There is no role {role}: create it (or pass --create).")
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
        if found[0] or cursor.fetchone()[0]:
            raise CommandError(
                f"{role} is a superuser, may create roles or bypass row security, or is a member of "
                f"{owner}: it could alter the tables. The app needs a plain LOGIN role."
            )
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = %s AND c.relnamespace = current_schema()::regnamespace ORDER BY 1",
            [role],
        )
        owned = [row[0] for row in cursor.fetchall()]
        if owned:
            raise CommandError(
                f"{role} owns {', '.join(owned)}: an owner can alter its tables and their triggers. "
                f"Hand them to the owner first: REASSIGN OWNED BY {role} TO {owner};"
            )
