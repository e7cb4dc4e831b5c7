"""Issue 19's front door, in a real browser: a referral with two allegations is entered,
the supervisor screens it in, the investigation closes with a finding per allegation beside
the risk level in force, and the family opens as a case.

Each step is its own function, so the person-matching step of the issue (the person index
in `families`) slots in between entering the referral and the findings as one more call."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from families.models import Family, FamilyStatus
from intake.models import Referral
from safety_networks.models import RiskAssessment
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTER = "Ms. Jenkins"


@pytest.fixture
def household(alice):
    family = FamilyFactory(
        display_name="Okafor-Reyes",
        assigned_caseworker=alice,
        status=FamilyStatus.REFERRAL,
        referral_date=timezone.localdate() - timedelta(days=2),
    )
    CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor")
    ChildFactory(family=family, first_name="Sofía", last_name="Okafor-Reyes")
    ChildFactory(family=family, first_name="Tomás", last_name="Okafor-Reyes")
    return family


def as_user(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username, TEST_PASSWORD)


def enter_referral(page, live_server, family):
    page.goto(f"{live_server.url}/families/{family.public_id}/")
    page.get_by_role("link", name="New referral").click()
    received = timezone.localtime() - timedelta(days=2)
    page.get_by_label("Received").fill(received.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("How it came").select_option("phone")
    page.get_by_label("What was reported").first.fill("Sofía came to school with a bruise on her upper arm.")
    page.locator("select[name=reporter_type]").select_option("school")
    page.get_by_label("Mandated reporter").check()
    page.get_by_label("Reporter's name").fill(REPORTER)
    rows = [("Sofía Okafor-Reyes", "physical_abuse"), ("Tomás Okafor-Reyes", "at_risk_sibling")]
    for index, (child, kind) in enumerate(rows):
        page.locator(f"select[name=allegations-{index}-child]").select_option(label=child)
        page.locator(f"select[name=allegations-{index}-kind]").select_option(kind)
        page.locator(f"select[name=allegations-{index}-alleged_caregiver]").select_option(
            label="Daniel Okafor"
        )
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The referral is recorded.")).to_be_visible()
    expect(page.get_by_text(REPORTER)).to_be_visible()  # alice carries the family: she may see it
    return Referral.objects.get(family=family)


def screen_in(page, live_server):
    page.get_by_role("link", name="Screening").click()
    expect(page.get_by_role("heading", name="Referrals waiting for screening")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Screen", exact=True).click()
    page.get_by_role("radio", name="Screened in").check()
    page.get_by_label("Response time (screened in)").select_option("ten_day")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The screening decision is recorded.")).to_be_visible()


def record_findings_and_open(page, live_server, family, referral):
    page.goto(f"{live_server.url}/families/{family.public_id}/referrals/{referral.pk}/")
    page.get_by_role("link", name="Record the findings").click()
    expect(page.get_by_text("Very high")).to_be_visible()  # the risk level in force, beside the decision
    page.get_by_label("Physical abuse: Sofía Okafor-Reyes, by Daniel Okafor").select_option("substantiated")
    page.get_by_label("At risk, sibling abused: Tomás Okafor-Reyes, by Daniel Okafor").select_option(
        "inconclusive"
    )
    page.get_by_role("radio", name="Opens for ongoing services").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The findings are recorded.")).to_be_visible()
    expect(page.get_by_text("Substantiated, Inconclusive")).to_be_visible()


def test_a_referral_is_entered_screened_in_found_and_the_family_opens_as_a_case(
    page, live_server, alice, bob, household
):
    as_user(page, live_server, "alice")
    referral = enter_referral(page, live_server, household)

    as_user(page, live_server, "bob")
    screen_in(page, live_server)

    # the investigation: first contact the next day (visits have their own browser test), and
    # the SDM risk assessment
    Family.objects.filter(pk=household.pk).update(
        first_contact_at=timezone.now() - timedelta(days=1), first_contact_kind="home_visit"
    )
    RiskAssessment.objects.create(family=household, recorded_by=alice, scored_level="very_high")

    as_user(page, live_server, "alice")
    record_findings_and_open(page, live_server, household, referral)

    household.refresh_from_db()
    assert household.status == FamilyStatus.OPEN
    assert sorted(referral.allegations.values_list("finding", flat=True)) == ["inconclusive", "substantiated"]
