"""The email settings page (the account menu): what a person receives, changed on a form that
checks the version like every edit page."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import DigestFrequency, EmailPreference

pytestmark = pytest.mark.django_db

PAGE = reverse("notifications:email_preferences")


def test_the_defaults_are_a_daily_digest_and_every_immediate_email(
    client_of, alice, django_assert_max_num_queries
):
    client = client_of(alice)
    # the session, the user, the preference row (none yet), the unit (the navigation), and the
    # session saved again (a savepoint, the update, its release)
    with django_assert_max_num_queries(7):
        response = client.get(PAGE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["digest"].value() == DigestFrequency.DAILY
    assert form["plan_returned"].value() is True and form["access_requested"].value() is True
    assert "Your account has no email address" in response.text


def test_a_person_chooses_a_weekly_digest_and_no_access_emails(client_of, alice):
    response = client_of(alice).post(PAGE, {"digest": "weekly", "plan_returned": "on"})
    assert response.status_code == 302
    preference = EmailPreference.objects.get(user=alice)
    assert (preference.digest, preference.plan_returned, preference.access_requested) == (
        "weekly",
        True,
        False,
    )
    assert AuditEvent.objects.filter(actor=alice, record_type="notifications.EmailPreference").exists()


def test_a_change_saved_in_another_tab_is_not_overwritten(client_of, alice):
    client = client_of(alice)
    client.post(PAGE, {"digest": "weekly", "plan_returned": "on"})
    version = EmailPreference.objects.get(user=alice).version
    client.post(PAGE, {"digest": "off", "version": version})  # the other tab

    response = client.post(PAGE, {"digest": "daily", "plan_returned": "on", "version": version})

    assert response.status_code == 200
    assert "Someone else saved this record" in response.text
    assert EmailPreference.objects.get(user=alice).digest == "off"
    assert response.context["form"]["digest"].value() == "daily"  # what they chose is kept


def test_an_unknown_choice_is_refused_next_to_the_field(client_of, alice):
    response = client_of(alice).post(PAGE, {"digest": "hourly"})
    assert response.status_code == 200
    assert response.context["form"].errors["digest"]
    assert not EmailPreference.objects.exists()


def test_the_page_needs_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]
