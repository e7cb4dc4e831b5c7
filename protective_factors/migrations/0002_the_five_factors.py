"""The five protective factors (Strengthening Families, CSSP), in the words of DOMAIN.md."""

from django.db import migrations

from protective_factors.reference import FACTORS, load_factors


def load(apps, schema_editor):
    load_factors(apps.get_model("protective_factors", "ProtectiveFactor"))


def unload(apps, schema_editor):
    apps.get_model("protective_factors", "ProtectiveFactor").objects.filter(
        code__in=[code for code, *_ in FACTORS]
    ).delete()  # reference rows this migration made; no case data points at them before it


class Migration(migrations.Migration):
    dependencies = [("protective_factors", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
