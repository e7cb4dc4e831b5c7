"""The scored safety assessment in a real browser: one threat present, one intervention in
place gives "conditionally safe", which asks for the family's safety plan."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safety_networks.models import SafetyAssessment
from safety_networks.services import (
    network_member_save,
    safety_plan_activate,
    safety_plan_rule_save,
    safety_plan_start,
)
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_threat_with_an_intervention_in_place_is_conditionally_safe_and_asks_for_the_plan(
    page, live_server, alice
):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    sofia = ChildFactory(family=family, first_name="Sofía", date_of_birth=date(2019, 5, 2))
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("safety_networks:decisions", args=[family.public_id]))
    page.get_by_role("button", name="Start a safety assessment").click()
    expect(page.get_by_role("heading", name="Safety assessment")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    for code in range(1, 12):
        answer = "yes" if code == 2 else "no"
        page.locator(f'input[name="threat-{sofia.pk}-{code}"][value="{answer}"]').check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    # the threat present now offers the tool's interventions
    page.locator('select[name="intervention-2-network_in_home"]').select_option("in_place")
    page.locator('select[name="intervention-2-caregiver_leaves"]').select_option("considered")
    page.get_by_role("button", name="Submit").click()

    # no safety plan in force yet: the tool's decision asks for one
    expect(page.get_by_text("“Conditionally safe” needs the family’s active safety plan")).to_be_visible()
    expect(page.get_by_role("link", name="Make and activate the safety plan")).to_be_visible()
    assert SafetyAssessment.objects.get(family=family).is_draft

    samuel = network_member_save(family=family, by=alice, name="Samuel", relationship="uncle")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(plan=plan, by=alice, rule="Call Samuel", how_it_holds="phone", responsible=[samuel])
    safety_plan_activate(plan=plan, by=alice)
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_text("The safety assessment is submitted.")).to_be_visible()
    expect(page.locator("[data-decision]")).to_have_text("Conditionally safe")
    expect(page.get_by_role("link", name="See the active safety plan")).to_be_visible()
    expect(
        page.get_by_role("link", name="Draft a danger statement on the map from this threat")
    ).to_be_visible()
    assert serious_accessibility_violations(page) == []
    assert SafetyAssessment.objects.get(family=family).decision == "conditionally_safe"
