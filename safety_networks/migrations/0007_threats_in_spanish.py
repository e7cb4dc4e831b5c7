"""The demonstration safety threats in Spanish, on a database that has them in English
(loading the file again updates the threats by code). Reversing empties the translations."""

from django.db import migrations

from safety_networks.instruments import DEMONSTRATION, load_threats


def load(apps, schema_editor):
    load_threats(apps.get_model("safety_networks", "SafetyThreat"), DEMONSTRATION)


def unload(apps, schema_editor):
    apps.get_model("safety_networks", "SafetyThreat").objects.update(translations={})


class Migration(migrations.Migration):
    dependencies = [("safety_networks", "0006_threats_in_other_languages")]

    operations = [migrations.RunPython(load, unload)]
