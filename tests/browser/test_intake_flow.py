"""Issue 19's front door, in a real browser: a referral with two allegations is entered,
the supervisor screens it in, the mother entered in the household is found to be a person the
agency already knows (from a family of another unit, closed, with a prior referral and its
findings) and is linked, the first contact is recorded by a home visit, the SDM risk
assessment is recorded, the investigation closes with a finding per allegation beside the
risk level in force, and the family opens as a case. Each step is its own function, through
the pages only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from families.models import Caregiver, FamilyStatus
from intake.models import Allegation, Referral
from safety_networks.models import RiskAssessment
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTER = "Ms. Jenkins"
MARIA_BORN = date(1997, 3, 2)


@pytest.fixture
def household(alice):
    family = FamilyFactory(
        display_name="Okafor-Reyes",
        assigned_caseworker=alice,
        status=FamilyStatus.REFERRAL,
        referral_date=timezone.localdate() - timedelta(days=2),
    )
    CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor")  # Maria is entered in the flow
    ChildFactory(family=family, first_name="Sofía", last_name="Okafor-Reyes")
    ChildFactory(family=family, first_name="Tomás", last_name="Okafor-Reyes")
    return family


@pytest.fixture
def known_before(charlie):
    """Six years ago, in a family of another unit (closed since), Maria — then "María Reyes"
    — was a caregiver, and a referral about her son was substantiated."""
    then = timezone.now() - timedelta(days=6 * 365)
    family = FamilyFactory(
        display_name="Reyes-Soto",
        assigned_caseworker=charlie,
        status=FamilyStatus.CLOSED,
        referral_date=timezone.localdate(then),
        address="12 Old Road",
    )
    maria = CaregiverFactory(family=family, first_name="María", last_name="Reyes", date_of_birth=MARIA_BORN)
    son = ChildFactory(family=family, first_name="Mateo", last_name="Reyes")
    referral = Referral.objects.create(
        family=family, received_at=then, channel="phone", reporter_type="anonymous",
        what_was_reported="PRIOR-NARRATIVE-NOT-FOR-ALICE", recorded_by=charlie,
        screening="screened_in", response_time="ten_day", screened_on=timezone.localdate(then),
        screened_by=charlie, findings_on=timezone.localdate(then) + timedelta(days=20), findings_by=charlie,
    )  # fmt: skip
    Allegation.objects.create(
        referral=referral, family=family, child=son, alleged_caregiver=maria, kind="general_neglect",
        finding="substantiated", found_on=referral.findings_on, found_by=charlie,
    )  # fmt: skip
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


def enter_maria_and_link_her_known_history(page, live_server, family, known_before):
    """The match step: before Maria is saved, the agency's records offer a likely match in a
    family Alice may not open (no name, no address, no content: its case number, dates,
    status and unit); Alice links her, and the overview shows her prior involvements."""
    page.goto(f"{live_server.url}/families/{family.public_id}/")
    page.get_by_role("link", name="Add a caregiver").click()
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Date of birth").fill(MARIA_BORN.isoformat())
    page.get_by_label("Relationship to Sofía").select_option("mother")
    page.get_by_label("Relationship to Tomás").select_option("mother")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("The agency may already know this person.")).to_be_visible()
    match = page.get_by_role("radio", name=known_before.case_number)
    expect(match).to_have_count(1)
    expect(page.get_by_text("in a family you may not open")).to_be_visible()
    for hidden in ("Reyes-Soto", "12 Old Road", "Mateo", "PRIOR-NARRATIVE-NOT-FOR-ALICE"):
        expect(page.get_by_text(hidden)).to_have_count(0)
    assert page.locator("input[name=date_of_birth]").input_value() == MARIA_BORN.isoformat()  # kept
    assert serious_accessibility_violations(page) == []
    match.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Maria Reyes is saved.")).to_be_visible()

    # her prior involvements, on the overview that feeds the risk assessment
    prior = page.get_by_text("Prior involvements").locator("..")
    expect(prior).to_contain_text(known_before.case_number)
    expect(prior.get_by_text("Referral ·", exact=False)).to_have_count(1)
    # a caregiver there, and a referral there: each offers to ask that family's supervisor
    expect(prior.get_by_role("link", name=f"request access {known_before.case_number}")).to_have_count(2)
    expect(page.get_by_text("PRIOR-NARRATIVE-NOT-FOR-ALICE")).to_have_count(0)
    maria = Caregiver.objects.get(family=family, first_name="Maria")
    assert maria.person_id == Caregiver.objects.get(family=known_before).person_id


def record_first_contact(page, live_server, family):
    """The first contact: a home visit where both children were seen."""
    page.goto(f"{live_server.url}/families/{family.public_id}/")
    page.get_by_role("link", name="Record a visit").first.click()
    page.get_by_label("Where").fill("Family home")
    page.get_by_label("Sofía").check()
    page.get_by_label("Tomás").check()
    page.get_by_label("Maria").check()
    page.get_by_label("Narrative").fill("Maria and the children were home. Sofía showed the bruise.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The visit is recorded.")).to_be_visible()
    expect(page.get_by_text("First contact", exact=False).first).to_be_visible()


def record_risk_assessment(page, live_server, family):
    """The SDM risk assessment, which the decision after findings reads."""
    page.goto(f"{live_server.url}/families/{family.public_id}/safety/decisions/")
    # the level from the tool the agency uses on paper (the scored tool has a flow of its own)
    page.get_by_role("link", name="Record a level from a paper tool").click()
    page.get_by_label("Level from the tool").select_option("very_high")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The risk assessment is recorded.")).to_be_visible()


def test_a_referral_is_entered_screened_in_a_known_person_linked_found_and_the_family_opens_as_a_case(
    page, live_server, alice, bob, household, known_before
):
    as_user(page, live_server, "alice")
    enter_maria_and_link_her_known_history(page, live_server, household, known_before)
    referral = enter_referral(page, live_server, household)

    as_user(page, live_server, "bob")
    screen_in(page, live_server)

    as_user(page, live_server, "alice")
    record_first_contact(page, live_server, household)
    record_risk_assessment(page, live_server, household)
    record_findings_and_open(page, live_server, household, referral)

    household.refresh_from_db()
    assert household.status == FamilyStatus.OPEN
    assert household.first_contact_kind == "home_visit"
    assert RiskAssessment.objects.get(family=household).scored_level == "very_high"
    assert sorted(referral.allegations.values_list("finding", flat=True)) == ["inconclusive", "substantiated"]
