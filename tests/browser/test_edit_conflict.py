"""Two people edit the same caregiver at once: the second save is refused, nothing is lost."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from families.models import Caregiver
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, CaregiverFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_save_is_refused_keeping_its_text_and_the_first_save_stands(
    browser, live_server, alice, bob
):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    maria = CaregiverFactory(family=family, first_name="Maria", last_name="Reyes", phone="(555) 010-4471")
    edit = live_server.url + reverse("families:caregiver_edit", args=[family.public_id, maria.pk])

    alice_page = browser.new_context().new_page()
    bob_page = browser.new_context().new_page()
    sign_in(alice_page, live_server, "alice", TEST_PASSWORD)
    sign_in(bob_page, live_server, "bob", TEST_PASSWORD)
    alice_page.goto(edit)
    bob_page.goto(edit)

    # Bob saves first
    bob_page.get_by_label("Phone").fill("(555) 222-3333")
    bob_page.get_by_role("button", name="Save").click()
    expect(bob_page.get_by_text("Maria Reyes is saved.")).to_be_visible()

    # Alice, still on the form she loaded before, saves her own change
    alice_page.get_by_label("Phone").fill("(555) 444-5555")
    alice_page.get_by_label("Email").fill("maria.reyes@example.org")
    alice_page.get_by_role("button", name="Save").click()

    expect(alice_page.get_by_text("Someone else saved this record while you were editing it")).to_be_visible()
    expect(alice_page.locator(".conflict-theirs", has_text="(555) 222-3333")).to_be_visible()
    expect(alice_page.get_by_label("Phone")).to_have_value("(555) 444-5555")
    expect(alice_page.get_by_label("Email")).to_have_value("maria.reyes@example.org")
    maria.refresh_from_db()
    assert maria.phone == "(555) 222-3333"

    # Having compared, Alice saves again, deliberately
    alice_page.get_by_role("button", name="Save").click()
    expect(alice_page.get_by_text("Maria Reyes is saved.")).to_be_visible()
    assert Caregiver.objects.get(pk=maria.pk).phone == "(555) 444-5555"
