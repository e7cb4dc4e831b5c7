"""Hostile and malformed input: escaped everywhere, never a 500, CSRF always required."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from families.models import Caregiver, Child, Contact
from tests.factories import FamilyFactory
from tests.families.test_people import caregiver_data, child_data

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "{{ request.user }}{% debug %}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_typed_into_every_free_text_field_comes_back_escaped(client_of, alice, family, payload):
    client = client_of(alice)
    overview = reverse("families:overview", args=[family.public_id])
    client.post(
        reverse("families:caregiver_add", args=[family.public_id]),
        caregiver_data(first_name=payload, preferred_name=payload, language=payload, phone=payload[:40]),
    )
    client.post(
        reverse("families:child_add", args=[family.public_id]),
        child_data(first_name=payload, school=payload, notes=payload),
    )
    child = Child.objects.get()
    client.post(
        reverse("families:contact_add", args=[family.public_id]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": "home_visit",
            "location": payload,
            "narrative": payload,
            "children_seen": [child.pk],
        },
    )
    assert Caregiver.objects.get().first_name == payload and Contact.objects.get().narrative == payload

    pages = [
        overview,
        reverse("families:contacts", args=[family.public_id]),
        reverse("families:changes", args=[family.public_id]),
        reverse("families:child_edit", args=[family.public_id, child.pk]),
        reverse("families:my_caseload"),
        reverse("families:search") + "?q=" + payload,
    ]
    for url in pages:
        text = client.get(url).text
        assert "<script>alert" not in text, url
        assert "<img src=x" not in text, url
        assert 'href="javascript:' not in text, url
    # shown as the text that was typed, escaped, and never run as a template
    assert escape(payload) in client.get(overview).text


@pytest.mark.parametrize(
    "path",
    [
        "/families/not-a-uuid/",
        "/families/00000000-0000-0000-0000-000000000000/",
        "/families/{family}/caregivers/999999/edit/",
        "/families/{family}/children/999999/left/",
        "/families/{family}/visits/999999/edit/",
        "/families/{family}/status/explode/",
        "/families/{family}/caregivers/12abc/edit/",
    ],
)
def test_malformed_or_unknown_ids_give_404_not_500(client_of, alice, family, path):
    response = client_of(alice).get(path.format(family=family.public_id))
    assert response.status_code in (403, 404)  # an unknown status step is refused, not found


def test_a_ten_thousand_character_name_is_refused_with_a_message(client_of, alice, family):
    response = client_of(alice).post(
        reverse("families:caregiver_add", args=[family.public_id]), caregiver_data(first_name="N" * 10_000)
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 100 characters (it has 10000)." in response.text
    assert not Caregiver.objects.exists()


def test_a_one_megabyte_narrative_is_stored_whole(client_of, alice, family):
    narrative = "Ama described the week. " * 45_000
    assert len(narrative.encode()) > 1_000_000
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": "phone",
            "narrative": narrative,
        },
    )
    assert response.status_code == 302
    assert Contact.objects.get().narrative == narrative.strip()  # only the trailing space goes


def test_a_null_character_is_refused_not_a_database_error(client_of, alice, family):
    response = client_of(alice).post(
        reverse("families:caregiver_add", args=[family.public_id]), caregiver_data(first_name="Ma\x00ria")
    )
    assert response.status_code == 200 and "Null characters are not allowed." in response.text


@pytest.mark.parametrize(
    ("url_name", "extra"),
    [("families:new", []), ("families:caregiver_add", ["family"]), ("families:contact_add", ["family"])],
)
def test_every_post_needs_its_csrf_token(alice, url_name, extra):
    family = FamilyFactory(assigned_caseworker=alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    url = reverse(url_name, args=[family.public_id] if extra else [])
    assert client.post(url, caregiver_data()).status_code == 403
    assert not Caregiver.objects.exists()
