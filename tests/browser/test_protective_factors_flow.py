"""A caseworker completes an assessment with the keyboard only, sees the scores, and adds a
well-being goal for the weakest factor."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from protective_factors.models import Assessment, AssessmentStatus, WellBeingGoal
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.browser.test_content_security_policy import COLLECT
from tests.factories import TEST_PASSWORD, CaregiverFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Arrow presses from the first answer ("1 · Not at all like me") per factor; reverse-scored
# items get the mirror answer so each factor scores evenly.
LEVEL = {
    "Parental resilience": 3,
    "Social connections": 3,
    "Knowledge of parenting and child development": 3,
    "Concrete support in times of need": 0,
}


def test_an_assessment_by_keyboard_then_a_goal_for_the_weakest_factor(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("protective_factors:family", args=[family.public_id]))

    page.get_by_role("link", name="New assessment").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Who is this assessment about?").focus()
    page.keyboard.press("ArrowDown")  # Maria Reyes (caregiver)
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Pre assessment: Maria")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    for factor, presses in LEVEL.items():
        group = page.get_by_role("group", name=factor)
        for question in group.get_by_role("group").all():
            legend = question.locator("legend").inner_text()
            reverse_scored = any(
                word in legend for word in ("makes it hard", "feel alone", "often unsure", "takes up most")
            )
            question.get_by_role("radio").first.focus()
            page.keyboard.press("Space")
            for _ in range(4 - presses if reverse_scored else presses):
                page.keyboard.press("ArrowRight")
    expect(page.locator("#autosave")).to_contain_text("Draft saved at")
    page.get_by_role("button", name="Submit and score").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("The assessment is submitted and scored.")).to_be_visible()
    scores = page.get_by_role("table")
    expect(scores).to_contain_text("Concrete support in times of need")
    expect(scores).to_contain_text("1.00")
    expect(scores).to_contain_text("Area to build")
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED

    page.get_by_role("link", name="← Protective factors").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Areas to build without a well-being goal")).to_be_visible()
    page.get_by_role("link", name="add a goal").focus()
    page.keyboard.press("Enter")
    page.get_by_label("For whom").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Maria Reyes (caregiver), after "The whole family"
    page.get_by_label("Goal*", exact=True).focus()
    page.keyboard.type("Maria applies for rental assistance by 30 April")
    page.get_by_label("Everyday actions", exact=True).focus()
    page.keyboard.type("Call the housing advocate")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("The well-being goal is saved.")).to_be_visible()
    goal = WellBeingGoal.objects.get()
    assert goal.factor.code == "concrete_support" and goal.caregiver.first_name == "Maria"
    expect(page.get_by_text("Areas to build without a well-being goal")).to_have_count(0)
    assert page.evaluate("window.__cspViolations") == []
