"""Load the demonstration safety-threat list (original wording; not a validated instrument)."""

from django.db import migrations

from safety_networks.instruments import DEMONSTRATION, load_threats, read_threats


def load(apps, schema_editor):
    load_threats(apps.get_model("safety_networks", "SafetyThreat"), DEMONSTRATION)


def unload(apps, schema_editor):
    name, _ = read_threats(DEMONSTRATION)
    # reference rows this migration made; assessments that chose them are reversed first
    apps.get_model("safety_networks", "SafetyThreat").objects.filter(instrument=name).delete()


class Migration(migrations.Migration):
    dependencies = [("safety_networks", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
