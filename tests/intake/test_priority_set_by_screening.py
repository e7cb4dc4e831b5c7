"""The response priority set by a screening decision is not changed from the family's "Edit
details": it is shown there read-only, with a link to the decision, and the supervisor
changes it only by a new screening decision."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from families.services import family_update
from intake import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def screened(referral, bob):
    services.referral_screen(
        referral=referral,
        by=bob,
        screening="screened_in",
        screened_on=timezone.localdate() - timedelta(days=2),
        response_time="immediate",
    )
    family = referral.family
    family.refresh_from_db()
    return family


def edit_data(family, **changes):
    return {
        "display_name": family.display_name,
        "referral_date": family.referral_date.isoformat(),
        "response_priority": family.response_priority,
        "primary_language": family.primary_language,
        "document_language": family.document_language,
        "address": family.address,
        "version": family.version,
    } | changes


def test_edit_details_shows_the_priority_read_only_with_a_link_to_the_screening(
    client_of, alice, screened, referral
):
    response = client_of(alice).get(reverse("families:edit", args=[screened.public_id]))

    assert response.status_code == 200
    field = response.context["form"]["response_priority"]
    assert field.field.disabled
    assert 'name="response_priority"' in response.text and "disabled" in str(field)
    assert reverse("intake:referral", args=[screened.public_id, referral.pk]) in response.text
    assert "See the screening decision" in response.text


def test_a_posted_priority_is_ignored_and_the_rest_is_saved(client_of, bob, screened):
    url = reverse("families:edit", args=[screened.public_id])

    response = client_of(bob).post(url, edit_data(screened, response_priority="ten_day", address="9 Elm St"))

    assert response.status_code == 302
    screened.refresh_from_db()
    assert screened.response_priority == "immediate"  # as the screening set it
    assert screened.address == "9 Elm St"


def test_the_service_refuses_to_change_a_priority_set_by_screening(bob, screened):
    with pytest.raises(ValidationError) as refused:
        family_update(family=screened, by=bob, response_priority="ten_day")

    assert "screening decision" in str(refused.value.message_dict["response_priority"])
    screened.refresh_from_db()
    assert screened.response_priority == "immediate"


def test_a_new_screening_decision_changes_it(bob, screened, referral):
    referral.refresh_from_db()
    services.referral_screen(
        referral=referral,
        by=bob,
        screening="screened_in",
        screened_on=timezone.localdate() - timedelta(days=1),
        response_time="ten_day",
        expected_version=referral.version,
    )

    screened.refresh_from_db()
    assert screened.response_priority == "ten_day"


def test_without_a_screening_the_priority_is_edited_as_before(client_of, alice, referred):
    family = referred["family"]  # its referral (if any) is not screened yet
    url = reverse("families:edit", args=[family.public_id])
    assert not client_of(alice).get(url).context["form"]["response_priority"].field.disabled

    response = client_of(alice).post(url, edit_data(family, response_priority="immediate"))

    assert response.status_code == 302
    family.refresh_from_db()
    assert family.response_priority == "immediate"
