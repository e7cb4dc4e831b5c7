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


def test_a_supervisor_sees_a_family_assigned_to_themselves(bob):
    # given a family the supervisor carries themselves (they are in their own unit)
    own = FamilyFactory(assigned_caseworker=bob)
    # then it is in their scope, for reading and for changing
    assert list(Family.objects.visible_to(bob)) == [own]
    assert list(Family.objects.visible_to(bob, granted=False)) == [own]


def _grant(user, family, *, days):
    from django.utils import timezone

    from families.models import AccessRequest, AccessStatus

    return AccessRequest.objects.create(
        family=family, from_family=family, requested_by=user, reason="A prior referral.",
        status=AccessStatus.GRANTED, expires_at=timezone.now() + timezone.timedelta(days=days),
        decided_by=user, decided_at=timezone.now(), decision_reason="Needed for the risk assessment.",
    )  # fmt: skip


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_a_granted_family_of_another_unit_joins_the_scope_to_read_only_while_the_grant_lasts(
    request, who, family, charlie
):
    # given a family of another unit, granted to a caseworker or a supervisor, and one whose
    # grant has ended
    user = request.getfixturevalue(who)
    granted, ended = FamilyFactory(assigned_caseworker=charlie), FamilyFactory(assigned_caseworker=charlie)
    _grant(user, granted, days=30)
    _grant(user, ended, days=-1)
    # then they read their own and the granted family, and change only their own
    assert set(Family.objects.visible_to(user)) == {family, granted}
    assert list(Family.objects.visible_to(user, granted=False)) == [family]
    # and the scope narrows and counts like any queryset (as the API's list pages it)
    assert Family.objects.visible_to(user).filter(pk=granted.pk).exists()
    assert Family.objects.visible_to(user).order_by("-id")[:1].get() == max(
        family, granted, key=lambda f: f.pk
    )


def test_an_agency_wide_service_account_sees_every_family_and_a_units_one_its_units(
    administrator, family, charlie, unit_a
):
    from api.models import TokenAccess
    from api.services import service_account_create

    other = FamilyFactory(assigned_caseworker=charlie)
    agency = service_account_create(
        by=administrator, name="State", agency_wide=True, access=TokenAccess.READ, days=1
    ).token.user
    unit = service_account_create(
        by=administrator, name="Provider", units=[unit_a], access=TokenAccess.READ, days=1
    ).token.user
    assert set(Family.objects.visible_to(agency)) == {family, other}
    assert list(Family.objects.visible_to(unit)) == [family]
