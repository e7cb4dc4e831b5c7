"""Load the demonstration risk assessment and risk reassessment (this product's own wording,
clearly labelled; not the SDM tools, which an agency licenses and loads)."""

from django.db import migrations

from safety_networks.sdm.risk import load_demonstrations


def load(apps, schema_editor):
    load_demonstrations(apps.get_model("safety_networks", "RiskInstrument"))


def unload(apps, schema_editor):
    # reference rows this migration made; assessments scored with them are reversed first
    apps.get_model("safety_networks", "RiskInstrument").objects.filter(is_demonstration=True).delete()


class Migration(migrations.Migration):
    dependencies = [("safety_networks", "0011_scored_risk_tools")]

    operations = [migrations.RunPython(load, unload)]
