"""A family with no first contact recorded whose visits saw a child in person: the earliest
such visit is its first contact (as recording one now sets it, families.services.contact_save)."""

from django.db import migrations

IN_PERSON = ["home_visit", "placement_visit", "office", "school"]


def first_contact_from_earliest_visit(apps, schema_editor):
    Family = apps.get_model("families", "Family")
    Contact = apps.get_model("families", "Contact")
    for family in Family.objects.filter(first_contact_at__isnull=True).iterator():
        earliest = (
            Contact.objects.filter(family=family, kind__in=IN_PERSON, children_seen__isnull=False)
            .order_by("occurred_at")
            .first()
        )
        if earliest is not None:
            Family.objects.filter(pk=family.pk).update(
                first_contact_at=earliest.occurred_at, first_contact_kind=earliest.kind
            )


class Migration(migrations.Migration):
    dependencies = [("families", "0003_search_text_trigram_index")]

    operations = [
        # Going back leaves the first contacts as they are: they are true either way.
        migrations.RunPython(first_contact_from_earliest_visit, migrations.RunPython.noop),
    ]
