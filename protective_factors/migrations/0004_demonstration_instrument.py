"""Load the demonstration instrument (original wording; not a validated instrument) and the
shipped everyday-action suggestions."""

from django.db import migrations

from protective_factors.instruments import DEMONSTRATION, load_everyday_actions, load_instrument


def load(apps, schema_editor):
    model = apps.get_model
    load_instrument(
        DEMONSTRATION,
        Instrument=model("protective_factors", "Instrument"),
        Item=model("protective_factors", "Item"),
        ScoringBand=model("protective_factors", "ScoringBand"),
        ProtectiveFactor=model("protective_factors", "ProtectiveFactor"),
    )
    load_everyday_actions(
        EverydayAction=model("protective_factors", "EverydayAction"),
        ProtectiveFactor=model("protective_factors", "ProtectiveFactor"),
    )


class Migration(migrations.Migration):
    dependencies = [("protective_factors", "0003_instruments_assessments_goals")]

    # Reversing leaves the reference rows; the schema migration before this one drops them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
