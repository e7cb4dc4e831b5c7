"""Migration 0009 gives every caregiver and child already recorded a person of their own,
and is reversible."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from families.models import Caregiver, Child, Person, PersonLinkChange
from tests.factories import CaregiverFactory, ChildFactory

BEFORE = [("families", "0008_person_index")]
AFTER = [("families", "0009_each_member_a_person")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # Going back to 0008 also takes back every migration of other apps that depends on 0009;
    # "after" is therefore every app's latest migration, so the tests that run next find all
    # their tables.
    executor.migrate(executor.loader.graph.leaf_nodes() if targets is AFTER else targets)


@pytest.mark.django_db(transaction=True)
def test_each_caregiver_and_child_gets_a_person_of_their_own_and_back():
    caregiver = CaregiverFactory(first_name="María", last_name="Núñez", person=None)
    ChildFactory(family=caregiver.family, person=None)
    ChildFactory(family=caregiver.family, person=None)
    try:
        migrate(BEFORE)
        migrate(AFTER)
        assert Person.objects.count() == 3
        assert (
            not Caregiver.objects.filter(person=None).exists()
            and not Child.objects.filter(person=None).exists()
        )
        person = Caregiver.objects.get().person
        assert person.folded_name == "maria nunez" and person.birth_year == caregiver.date_of_birth.year

        migrate(BEFORE)
        assert not Caregiver.objects.exclude(person=None).exists()
    finally:
        migrate(AFTER)


@pytest.mark.django_db(transaction=True)
def test_going_back_is_refused_once_workers_linked_people(alice):
    caregiver = CaregiverFactory(family__assigned_caseworker=alice)
    PersonLinkChange.objects.create(
        caregiver=caregiver,
        to_person=caregiver.person,
        action="linked",
        changed_by=alice,
        reason="The same mother.",
    )
    try:
        with pytest.raises(RuntimeError, match="would delete"):
            migrate(BEFORE)
        assert PersonLinkChange.objects.count() == 1
    finally:
        PersonLinkChange.objects.all().delete()  # the test's own row, so the database can go back
        migrate(AFTER)
