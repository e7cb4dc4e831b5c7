"""The shipped reference data in Spanish, on a database that has it in English: the five
factors' definitions, the demonstration instrument (items, answers, bands, name), the
everyday actions still worded as shipped.

The demonstration file's English is unchanged, so loading it again finds the version already
loaded (its checksum is taken over the English) and gives it its Spanish and its band
descriptions, rather than making a new version. On a new database migrations 0004 and 0005
loaded the file before there was room for other languages; this fills them in the same way.

Reversing empties the translations again (the English stays)."""

from django.db import migrations

from protective_factors.instruments import DEMONSTRATION, load_everyday_actions, load_instrument
from protective_factors.reference import load_factor_translations


def load(apps, schema_editor):
    model = apps.get_model
    load_factor_translations(model("protective_factors", "ProtectiveFactor"))
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


def unload(apps, schema_editor):
    for name in ("ProtectiveFactor", "Instrument", "Item", "ScoringBand", "EverydayAction"):
        apps.get_model("protective_factors", name).objects.update(translations={})
    apps.get_model("protective_factors", "ScoringBand").objects.update(description="")
    for instrument in apps.get_model("protective_factors", "Instrument").objects.all():
        instrument.scale = [
            {k: v for k, v in point.items() if k != "translations"} for point in instrument.scale
        ]
        instrument.save(update_fields=["scale"])


class Migration(migrations.Migration):
    dependencies = [("protective_factors", "0006_texts_in_other_languages")]

    operations = [migrations.RunPython(load, unload)]
