"""Change history and no lost updates."""

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Caregiver, Contact
from tests.factories import CaregiverFactory, ChildFactory, ContactFactory
from tests.families.test_people import caregiver_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(client_of, alice, family):
    client_of(alice).post(reverse("families:caregiver_add", args=[family.public_id]), caregiver_data())
    return Caregiver.objects.get()


def edit_url(family, caregiver):
    return reverse("families:caregiver_edit", args=[family.public_id, caregiver.pk])


def test_the_changes_page_lists_who_changed_what_field_by_field(client_of, alice, bob, family, maria):
    client_of(bob).post(
        edit_url(family, maria), caregiver_data(phone="(555) 222-3333", version=maria.version)
    )

    page = client_of(alice).get(reverse("families:changes", args=[family.public_id])).text

    assert "Caregiver Maria Reyes: changed" in page and "Bob Baptiste" in page
    assert "<del>(555) 010-4471</del>" in page and "<ins>(555) 222-3333</ins>" in page
    assert "Caregiver Maria Reyes: added" in page and "Alice Ames" in page


def test_saving_over_a_newer_version_is_refused_showing_theirs_and_keeping_mine(
    client, alice, bob, family, maria
):
    loaded = maria.version
    client.force_login(bob)
    assert (
        client.post(
            edit_url(family, maria), caregiver_data(phone="(555) 222-3333", version=loaded)
        ).status_code
        == 302
    )

    client.force_login(alice)
    response = client.post(
        edit_url(family, maria), caregiver_data(phone="(555) 444-5555", email="m@example.org", version=loaded)
    )

    assert response.status_code == 200
    assert "Someone else saved this record while you were editing it" in response.text
    assert "(555) 222-3333" in response.text  # what Bob saved, shown
    assert (
        'value="(555) 444-5555"' in response.text and 'value="m@example.org"' in response.text
    )  # mine, kept
    maria.refresh_from_db()
    assert maria.phone == "(555) 222-3333"  # Bob's save is intact


def test_after_a_conflict_saving_again_goes_through(client, alice, bob, family, maria):
    loaded = maria.version
    client.force_login(bob)
    client.post(edit_url(family, maria), caregiver_data(phone="(555) 222-3333", version=loaded))
    client.force_login(alice)
    refused = client.post(edit_url(family, maria), caregiver_data(phone="(555) 444-5555", version=loaded))
    new_version = refused.context["form"]["version"].value()

    accepted = client.post(
        edit_url(family, maria), caregiver_data(phone="(555) 444-5555", version=new_version)
    )

    assert accepted.status_code == 302
    maria.refresh_from_db()
    assert maria.phone == "(555) 444-5555"


def test_two_people_adding_records_to_the_same_family_never_conflict(client, alice, bob, family):
    add = reverse("families:caregiver_add", args=[family.public_id])
    client.force_login(alice)
    first = client.post(add, caregiver_data(first_name="Maria"))
    client.force_login(bob)
    second = client.post(add, caregiver_data(first_name="Daniel", date_of_birth="1993-01-01"))
    assert first.status_code == second.status_code == 302
    assert Caregiver.objects.count() == 2


def test_a_stale_family_details_form_is_refused_too(client, alice, bob, family):
    url = reverse("families:edit", args=[family.public_id])
    data = {
        "display_name": family.display_name,
        "referral_date": family.referral_date.isoformat(),
        "response_priority": "ten_day",
        "primary_language": "English",
        "version": family.version,
    }
    client.force_login(bob)
    assert client.post(url, {**data, "address": "1 New Street"}).status_code == 302
    client.force_login(alice)
    response = client.post(url, {**data, "address": "2 Other Road"})
    assert "Someone else saved this record" in response.text and "1 New Street" in response.text


def test_who_was_seen_on_a_visit_shows_in_the_changes_when_corrected(client_of, alice, family):
    sofia = ChildFactory(family=family, first_name="Sofía", last_name="Reyes")
    tomas = ChildFactory(family=family, first_name="Tomás", last_name="Reyes")
    client = client_of(alice)
    visit = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": "home_visit",
        "narrative": "Both home.",
        "children_seen": [sofia.pk],
    }
    client.post(reverse("families:contact_add", args=[family.public_id]), visit)
    contact = Contact.objects.get()
    client.post(
        reverse("families:contact_edit", args=[family.public_id, contact.pk]),
        {**visit, "children_seen": [sofia.pk, tomas.pk], "version": contact.version},
    )
    page = client.get(reverse("families:changes", args=[family.public_id])).text
    assert "Children seen in person" in page
    assert "<del>Sofía Reyes</del>" in page and "<ins>Sofía Reyes, Tomás Reyes</ins>" in page


def test_the_changes_page_reads_a_fixed_number_of_queries(
    client_of, alice, family, django_assert_max_num_queries
):
    for n in range(25):
        caregiver = CaregiverFactory(family=family)
        caregiver.phone = f"(555) 000-{n:04d}"
        caregiver.save()
        ContactFactory(family=family, children_seen=[ChildFactory(family=family)])
    client = client_of(alice)
    # session, user, unit, family, 5 history tables, 2 many-to-many history tables, users,
    # caregivers, children, audit insert, session renewal (UPDATE in a savepoint: 3)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("families:changes", args=[family.public_id])).status_code == 200
