"""The SOP flow in a real browser: harm, danger and goal, network, scaling, the safety plan."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safety_networks.models import (
    DangerStatement,
    NetworkMember,
    PlanStatus,
    SafetyGoal,
    SafetyPlan,
    ScalingScore,
)
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.browser.test_content_security_policy import COLLECT
from tests.factories import TEST_PASSWORD, CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_maps_the_worries_builds_the_network_and_activates_a_plan(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    ChildFactory(family=family, first_name="Sofía", date_of_birth=date(2019, 5, 2))
    ChildFactory(family=family, first_name="Tomás", date_of_birth=date(2024, 1, 9))
    CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor")
    CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("safety_networks:map", args=[family.public_id]))

    # a harm statement, in parts
    page.get_by_role("link", name="add").first.click()
    page.get_by_label("What happened").fill("Sofía came to school with a bruise on her upper arm")
    page.get_by_label("Which child was harmed").select_option(label="Sofía")
    page.get_by_label("Which caregiver’s action").select_option(label="Daniel")
    page.get_by_label("What the caregiver did").fill("grabbed her hard when he was angry that she woke Tomás")
    page.get_by_label("The effect on the child").fill("she was scared to go home")
    expect(page.locator("#statement-preview")).to_contain_text("It happened when Daniel grabbed her hard")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The harm statement is saved.")).to_be_visible()

    # a danger statement and its safety goal, with the live preview and the factor suggestion
    page.get_by_role("link", name="add").nth(2).click()
    page.get_by_label("Who is worried").fill("The school, Maria and the agency")
    page.get_by_label("Caregiver behaviour").fill("when Daniel is angry and stressed he may grab or hit")
    page.get_by_label("Sofía").check()
    page.get_by_label("Tomás").check()
    page.get_by_label("What could happen if nothing changes").fill("they could be badly hurt")
    page.get_by_label("What the caregivers will be doing").fill(
        "when Daniel is angry he walks away and calls his brother"
    )
    page.get_by_label("What the children will experience").fill(
        "Sofía and Tomás are safe and feel safe at home"
    )
    page.get_by_label("What the agency needs to see").fill(
        "an adult the children trust checks on them every day"
    )
    page.get_by_label("For how long").fill("over the next six months")
    preview = page.locator("#statement-preview")
    expect(preview).to_contain_text(
        "The school, Maria and the agency are worried that when Daniel is angry and stressed he may grab "
        "or hit Sofía or Tomás. If nothing changes, they could be badly hurt."
    )
    expect(preview).to_contain_text("Social connections")
    page.get_by_label("Parental resilience").check()
    page.get_by_label("Social connections").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The danger statement and its safety goal are saved.")).to_be_visible()
    assert SafetyGoal.objects.get().danger_statement == DangerStatement.objects.get()

    # two network members
    page.get_by_role("link", name="Safety network").click()
    for name, relationship, circle in (
        ("Samuel Okafor", "Daniel's brother", "Inner circle"),
        ("Lucía Reyes", "aunt", "Inner circle"),
    ):
        page.get_by_role("link", name="Add someone").click()
        page.get_by_label("Name").fill(name)
        page.get_by_label("Relationship").fill(relationship)
        page.get_by_label("Circle").select_option(label=circle)
        page.get_by_label("Knows the harm, worries and goals").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The safety network is updated.")).to_be_visible()
    expect(page.locator("svg.network-circles g.member")).to_have_count(2)

    # scaling: a number at a time, each picked by person, the occasion kept for the next
    page.get_by_role("link", name="Scaling").click()
    for who, number in (("Maria Reyes (caregiver)", "6"), ("Alice Ames (caseworker)", "3")):
        page.get_by_label("Who gave it").select_option(label=who)
        page.get_by_label("Number (0 to 10)").fill(number)
        if number == "6":
            page.get_by_label("Occasion").fill("Home visit")
        page.get_by_role("button", name="Record").click()
        expect(page.get_by_text("The scaling number is recorded.")).to_be_visible()
        expect(page.get_by_label("Occasion")).to_have_value("Home visit")
    # then a round: everyone at the visit on one page, a blank number for whoever gave none
    page.get_by_role("link", name="Record a round").click()
    expect(page.get_by_label("Occasion")).to_have_value("Home visit")
    page.get_by_role("group", name="Daniel Okafor").get_by_label("Number (0 to 10)").fill("7")
    page.get_by_role("group", name="Samuel Okafor").get_by_label("Number (0 to 10)").fill("12")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Record the round").click()
    samuel = page.get_by_role("group", name="Samuel Okafor")
    expect(samuel).to_contain_text("less than or equal to 10")
    expect(page.get_by_role("group", name="Daniel Okafor").get_by_label("Number (0 to 10)")).to_have_value(
        "7"
    )
    samuel.get_by_label("Number (0 to 10)").fill("5")
    page.get_by_role("button", name="Record the round").click()
    expect(page.get_by_text("2 scaling numbers are recorded.")).to_be_visible()
    expect(page.locator("svg.chart g.series")).to_have_count(4)  # Maria, Alice, Daniel, Samuel

    # the safety plan: two rules, then active
    page.get_by_role("link", name="Safety plan", exact=True).click()
    page.get_by_role("button", name="Start the safety plan").click()
    for rule, who in (
        ("When Daniel feels angry he leaves the room and calls Samuel.", "Samuel Okafor (Daniel's brother)"),
        ("Lucía checks in with Sofía every evening.", "Lucía Reyes (aunt)"),
    ):
        page.get_by_role("link", name="Add a rule").click()
        page.get_by_label("Rule").fill(rule)
        page.get_by_label("How they make sure it holds").fill("By phone, every day.")
        page.get_by_label(who).check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The rule is saved.")).to_be_visible()
    page.get_by_role("button", name="Make this the active plan").click()
    expect(page.get_by_text("Version 1 is now the family’s safety plan.")).to_be_visible()

    assert SafetyPlan.objects.get().status == PlanStatus.ACTIVE
    assert NetworkMember.objects.count() == 2 and ScalingScore.objects.count() == 4
    assert page.evaluate("window.__cspViolations") == []


def test_a_map_entry_is_added_and_edited_in_place(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    map_url = live_server.url + reverse("safety_networks:map", args=[family.public_id])
    page.goto(map_url)

    page.locator("a[hx-target='#new-strength']").click()
    page.get_by_label("Strength").fill("Maria gets the children to school every day.")
    page.get_by_role("button", name="Save").click()
    entry = page.locator(".map-entry", has_text="Maria gets the children to school every day.")
    expect(entry).to_be_visible()
    assert page.url == map_url  # no page change: the entry took the form's place

    entry.get_by_role("link", name="edit").click()
    page.get_by_label("Strength").fill("Maria gets the children to school every day, on time.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Maria gets the children to school every day, on time.")).to_be_visible()
    assert page.url == map_url
    assert page.evaluate("window.__cspViolations") == []
