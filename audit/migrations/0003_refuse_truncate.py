"""On PostgreSQL, refuse TRUNCATE on the audit table too: a row trigger (0002) does not see a
TRUNCATE, so before this the whole trail could be emptied in one statement, even by the app.
A statement-level trigger, calling 0002's function, refuses it for every role, the table's
owner included. (Who may alter the table, and so drop the triggers, is a matter of grants:
README, "Deployment: the app's database role".)"""

from django.db import migrations

CREATE = """
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
"""

DROP = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;"


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
