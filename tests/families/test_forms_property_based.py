"""Property-based: arbitrary text and dates fed to the main forms never cause a 500, and
whatever is accepted reads back unchanged."""

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from families.models import Caregiver, Child, Contact

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
any_text = st.text(max_size=120)
any_date = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@PROPERTY
@given(first=any_text, last=any_text, preferred=any_text, phone=any_text, born=any_date)
def test_the_caregiver_form(client_of, alice, family, first, last, preferred, phone, born):
    client = client_of(alice)
    before = Caregiver.objects.count()
    response = client.post(
        reverse("families:caregiver_add", args=[family.public_id]),
        {
            "first_name": first,
            "last_name": last,
            "preferred_name": preferred,
            "date_of_birth": born.isoformat(),
            "phone": phone,
            "lives_in_home": "on",
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        saved = Caregiver.objects.latest("id")
        assert (saved.first_name, saved.last_name, saved.preferred_name, saved.phone) == (
            first.strip(),
            last.strip(),
            preferred.strip(),
            phone.strip(),
        )
        assert saved.date_of_birth == born
    else:
        assert Caregiver.objects.count() == before


@PROPERTY
@given(first=any_text, school=any_text, notes=st.text(max_size=2000), born=st.one_of(any_date, any_text))
def test_the_child_form(client_of, alice, family, first, school, notes, born):
    response = client_of(alice).post(
        reverse("families:child_add", args=[family.public_id]),
        {
            "first_name": first,
            "last_name": "Okafor-Reyes",
            "date_of_birth": born.isoformat() if isinstance(born, date) else born,
            "school": school,
            "notes": notes,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        saved = Child.objects.latest("id")
        assert (saved.first_name, saved.school, saved.notes) == (first.strip(), school.strip(), notes.strip())


@PROPERTY
@given(location=any_text, narrative=st.text(max_size=3000), when=any_text)
def test_the_visit_form(client_of, alice, family, location, narrative, when):
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        {"occurred_at": when, "kind": "phone", "location": location, "narrative": narrative},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        saved = Contact.objects.latest("id")
        assert (saved.location, saved.narrative) == (location.strip(), narrative.strip())


@PROPERTY
@given(query=st.text(max_size=200))
def test_the_search(client_of, alice, family, query):
    response = client_of(alice).get(reverse("families:search"), {"q": query})
    assert response.status_code == 200
