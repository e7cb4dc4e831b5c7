"""Issue 20's browser test: the caseworker has the app open; a supervisor returns her plan;
her bell's count rises, she opens the notification and lands on the plan, and the count
falls back."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from case_plans.models import CasePlan, PlanStatus
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_returned_plan_rings_the_caseworkers_bell_and_opens_the_plan(browser, live_server, alice, bob):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Haddad")
    plan = CasePlan.objects.create(
        family=family,
        number=1,
        status=PlanStatus.SUBMITTED,
        recorded_by=alice,
        submitted_at=timezone.now() - timedelta(days=1),
        review_on=date.today() + timedelta(days=150),
    )

    # given alice at work, with nothing new
    caseworker = browser.new_context().new_page()
    sign_in(caseworker, live_server, "alice", TEST_PASSWORD)
    bell = caseworker.locator("header a.app-bell")
    expect(bell).to_have_accessible_name("Notifications, none unread")

    # when bob returns her plan
    supervisor = browser.new_context().new_page()
    sign_in(supervisor, live_server, "bob", TEST_PASSWORD)
    supervisor.goto(f"{live_server.url}/unit/approvals/")
    article = supervisor.locator("article", has_text="Haddad")
    article.get_by_label("Comment").fill("Add how the network will show the rule held.")
    article.get_by_role("button", name="Return with the comment").click()
    expect(supervisor.get_by_text("Haddad: returned with your comment.")).to_be_visible()

    # then her bell counts one on the next page she opens, and says so to a screen reader
    caseworker.reload()
    expect(bell).to_have_accessible_name("1 unread notification")
    expect(bell.locator(".app-bell-count")).to_have_text("1")
    assert serious_accessibility_violations(caseworker) == []

    # she reaches the bell from the keyboard and opens the notifications
    bell.focus()
    caseworker.keyboard.press("Enter")
    expect(caseworker.get_by_role("heading", name="Notifications")).to_be_visible()
    assert serious_accessibility_violations(caseworker) == []
    caseworker.get_by_role("link", name="Bob Baptiste returned the case plan of Haddad").click()

    # and lands on the plan; the notification is read, the bell is back to none
    expect(caseworker).to_have_url(f"{live_server.url}/families/{family.public_id}/case-plans/{plan.pk}/")
    expect(caseworker.get_by_text("Add how the network will show the rule held.")).to_be_visible()
    expect(bell).to_have_accessible_name("Notifications, none unread")
