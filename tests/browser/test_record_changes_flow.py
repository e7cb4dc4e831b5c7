"""A record's changes in a real browser: a caseworker moves a network member to the inner
circle, then follows the member's Changes link and reads who changed what, old → new."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safety_networks.services import network_member_save
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_reads_what_changed_in_a_network_member(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    network_member_save(
        family=family, by=alice, name="Samuel Okafor", relationship="brother", circle="middle"
    )
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("safety_networks:network", args=[family.public_id]))

    # the member is moved to the inner circle
    page.get_by_role("link", name="edit Samuel Okafor").click()
    page.get_by_label("Circle").select_option(label="Inner circle")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".member-inner")).to_have_count(1)

    # the member's Changes page says who changed what
    page.get_by_role("link", name="Changes to Samuel Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes to Network member Samuel Okafor")
    row = page.get_by_role("row", name="Circle")
    expect(row.locator("del")).to_have_text("Middle circle")
    expect(row.locator("ins")).to_have_text("Inner circle")
    expect(page.get_by_text("Alice").first).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # and back to everything that changed in the family
    page.get_by_role("link", name="All changes to the family's record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes to the record")
