"""Document now belongs to documents (documents 0002 took it over in Django's state); the
table, case_plans_document, stays as it is, so nothing happens in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("case_plans", "0010_signatures"),
        ("documents", "0002_document_moved_from_case_plans"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Document")],
        ),
    ]
