"""Families whose primary language says Spanish get their documents in Spanish."""

from django.db import migrations
from django.db.models import Q

# "Spanish", "spanish ", "Español", "espanol": the whole field, any case.
SPANISH = Q(primary_language__iregex=r"^\s*(spanish|espa(n|ñ)ol)\s*$")


def spanish_documents(apps, schema_editor):
    Family = apps.get_model("families", "Family")
    Family.objects.filter(SPANISH, document_language="en").update(document_language="es")


def back_to_the_default(apps, schema_editor):
    Family = apps.get_model("families", "Family")
    Family.objects.filter(SPANISH, document_language="es").update(document_language="en")


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0006_family_document_language"),
    ]

    operations = [migrations.RunPython(spanish_documents, back_to_the_default)]
