from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Contact
from tests.factories import CaregiverFactory, ChildFactory, ContactFactory, FamilyStatus

pytestmark = pytest.mark.django_db


def visit(family, **overrides):
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": "home_visit",
        "location": "Family home",
        "narrative": "The children were well.",
    }
    return {**data, **overrides}


def test_a_home_visit_records_who_was_seen_and_who_took_part(client_of, alice, family):
    sofia, tomas = ChildFactory(family=family), ChildFactory(family=family)
    maria = CaregiverFactory(family=family)
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(family, children_seen=[sofia.pk], caregivers_present=[maria.pk]),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert list(contact.children_seen.all()) == [sofia]
    assert list(contact.caregivers_present.all()) == [maria]
    assert contact.recorded_by == alice
    page = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert "seen this month" in page and "not seen this month" not in page.split(sofia.full_name)[1][:200]
    assert tomas.full_name in page


def test_a_phone_call_cannot_see_a_child_in_person(client_of, alice, family):
    child = ChildFactory(family=family)
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(family, kind="phone", children_seen=[child.pk], narrative="Call with mum about school."),
    )
    assert response.status_code == 200
    assert "can&#x27;t see a child in person" in response.text
    assert "Call with mum about school." in response.text
    assert not Contact.objects.exists()


def test_a_visit_in_the_future_is_refused(client_of, alice, family):
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]), visit(family, occurred_at=tomorrow)
    )
    assert "can&#x27;t be in the future" in response.text


def test_a_long_narrative_is_kept_whole(client_of, alice, family):
    narrative = ("Maria described the week in detail. " * 1500).strip()
    assert len(narrative) > 50_000
    client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]), visit(family, narrative=narrative)
    )
    assert Contact.objects.get().narrative == narrative


def test_a_child_of_another_family_cannot_be_ticked(client_of, alice, family):
    ChildFactory(family=family)
    stranger = ChildFactory()
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]), visit(family, children_seen=[stranger.pk])
    )
    assert "Select a valid choice" in response.text


def test_a_visit_record_is_corrected(client_of, alice, family):
    child = ChildFactory(family=family)
    contact = ContactFactory(family=family)
    client_of(alice).post(
        reverse("families:contact_edit", args=[family.public_id, contact.pk]),
        visit(
            family, children_seen=[child.pk], narrative="Corrected: Sofía was there.", version=contact.version
        ),
    )
    contact.refresh_from_db()
    assert contact.narrative == "Corrected: Sofía was there."
    assert list(contact.children_seen.all()) == [child]


def test_the_visits_page_lists_every_contact_newest_first(
    client_of, alice, family, django_assert_max_num_queries
):
    for days in range(25):
        ContactFactory(
            family=family,
            occurred_at=timezone.now() - timedelta(days=days),
            children_seen=[ChildFactory(family=family)],
            narrative=f"Visit {days} days ago",
        )
    client = client_of(alice)
    # session, user, unit, family, audit insert, contacts (+recorded_by), children seen,
    # caregivers present, session renewal (UPDATE in a savepoint: 3)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("families:contacts", args=[family.public_id])).text
    assert page.index("Visit 0 days ago") < page.index("Visit 24 days ago")


def test_a_closed_familys_visits_can_be_read_but_not_added(client_of, alice, family):
    family.status, family.closed_on, family.closure_reason = (
        FamilyStatus.CLOSED,
        timezone.localdate(),
        "moved",
    )
    family.save()
    client = client_of(alice)
    assert "Record a visit" not in client.get(reverse("families:contacts", args=[family.public_id])).text
    client.post(reverse("families:contact_add", args=[family.public_id]), visit(family))
    assert not Contact.objects.exists()
