"""The scored risk assessment in a real browser: the caseworker answers the demonstration
tool, it scores high, she asks to override it to very high, and the supervisor approves."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safety_networks.models import RiskAssessment
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIGH = {"N1": "some", "N6": "partly", "A2": "yes", "A4": "more"}  # neglect 2, abuse 4: high


def test_a_risk_assessment_scores_high_and_the_supervisor_approves_an_override(page, live_server, alice, bob):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    ChildFactory(family=family, first_name="Sofía")
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("safety_networks:decisions", args=[family.public_id]))
    page.get_by_role("link", name="Score a risk assessment").click()
    page.get_by_role("button", name="Start answering").click()

    # every question starts unanswered: the lowest answer everywhere, then the high ones
    for radio in page.locator("input[type=radio][value=no], input[type=radio][value=none]").all():
        radio.check()
    for code, value in (("N5", "few"), ("N6", "agree"), *HIGH.items()):
        page.locator(f"input[name=q_{code}][value={value}]").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Submit and score").click()
    expect(page.locator("#risk-level")).to_have_text("High")
    expect(page.get_by_text("The assessment is scored: High.")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Ask for a discretionary override").click()
    page.get_by_label("Override to").select_option(label="Very high")
    page.get_by_label("Override reason").fill("A police call-out last night the tool does not count.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#override-status")).to_contain_text("Waiting for Bob Baptiste")
    expect(page.locator("#risk-level")).to_have_text("High")  # not in force until approved

    page.context.clear_cookies()
    sign_in(page, live_server, "bob", TEST_PASSWORD)
    page.goto(live_server.url + reverse("supervision:approvals"))
    expect(page.get_by_text("Okafor-Reyes").first).to_be_visible()
    assessment = RiskAssessment.objects.get()
    page.goto(
        live_server.url + reverse("safety_networks:risk_assessment", args=[family.public_id, assessment.pk])
    )
    page.get_by_role("button", name="Approve the override").click()
    expect(page.get_by_text("Override approved.")).to_be_visible()
    assessment.refresh_from_db()
    assert (assessment.override_status, assessment.level) == ("approved", "very_high")
