"""Caregivers and children: adding, editing, relationships, bad dates, duplicates, leaving."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from families.models import Caregiver, CaregiverChild, Child
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db


def caregiver_data(**overrides):
    data = {
        "first_name": "Maria",
        "last_name": "Reyes",
        "preferred_name": "",
        "date_of_birth": "1997-03-02",
        "is_primary": "on",
        "lives_in_home": "on",
        "phone": "(555) 010-4471",
        "email": "",
        "language": "Spanish",
    }
    return {**data, **overrides}


def child_data(**overrides):
    data = {
        "first_name": "Sofía",
        "last_name": "Okafor-Reyes",
        "preferred_name": "Sofi",
        "date_of_birth": (date.today() - timedelta(days=7 * 365)).isoformat(),
        "school": "Lincoln Elementary",
        "notes": "",
    }
    return {**data, **overrides}


def test_a_caregiver_is_added_with_a_relationship_to_each_child(client_of, alice, family):
    sofia = ChildFactory(family=family, first_name="Sofía")
    tomas = ChildFactory(family=family, first_name="Tomás")
    response = client_of(alice).post(
        reverse("families:caregiver_add", args=[family.public_id]),
        caregiver_data(**{f"relationship_{sofia.pk}": "mother", f"relationship_{tomas.pk}": "mother"}),
    )
    assert response.status_code == 302
    maria = Caregiver.objects.get(first_name="Maria")
    assert sorted(maria.child_links.values_list("child__first_name", "relationship")) == [
        ("Sofía", "mother"),
        ("Tomás", "mother"),
    ]
    family.refresh_from_db()
    assert "maria reyes" in family.search_text


def test_a_child_is_added_with_each_caregivers_relationship(client_of, alice, family):
    daniel = CaregiverFactory(family=family, first_name="Daniel")
    response = client_of(alice).post(
        reverse("families:child_add", args=[family.public_id]),
        child_data(**{f"relationship_{daniel.pk}": "father"}),
    )
    assert response.status_code == 302
    link = CaregiverChild.objects.get()
    assert (link.caregiver, link.child.first_name, link.relationship) == (daniel, "Sofía", "father")


def test_editing_a_person_changes_their_record_and_relationship(client_of, alice, family):
    child = ChildFactory(family=family, first_name="Sofia")
    maria = CaregiverFactory(family=family)
    CaregiverChild.objects.create(caregiver=maria, child=child, relationship="mother")
    client = client_of(alice)
    page = client.get(reverse("families:child_edit", args=[family.public_id, child.pk]))
    assert page.context["form"].fields[f"relationship_{maria.pk}"].initial == "mother"

    client.post(
        reverse("families:child_edit", args=[family.public_id, child.pk]),
        child_data(first_name="Sofía", version=child.version, **{f"relationship_{maria.pk}": "grandparent"}),
    )
    child.refresh_from_db()
    assert child.first_name == "Sofía"
    assert CaregiverChild.objects.get().relationship == "grandparent"


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ((date.today() + timedelta(days=1)).isoformat(), "The date of birth is in the future."),
        ("1890-01-01", "more than 120 years ago"),
    ],
)
def test_an_impossible_date_of_birth_is_refused_at_the_field_and_nothing_typed_is_lost(
    client_of, alice, family, born, message
):
    response = client_of(alice).post(
        reverse("families:caregiver_add", args=[family.public_id]),
        caregiver_data(date_of_birth=born, phone="(555) 999-0000", first_name="Zoë"),
    )
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Zoë"' in response.text and 'value="(555) 999-0000"' in response.text
    assert not Caregiver.objects.exists()


def test_a_child_aged_21_or_more_is_flagged(client_of, alice, family):
    ChildFactory(family=family, first_name="Adult", date_of_birth=date.today() - timedelta(days=21 * 366))
    page = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert "21 or older" in page


# Someone already known to the agency (in any family) is offered before saving: see
# test_person_index.py.


@pytest.mark.parametrize("name", ["李明", "Наталья", "Nguyễn Thị Thảo", "O'Brien-Ní Bhriain", "محمد"])
def test_names_in_any_script_work_end_to_end(client_of, alice, family, name):
    client = client_of(alice)
    client.post(reverse("families:child_add", args=[family.public_id]), child_data(first_name=name))
    assert Child.objects.get().first_name == name
    assert escape(name) in client.get(reverse("families:overview", args=[family.public_id])).content.decode()


def test_a_person_who_leaves_is_marked_not_deleted(client_of, alice, family):
    child = ChildFactory(family=family, first_name="Tomás")
    response = client_of(alice).post(
        reverse("families:child_left", args=[family.public_id, child.pk]),
        {"left_household_on": date.today().isoformat(), "version": child.version},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.left_household_on == date.today()
    page = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert "Tomás" in page and "left " in page


def test_a_leaving_date_in_the_future_is_refused(client_of, alice, family):
    caregiver = CaregiverFactory(family=family)
    response = client_of(alice).post(
        reverse("families:caregiver_left", args=[family.public_id, caregiver.pk]),
        {"left_household_on": (date.today() + timedelta(days=3)).isoformat(), "version": caregiver.version},
    )
    assert response.status_code == 200 and "can&#x27;t be in the future" in response.text


# --- Dates of birth: the impossible refused, the unlikely confirmed ---------------------------


def born(years, days=0):
    from families.plausible import years_before

    return (years_before(date.today(), years) - timedelta(days=days)).isoformat()


def test_a_child_born_1940_is_refused_with_a_message_keeping_what_was_typed(client_of, alice, family):
    response = client_of(alice).post(
        reverse("families:child_add", args=[family.public_id]), child_data(date_of_birth="1940-05-01")
    )
    assert response.status_code == 200
    assert "A child born then would be" in response.text and "Check the year." in response.text
    assert 'value="1940-05-01"' in response.text and "Lincoln Elementary" in response.text
    assert "Yes, this is right" not in response.text  # not a thing to confirm
    assert not Child.objects.exists()


def test_a_caregiver_born_2024_is_refused(client_of, alice, family):
    response = client_of(alice).post(
        reverse("families:caregiver_add", args=[family.public_id]), caregiver_data(date_of_birth="2024-02-10")
    )
    assert response.status_code == 200
    assert "A caregiver born then would be 2 years old. Check the year." in response.text
    assert 'value="(555) 010-4471"' in response.text
    assert not Caregiver.objects.exists()


def confirm_then_save(client, url, data, warning):
    """The form comes back with the warning and the box, everything typed kept; ticked, it saves."""
    response = client.post(url, data)
    assert response.status_code == 200
    assert warning in response.text, response.context["form"].errors
    assert "Yes, this is right" in response.text and 'name="confirm_unlikely"' in response.text
    for typed in (data["date_of_birth"], data["last_name"]):
        assert f'value="{typed}"' in response.text
    return client.post(url, {**data, "confirm_unlikely": "on"})


def test_a_caregiver_under_14_is_saved_once_confirmed(client_of, alice, family):
    url = reverse("families:caregiver_add", args=[family.public_id])
    data = caregiver_data(date_of_birth=born(13))
    response = confirm_then_save(
        client_of(alice), url, data, "A caregiver born then is 13 years old, younger than 14."
    )
    assert response.status_code == 302
    assert Caregiver.objects.get().date_of_birth.isoformat() == data["date_of_birth"]


def test_a_child_older_than_a_caregiver_is_saved_once_confirmed(client_of, alice, family):
    CaregiverFactory(family=family, first_name="Maria", last_name="Reyes", date_of_birth=date(2001, 6, 1))
    url = reverse("families:child_add", args=[family.public_id])
    client = client_of(alice)
    data = child_data(date_of_birth="2001-05-01")
    assert client.post(url, data).status_code == 200 and not Child.objects.exists()
    response = confirm_then_save(
        client, url, data, "This child would be older than their caregiver Maria Reyes (born 1 June 2001)."
    )
    assert response.status_code == 302 and Child.objects.get().date_of_birth == date(2001, 5, 1)
    # once saved, editing something else does not ask again
    child = Child.objects.get()
    response = client.post(
        reverse("families:child_edit", args=[family.public_id, child.pk]),
        {**data, "school": "Roosevelt Middle", "version": child.version},
    )
    assert response.status_code == 302 and Child.objects.get().school == "Roosevelt Middle"


def test_a_caregiver_younger_than_a_child_is_asked_to_confirm(client_of, alice, family):
    ChildFactory(family=family, first_name="Sofía", last_name="Okafor", date_of_birth=date(2008, 1, 5))
    url = reverse("families:caregiver_add", args=[family.public_id])
    response = confirm_then_save(
        client_of(alice),
        url,
        caregiver_data(date_of_birth="2009-01-05"),
        "This caregiver would be younger than the family’s child Sofía Okafor (born 5 January 2008).",
    )
    assert response.status_code == 302 and Caregiver.objects.count() == 1


def test_an_ordinary_family_is_not_asked_to_confirm_anything(client_of, alice, family):
    CaregiverFactory(family=family, date_of_birth=date(1990, 1, 1))
    response = client_of(alice).post(reverse("families:child_add", args=[family.public_id]), child_data())
    assert response.status_code == 302
