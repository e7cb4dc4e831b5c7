"""The demonstration instrument's answers read in the person of its items: "Not at all like
me" for the caregiver's "I …" items, "Not at all like my child" for "My child …" items
(they read "like us" before). The changed file is loaded as the instrument's next version;
assessments keep the version they were started on.

Reversing removes that version again if no assessment uses it."""

from django.db import migrations

from protective_factors.instruments import DEMONSTRATION, load_instrument, read_instrument


def load(apps, schema_editor):
    model = apps.get_model
    load_instrument(
        DEMONSTRATION,
        Instrument=model("protective_factors", "Instrument"),
        Item=model("protective_factors", "Item"),
        ScoringBand=model("protective_factors", "ScoringBand"),
        ProtectiveFactor=model("protective_factors", "ProtectiveFactor"),
    )


def unload(apps, schema_editor):
    Instrument = apps.get_model("protective_factors", "Instrument")
    Assessment = apps.get_model("protective_factors", "Assessment")
    codes = set(
        apps.get_model("protective_factors", "ProtectiveFactor").objects.values_list("code", flat=True)
    )
    checked = read_instrument(DEMONSTRATION, codes)
    loaded = Instrument.objects.filter(code=checked.data["code"], checksum=checked.checksum, version__gt=1)
    for instrument in loaded:
        if not Assessment.objects.filter(instrument=instrument).exists():
            apps.get_model("protective_factors", "ScoringBand").objects.filter(instrument=instrument).delete()
            apps.get_model("protective_factors", "Item").objects.filter(instrument=instrument).delete()
            instrument.delete()


class Migration(migrations.Migration):
    dependencies = [("protective_factors", "0004_demonstration_instrument")]

    operations = [migrations.RunPython(load, unload)]
