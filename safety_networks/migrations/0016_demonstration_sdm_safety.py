"""Load the demonstration SDM safety assessment (original wording; not a validated instrument)."""

from django.db import migrations

from safety_networks.sdm.safety_file import DEMONSTRATION, load_safety_instrument, read_safety_instrument


def load(apps, schema_editor):
    load_safety_instrument(
        DEMONSTRATION, SafetyInstrument=apps.get_model("safety_networks", "SafetyInstrument")
    )


def unload(apps, schema_editor):
    code = read_safety_instrument(DEMONSTRATION).code
    # reference rows this migration made; assessments that used them are reversed first
    apps.get_model("safety_networks", "SafetyInstrument").objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("safety_networks", "0015_scored_safety_assessment")]

    operations = [migrations.RunPython(load, unload)]
