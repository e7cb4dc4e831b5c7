"""Link the scaling numbers recorded as a name alone to the person who gave them, where the
name is exactly the name of one person of that kind: a caregiver's or a child's full name or
the name they are called by, a network member's name, a member of staff's full name.
A name that matches no one, or more than one person, stays a name alone.

Reversing removes the links (the names were kept throughout). The history rows of a
number get the same link: who gave a number is a fact of it, not a change to it."""

from django.db import migrations

FAMILY_KINDS = {"caregiver": "Caregiver", "child": "Child"}
STAFF_KINDS = ("caseworker", "supervisor")


def _names(person) -> set[str]:
    full = f"{person.first_name} {person.last_name}".strip()
    return {full, person.preferred_name or person.first_name}


def link(apps, schema_editor):
    ScalingScore = apps.get_model("safety_networks", "ScalingScore")
    NetworkMember = apps.get_model("safety_networks", "NetworkMember")
    History = apps.get_model("safety_networks", "HistoricalScalingScore")
    User = apps.get_model("accounts", "User")
    unlinked = ScalingScore.objects.filter(
        caregiver__isnull=True, child__isnull=True, network_member__isnull=True, staff__isnull=True
    )
    families = set(unlinked.values_list("family_id", flat=True))
    if not families:
        return
    # (kind, family id or None for staff, name) -> the ids of the people so named
    named: dict[tuple, set[int]] = {}
    for kind, model_name in FAMILY_KINDS.items():
        for person in apps.get_model("families", model_name).objects.filter(family_id__in=families):
            for name in _names(person):
                named.setdefault((kind, person.family_id, name), set()).add(person.pk)
    for member in NetworkMember.objects.filter(family_id__in=families):
        named.setdefault(("network_member", member.family_id, member.name), set()).add(member.pk)
    for user in User.objects.filter(role__in=STAFF_KINDS):
        full = f"{user.first_name} {user.last_name}".strip()
        named.setdefault((user.role, None, full), set()).add(user.pk)

    field = {"caregiver": "caregiver_id", "child": "child_id", "network_member": "network_member_id"}
    for kind in STAFF_KINDS:
        field[kind] = "staff_id"
    for score in unlinked.filter(given_by__in=list(field)).only("id", "family_id", "given_by", "name"):
        family = None if score.given_by in STAFF_KINDS else score.family_id
        ids = named.get((score.given_by, family, score.name), set())
        if len(ids) == 1:
            linked = {field[score.given_by]: next(iter(ids))}
            ScalingScore.objects.filter(pk=score.pk).update(**linked)
            # who gave a number is a fact of it, not a change: its history says so too
            History.objects.filter(id=score.pk).update(**linked)


def unlink(apps, schema_editor):
    for model_name in ("ScalingScore", "HistoricalScalingScore"):
        apps.get_model("safety_networks", model_name).objects.update(
            caregiver=None, child=None, network_member=None, staff=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("families", "0003_search_text_trigram_index"),
        ("safety_networks", "0004_scaling_linked_to_who_gave_it"),
    ]

    operations = [migrations.RunPython(link, unlink)]
