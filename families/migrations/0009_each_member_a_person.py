"""Every caregiver and child already recorded becomes a person of their own (no guessing
who is whom: the index starts with one person per involvement, and workers link them).
Backwards: the links are cleared and the people this migration made removed; refused once
workers have linked people or asked for access (what they recorded is never deleted)."""

from django.db import migrations

from families.persons import person_keys


def forwards(apps, schema_editor):
    Person = apps.get_model("families", "Person")
    for name in ("Caregiver", "Child"):
        model = apps.get_model("families", name)
        for member in model.objects.filter(person__isnull=True).iterator():
            person = Person.objects.create(
                **person_keys(
                    first_name=member.first_name,
                    last_name=member.last_name,
                    date_of_birth=member.date_of_birth,
                    birth_year=None,
                )
            )
            model.objects.filter(pk=member.pk).update(person=person)


def backwards(apps, schema_editor):
    for name in ("PersonLinkChange", "AccessRequest"):
        if apps.get_model("families", name).objects.exists():
            raise RuntimeError(
                f"Workers have recorded {name} rows on the person index; undoing it would delete "
                "them. Export them first, or don't go back past families 0009."
            )
    for name in ("Caregiver", "Child", "HistoricalCaregiver", "HistoricalChild"):
        apps.get_model("families", name).objects.update(person=None)
    apps.get_model("families", "Person").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("families", "0008_person_index")]

    operations = [migrations.RunPython(forwards, backwards)]
