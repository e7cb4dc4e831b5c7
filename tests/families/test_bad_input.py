"""Hostile and malformed input: escaped everywhere, never a 500, CSRF always required."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from families.models import Caregiver, Child, Contact
from meetings.models import ActionItem
from protective_factors.models import ProtectiveFactor, WellBeingGoal
from safety_networks.models import MapEntry, NetworkMember, SafetyAssessment, ScalingScore
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


# --- Dates: a slip of the year is refused at the field, with what is possible ----------------

PAST = "this date is more than 30 years ago"
FUTURE = "can&#x27;t be in the future"
AHEAD = "this date is more than 5 years ahead"


def _meeting_action(family, alice):
    from meetings.services import meeting_schedule

    meeting = meeting_schedule(family=family, by=alice, scheduled_at=timezone.now() + timedelta(days=1))
    return reverse("meetings:action_add", args=[family.public_id, meeting.pk])


DATE_CASES = {
    "a visit on 0001-01-01": (
        lambda family, alice: reverse("families:contact_add", args=[family.public_id]),
        {"occurred_at": "0001-01-01T00:00", "kind": "phone", "narrative": "Called Maria."},
        "occurred_at",
        PAST,
        Contact,
    ),
    "a map entry in 9999": (
        lambda family, alice: reverse("safety_networks:entry_add", args=[family.public_id, "strength"]),
        {"text": "Lucía sees the children daily", "noted_on": "9999-12-31"},
        "noted_on",
        FUTURE,
        MapEntry,
    ),
    "a scaling number in 9999": (
        lambda family, alice: reverse("safety_networks:scaling", args=[family.public_id]),
        {"score": "5", "given_by": "caseworker", "name": "Alice Ames", "scored_on": "9999-12-31"},
        "scored_on",
        FUTURE,
        ScalingScore,
    ),
    "a network member joining in 9999": (
        lambda family, alice: reverse("safety_networks:member_add", args=[family.public_id]),
        {
            "name": "Lucía Reyes",
            "relationship": "aunt",
            "kind": "informal",
            "circle": "inner",
            "joined_on": "9999-12-31",
        },
        "joined_on",
        FUTURE,
        NetworkMember,
    ),
    "a safety assessment in 9999": (
        lambda family, alice: reverse("safety_networks:safety_assessment_add", args=[family.public_id]),
        {"assessed_on": "9999-12-31", "decision": "safe"},
        "assessed_on",
        FUTURE,
        SafetyAssessment,
    ),
    "a well-being goal's target in 0001": (
        lambda family, alice: reverse("protective_factors:goal_add", args=[family.public_id]),
        {
            "factor": lambda: ProtectiveFactor.objects.first().pk,
            "person": "family",
            "goal": "Maria calls Lucía when she feels overwhelmed",
            "target_date": "0001-01-01",
            "status": "open",
        },
        "target_date",
        PAST,
        WellBeingGoal,
    ),
    "an action item due in 9999": (
        _meeting_action,
        {"what": "Call the school", "who": "Alice", "due_on": "9999-12-31", "status": "open"},
        "due_on",
        AHEAD,
        ActionItem,
    ),
}


@pytest.mark.parametrize("case", DATE_CASES.values(), ids=DATE_CASES.keys())
def test_an_implausible_date_is_refused_at_its_field_keeping_what_was_typed(client_of, alice, family, case):
    url_of, data, field, message, model = case
    data = {name: value() if callable(value) else value for name, value in data.items()}
    response = client_of(alice).post(url_of(family, alice), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] and message in response.text, form.errors
    for value in data.values():
        assert escape(str(value)) in response.text  # everything typed is still there
    assert not model.objects.exists()


def test_every_date_field_of_every_form_is_bounded():
    """A form added later, or a date field added to one, is caught here: each date or
    date-time a person types goes through families.plausible."""
    import importlib

    from django import forms
    from django.apps import apps

    from families.plausible import PlausibleDateField, PlausibleDateTimeField

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    project = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR).resolve()
    }
    assert {"families", "meetings", "safety_networks", "case_plans", "supervision"} <= project
    for name in project:
        if (Path(settings.BASE_DIR) / name / "forms.py").exists():
            importlib.import_module(f"{name}.forms")
    ours = [form for form in set(subclasses(forms.BaseForm)) if form.__module__.split(".")[0] in project]
    assert len(ours) > 20
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in ours
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
        and not isinstance(field, PlausibleDateField | PlausibleDateTimeField)
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"first_contact_at": "9999-12-31T23:59", "first_contact_kind": "phone"}, "first_contact_at", FUTURE),
        ({"first_contact_at": "0001-01-01T00:00", "first_contact_kind": "phone"}, "first_contact_at", PAST),
        ({"referral_date": "0001-01-01"}, "referral_date", PAST),
        ({"referral_date": "9999-12-31"}, "referral_date", FUTURE),
    ],
)
def test_a_familys_referral_and_first_contact_dates_are_bounded(
    client_of, alice, family, typed, field, message
):
    data = {
        "display_name": "Okafor-Reyes",
        "referral_date": family.referral_date.isoformat(),
        "response_priority": "ten_day",
        "primary_language": "English",
        "document_language": "en",
        "version": family.version,
        **typed,
    }
    response = client_of(alice).post(reverse("families:edit", args=[family.public_id]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] and message in response.text
    for name, value in typed.items():
        assert name == "first_contact_kind" or f'value="{value}"' in response.text
    family.refresh_from_db()
    assert family.first_contact_at is None and family.version == 1
