"""The access rule: who may see a family. One rule, in Family.objects.visible_to."""

import uuid

import pytest
from django.http import Http404

from families.access import get_family_for_user
from families.models import Family
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def test_the_assigned_caseworker_sees_the_family(alice, family):
    assert list(Family.objects.visible_to(alice)) == [family]


def test_the_units_supervisor_sees_the_family(bob, family):
    assert list(Family.objects.visible_to(bob)) == [family]


def test_a_caseworker_of_another_unit_sees_nothing(charlie, family):
    assert list(Family.objects.visible_to(charlie)) == []


def test_a_caseworker_does_not_see_a_colleagues_family_in_the_same_unit(alice, unit_a):
    # given a family of another caseworker in alice's unit
    FamilyFactory(assigned_caseworker__unit=unit_a)
    # then alice does not see it: caseworkers see their own assignments only
    assert list(Family.objects.visible_to(alice)) == []


def test_a_supervisor_does_not_see_another_units_families(bob, charlie):
    FamilyFactory(assigned_caseworker=charlie)
    assert list(Family.objects.visible_to(bob)) == []


def test_a_program_administrator_sees_every_family(administrator, family, charlie):
    other = FamilyFactory(assigned_caseworker=charlie)
    assert set(Family.objects.visible_to(administrator)) == {family, other}


def test_an_unassigned_referral_is_seen_by_administrators_only(administrator, alice, bob):
    referral = FamilyFactory(assigned_caseworker=None)
    assert list(Family.objects.visible_to(administrator)) == [referral]
    assert list(Family.objects.visible_to(alice)) == []
    assert list(Family.objects.visible_to(bob)) == []


def test_a_deactivated_caseworker_sees_nothing(alice, family):
    alice.is_active = False
    assert list(Family.objects.visible_to(alice)) == []


def test_anonymous_sees_nothing(family):
    from django.contrib.auth.models import AnonymousUser

    assert list(Family.objects.visible_to(AnonymousUser())) == []


def test_the_scoped_getter_returns_a_visible_family(alice, family):
    assert get_family_for_user(alice, family.public_id) == family


def test_the_scoped_getter_answers_404_to_an_outsider(charlie, family):
    with pytest.raises(Http404):
        get_family_for_user(charlie, family.public_id)


def test_the_scoped_getter_answers_404_for_a_family_that_does_not_exist(alice):
    with pytest.raises(Http404):
        get_family_for_user(alice, uuid.uuid4())


def test_the_scoped_getter_answers_404_for_a_malformed_id(alice):
    with pytest.raises(Http404):
        get_family_for_user(alice, "not-a-uuid")
