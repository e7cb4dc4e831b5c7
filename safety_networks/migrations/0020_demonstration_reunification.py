"""Load the demonstration reunification reassessment (original wording; not a validated instrument)."""

from django.db import migrations

from safety_networks.sdm.reunification import DEMONSTRATION, load, read


def load_demonstration(apps, schema_editor):
    load(DEMONSTRATION, apps.get_model("safety_networks", "ReunificationInstrument"))


def unload(apps, schema_editor):
    code = read(DEMONSTRATION)["code"]
    # reference rows this migration made; reassessments that used them are reversed first
    apps.get_model("safety_networks", "ReunificationInstrument").objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("safety_networks", "0019_reunification_reassessment")]

    operations = [migrations.RunPython(load_demonstration, unload)]
