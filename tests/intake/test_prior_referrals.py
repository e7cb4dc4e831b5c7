"""Prior referrals and findings on the overview: a person's referrals in other families,
with the screening and the findings only for a user who may open that family; for anyone
else only case number, date, status and unit. Never a name, the narrative or the reporter."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Allegation, Referral
from tests.factories import CaregiverFactory, CaseworkerFactory, ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db

REPORTER = "Ms. Prudence Vandersloot"
NARRATIVE = "NARRATIVE-OF-THE-OTHER-FAMILY"
ALLEGATION_TEXT = "ALLEGATION-TEXT-OF-THE-OTHER-FAMILY"
SECRETS = (REPORTER, NARRATIVE, ALLEGATION_TEXT, "Otherfamily", "Zebediah", "Quillon")


@pytest.fixture
def carla(unit_a):
    """A caseworker of alice's unit: bob (their supervisor) opens her families, alice doesn't."""
    return CaseworkerFactory(username="carla", first_name="Carla", last_name="Cruz", unit=unit_a)


def _prior_referral(carla, *, child_person=None, caregiver_person=None, seq=0):
    """A referral of another family (carla's), screened in, with a substantiated finding,
    about a child and an alleged caregiver who may be the same people as in another family."""
    other = FamilyFactory(display_name="Otherfamily", assigned_caseworker=carla)
    child = ChildFactory(
        family=other, first_name="Zebediah", **({"person": child_person} if child_person else {})
    )
    caregiver = CaregiverFactory(
        family=other, first_name="Quillon", **({"person": caregiver_person} if caregiver_person else {})
    )
    received = timezone.now() - timedelta(days=400 + seq)
    referral = services.referral_record(
        family=other,
        by=carla,
        received_at=received,
        channel="phone",
        reporter_type="neighbour",
        reporter_name=REPORTER,
        reporter_contact="555-0199",
        what_was_reported=NARRATIVE,
        allegations=[
            {
                "child": child,
                "kind": "physical_abuse",
                "alleged_caregiver": caregiver,
                "what_was_reported": ALLEGATION_TEXT,
            }
        ],
    )
    found_on = received.date() + timedelta(days=20)
    Referral.objects.filter(pk=referral.pk).update(
        screening="screened_in", response_time="immediate", screened_on=received.date(), findings_on=found_on
    )
    Allegation.objects.filter(referral=referral).update(
        finding="substantiated", found_on=found_on, found_by=carla
    )
    return other, child, caregiver


@pytest.fixture
def linked(family, carla):
    """Sofía, a child of alice's family, was a child named in a substantiated allegation of
    carla's family."""
    other, child, _caregiver = _prior_referral(carla)
    ChildFactory(family=family, first_name="Sofía", person=child.person)
    return other


def _overview(client, family):
    response = client.get(reverse("families:overview", args=[family.public_id]))
    assert response.status_code == 200
    return response.text


def test_a_user_who_may_open_the_other_family_sees_the_prior_referral_and_its_finding(
    client_of, bob, family, linked
):
    page = _overview(client_of(bob), family)
    assert linked.case_number in page
    assert reverse("families:overview", args=[linked.public_id]) in page
    assert "Screened in · Substantiated" in page


def test_a_user_who_may_not_open_it_sees_only_case_number_dates_status_and_unit(
    client_of, alice, family, linked
):
    page = _overview(client_of(alice), family)
    assert linked.case_number in page and "a family you may not open" in page
    assert "North Valley Unit" in page
    assert "Substantiated" not in page and "Screened in" not in page
    for secret in SECRETS:
        assert secret not in page


def test_the_referrals_of_the_family_itself_are_not_prior(client_of, bob, carla, linked):
    page = _overview(client_of(bob), linked)
    assert "Screened in · Substantiated" not in page


def test_the_alleged_caregiver_has_the_referral_in_their_prior_history(client_of, bob, alice, family, carla):
    other, _child, caregiver = _prior_referral(carla)
    CaregiverFactory(family=family, first_name="Mariana", person=caregiver.person)
    page = _overview(client_of(bob), family)
    assert other.case_number in page and "Screened in · Substantiated" in page


def test_prior_referrals_add_no_query_per_person(
    client_of, alice, family, carla, django_assert_max_num_queries
):
    client = client_of(alice)
    seq = iter(range(100))

    def add_people(n):
        for _ in range(n):
            _other, child, caregiver = _prior_referral(carla, seq=next(seq))
            ChildFactory(family=family, person=child.person)
            CaregiverFactory(family=family, person=caregiver.person)

    add_people(1)
    with django_assert_max_num_queries(60) as one:
        _overview(client, family)
    add_people(5)
    # as with one person: the referrals of all of them, with whether alice may open their
    # families, are read in one query
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = _overview(client, family)
    # each person: the other family as a case, and as a referral
    assert page.count("a family you may not open") == 24


def test_the_source_keeps_no_finding_of_a_family_the_user_may_not_open(alice, bob, family, linked):
    """Not only the template: the row handed to the overview holds no detail (a second
    guard, for any other page that would show these rows)."""
    from intake.prior_history import prior_referrals

    person_id = family.children.get().person_id
    (hidden,) = prior_referrals(person_ids={person_id}, user=alice, family=family)[person_id]
    (seen,) = prior_referrals(person_ids={person_id}, user=bob, family=family)[person_id]
    assert (hidden.visible, hidden.detail) == (False, "")
    assert (seen.visible, seen.detail) == (True, "Screened in · Substantiated")
    assert hidden.case_number == seen.case_number == linked.case_number
