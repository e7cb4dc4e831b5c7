"""The demonstration risk assessment, risk reassessment and strengths and needs files in
Spanish, on a database that has them in English: the latest demonstration version of each
takes the texts in other languages (its items, scores, bands and English words stay as its
assessments were scored with), as 0007 did for the safety threats. A database made after
this file changed has them already (0012 and 0014 load the files as they are now).

Reversing leaves the texts: the code before this reads the English beside them."""

from django.db import migrations

from safety_networks.sdm import fsna, risk


def load(apps, schema_editor):
    RiskInstrument = apps.get_model("safety_networks", "RiskInstrument")
    for path in (risk.DEMONSTRATION_RISK, risk.DEMONSTRATION_REASSESSMENT):
        risk.add_translations(path, RiskInstrument)
    fsna.add_translations(fsna.DEMONSTRATION, model=apps.get_model("safety_networks", "FsnaInstrument"))


class Migration(migrations.Migration):
    dependencies = [("safety_networks", "0017_strengths_and_needs_rating_named")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
