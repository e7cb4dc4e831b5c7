"""A trigram index for search on PostgreSQL.

Find a family matches each folded word anywhere in Family.search_text:
    WHERE search_text LIKE '%word%' [AND search_text LIKE '%other%'] (families.selectors._filtered)
A B-tree can't serve a pattern with a leading wildcard; a GIN trigram index can. Measured on
20,000 families (bench/RESULTS.md): the filter went from a sequential scan of 7 ms to an index
scan of 0.02 ms. SQLite (bin/serve's first look) has no pg_trgm, so it is left out there.
pg_trgm ships with PostgreSQL; creating the extension needs a role that may (the database owner
on PostgreSQL 13 and later, as pg_trgm is a trusted extension).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS family_search_text_trgm ON families_family USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS family_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("families", "0002_closurerequest")]

    operations = [migrations.RunPython(create, drop)]
