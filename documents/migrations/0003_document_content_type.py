"""The content type of Document follows the model to documents (its permissions, and anything
pointing at a content type, keep pointing at the same rows). Data only; reversible."""

from django.db import migrations


def _move(apps, from_label, to_label):
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=to_label, model="document").exists():
        return  # made already (post_migrate on a database that never had the old one)
    content_type.objects.filter(app_label=from_label, model="document").update(app_label=to_label)


def forwards(apps, schema_editor):
    _move(apps, "case_plans", "documents")


def backwards(apps, schema_editor):
    _move(apps, "documents", "case_plans")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0002_document_moved_from_case_plans"),
        ("case_plans", "0011_document_moved_to_documents"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
