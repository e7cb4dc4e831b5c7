"""A new family (referral), opening it as a case, closing and reopening it."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from families.models import Assignment, Family, FamilyStatus, FamilyStatusChange
from tests.factories import CaseworkerFactory, FamilyFactory

pytestmark = pytest.mark.django_db

NEW = reverse("families:new")


def intake(**overrides):
    data = {
        "display_name": "Muñoz-Begay",
        "referral_date": date.today().isoformat(),
        "response_priority": "immediate",
        "address": "12 Calle Esperanza",
        "primary_language": "Spanish",
        "document_language": "es",
        "interpreter_needed": "on",
    }
    return {**data, **overrides}


def test_a_caseworker_records_a_new_family_which_is_theirs(client_of, alice):
    response = client_of(alice).post(NEW, intake())

    family = Family.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("families:overview", args=[family.public_id])
    assert family.status == FamilyStatus.REFERRAL
    assert family.assigned_caseworker == alice
    assert re.fullmatch(rf"{date.today().year}-\d{{5}}", family.case_number)
    assert Assignment.objects.get(family=family).caseworker == alice
    assert FamilyStatusChange.objects.get(family=family).to_status == FamilyStatus.REFERRAL
    assert "muñoz" not in family.search_text and "munoz-begay" in family.search_text


def test_case_numbers_are_sequential_and_never_reused(client_of, alice):
    client = client_of(alice)
    client.post(NEW, intake(display_name="First"))
    client.post(NEW, intake(display_name="Second"))
    first, second = Family.objects.order_by("id").values_list("case_number", flat=True)
    assert int(second[-5:]) == int(first[-5:]) + 1


def test_a_supervisor_chooses_which_caseworker_of_the_unit_takes_the_family(client_of, bob, alice, charlie):
    client = client_of(bob)
    page = client.get(NEW)
    assert [w.username for w in page.context["form"].fields["assigned_caseworker"].queryset] == ["alice"]

    client.post(NEW, intake(assigned_caseworker=alice.pk))
    assert Family.objects.get().assigned_caseworker == alice

    refused = client.post(NEW, intake(display_name="Other", assigned_caseworker=charlie.pk))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.text


def test_a_refused_intake_keeps_what_was_typed(client_of, alice):
    response = client_of(alice).post(NEW, intake(display_name="", address="12 Calle Esperanza, apt 3"))
    assert response.status_code == 200
    assert "This field is required" in response.text
    assert "12 Calle Esperanza, apt 3" in response.text
    assert not Family.objects.exists()


def test_a_first_contact_before_the_referral_is_refused_at_the_field(client_of, alice):
    response = client_of(alice).post(
        NEW,
        intake(
            referral_date=date.today().isoformat(),
            first_contact_at=(date.today() - timedelta(days=3)).isoformat() + "T10:00",
            first_contact_kind="home_visit",
        ),
    )
    assert "The first contact can&#x27;t be before the referral date" in response.text


def status_url(family, action):
    return reverse("families:change_status", args=[family.public_id, action])


def test_a_referral_opens_then_closes_then_reopens_keeping_every_step(client_of, alice, bob):
    family = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.REFERRAL)
    client = client_of(alice)
    today = date.today().isoformat()

    client.post(status_url(family, "open"), {"effective_on": today, "version": family.version})
    family.refresh_from_db()
    # The caseworker asks to close; the family closes when the supervisor approves.
    client.post(
        status_url(family, "close"),
        {
            "effective_on": today,
            "closure_reason": "safety_goals_met",
            "reason": "Network holds the plan.",
            "version": family.version,
        },
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.OPEN
    request = family.closure_requests.get()
    client_of(bob).post(
        reverse("supervision:decide", args=[family.public_id, "closure", request.pk]), {"decision": "approve"}
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.CLOSED and family.closed_on == date.today()

    client.post(
        status_url(family, "reopen"),
        {"effective_on": today, "reason": "New referral from school.", "version": family.version},
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.OPEN and family.closed_on is None

    steps = list(family.status_changes.order_by("id").values_list("from_status", "to_status", "reason"))
    assert steps == [
        ("referral", "open", ""),
        ("open", "closed", "Safety goals met: enough safety to close Network holds the plan."),
        ("closed", "open", "New referral from school."),
    ]
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "Safety goals met" in overview and "New referral from school." in overview


def test_closing_needs_a_reason_and_keeps_the_notes_typed(client_of, alice, family):
    response = client_of(alice).post(
        status_url(family, "close"), {"effective_on": date.today().isoformat(), "reason": "my notes here"}
    )
    assert response.status_code == 200
    assert "This field is required" in response.text
    assert "my notes here" in response.text
    family.refresh_from_db()
    assert family.status == FamilyStatus.OPEN


def test_a_step_dated_in_the_future_is_refused_at_the_field(client_of, alice, family):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client_of(alice).post(
        status_url(family, "close"),
        {"effective_on": tomorrow, "closure_reason": "moved", "version": family.version},
    )
    assert "The date can&#x27;t be in the future." in response.text


def test_an_open_family_cannot_be_opened_again(client_of, alice, family):
    response = client_of(alice).post(
        status_url(family, "open"), {"effective_on": date.today().isoformat(), "version": family.version}
    )
    assert "A family that is open cannot become open" in response.text


def test_a_closed_family_is_read_only_until_reopened(client_of, alice):
    family = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    client = client_of(alice)
    response = client.post(reverse("families:edit", args=[family.public_id]), {"display_name": "Changed"})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.display_name != "Changed"
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "Reopen" in overview and "Record a visit" not in overview


def test_the_family_details_page_saves_changes(client_of, alice, family):
    response = client_of(alice).post(
        reverse("families:edit", args=[family.public_id]),
        {
            "display_name": "Okafor-Reyes",
            "referral_date": family.referral_date.isoformat(),
            "response_priority": "ten_day",
            "primary_language": "English",
            "document_language": "en",
            "icwa_applies": "on",
            "version": family.version,
        },
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.icwa_applies


def test_an_unknown_status_step_is_refused(client_of, alice, family):
    assert client_of(alice).get(status_url(family, "delete")).status_code == 403


def test_intake_is_for_caseworkers_and_supervisors(client_of, administrator):
    assert client_of(administrator).get(NEW).status_code == 403


def test_the_new_family_page_opens_for_a_caseworker(client_of, alice):
    CaseworkerFactory()  # another worker exists; a caseworker is not asked to choose
    page = client_of(alice).get(NEW)
    assert page.status_code == 200 and "assigned_caseworker" not in page.context["form"].fields


def test_a_family_starts_at_new_referral_and_the_page_without_one_says_it_is_for_transfers(client_of, alice):
    client = client_of(alice)
    caseload = client.get(reverse("families:my_caseload")).text
    referral_url, transfer_url = reverse("intake:referral_new_family"), reverse("families:new")
    assert caseload.index(referral_url) < caseload.index(transfer_url)  # the front door comes first
    assert "Case transferred in (no referral here)" in caseload and "New family" not in caseload

    page = client.get(NEW).text

    assert "A case transferred in (no referral here)" in page
    assert f'href="{referral_url}"' in page  # the way in for a report about a family
