"""Load the demonstration family strengths and needs file (original wording; not a licensed
SDM tool)."""

from django.db import migrations

from safety_networks.sdm.fsna import DEMONSTRATION, check, load


def load_demonstration(apps, schema_editor):
    load(DEMONSTRATION, demonstration=True, model=apps.get_model("safety_networks", "FsnaInstrument"))


def unload(apps, schema_editor):
    # the version this migration made; assessments rated on it are reversed first (0013)
    code = check(DEMONSTRATION).data["code"]
    apps.get_model("safety_networks", "FsnaInstrument").objects.filter(
        code=code, is_demonstration=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("safety_networks", "0013_strengths_and_needs")]

    operations = [migrations.RunPython(load_demonstration, unload)]
