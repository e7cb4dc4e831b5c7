"""A supervisor opens Unit review, follows "children not seen this month" to the families,
returns one submitted plan with a comment and approves another; the caseworker sees both."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from case_plans.models import CasePlan, PlanStatus
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, ChildFactory, ContactFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submitted_plan(family, by, days_ago: int) -> CasePlan:
    return CasePlan.objects.create(
        family=family,
        number=1,
        status=PlanStatus.SUBMITTED,
        recorded_by=by,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        review_on=date.today() + timedelta(days=150),
    )


def test_review_follow_a_number_return_and_approve(browser, live_server, alice, bob, charlie):
    unseen = FamilyFactory(assigned_caseworker=alice, display_name="Haddad")
    ChildFactory.create_batch(2, family=unseen)
    seen = FamilyFactory(assigned_caseworker=alice, display_name="Lindqvist")
    ContactFactory(family=seen, children_seen=[ChildFactory(family=seen)])
    ChildFactory(family=FamilyFactory(assigned_caseworker=charlie, display_name="Other Unit"))
    submitted_plan(unseen, alice, days_ago=3)
    submitted_plan(seen, alice, days_ago=1)

    page = browser.new_context().new_page()
    sign_in(page, live_server, "bob", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Unit review: North Valley Unit")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    alices_row = page.get_by_role("row", name="Alice Ames")
    expect(alices_row).to_contain_text("2")
    page.get_by_role(
        "link", name="2 children: families with children not seen in person this month"
    ).first.click()

    expect(
        page.get_by_role("heading", name="Families with children not seen in person this month")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Haddad")).to_be_visible()
    expect(page.get_by_role("link", name="Lindqvist")).to_have_count(0)
    expect(page.get_by_text("Other Unit")).to_have_count(0)
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Unit review: North Valley Unit").click()
    page.get_by_role("link", name="Approvals waiting: 2").click()
    expect(page.get_by_role("heading", name="Approvals waiting for you")).to_be_visible()
    first, second = page.locator("article").all()
    expect(first).to_contain_text("Haddad")  # the oldest first
    first.get_by_role("button", name="Return with the comment").click()
    expect(page.get_by_text("Say what needs to change.")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    haddad = page.locator("article", has_text="Haddad")
    haddad.get_by_label("Comment").fill("Add how the network will show the rule held.")
    haddad.get_by_role("button", name="Return with the comment").click()
    expect(page.get_by_text("Haddad: returned with your comment.")).to_be_visible()
    page.locator("article", has_text="Lindqvist").get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Lindqvist: approved.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()

    caseworker = browser.new_context().new_page()
    sign_in(caseworker, live_server, "alice", TEST_PASSWORD)
    expect(caseworker.get_by_role("row", name="Haddad")).to_contain_text("Case plan returned")
    expect(caseworker.get_by_role("row", name="Lindqvist")).to_contain_text("Case plan approved")
