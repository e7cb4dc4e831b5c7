"""The core flow of the case record, in a real browser: intake, people, a home visit, search."""

import pytest
from playwright.sync_api import expect

from families.models import Contact, Family
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_person(
    page, link: str, first: str, last: str, born: str, relationships: dict[str, str] | None = None
):
    page.get_by_role("link", name=link).click()
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Date of birth").fill(born)
    for label, value in (relationships or {}).items():
        page.get_by_label(label).select_option(value)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{first} {last} is saved.")).to_be_visible()


def test_a_caseworker_opens_a_family_adds_people_records_a_visit_and_finds_it_again(page, live_server, alice):
    sign_in(page, live_server, "alice", TEST_PASSWORD)

    # a case transferred in from another county (a referral here has its own flow:
    # test_intake_flow.py)
    page.get_by_role("link", name="Case transferred in (no referral here)").click()
    page.get_by_label("Family name").fill("Muñoz-Begay")
    page.get_by_label("Primary language").fill("Spanish")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Muñoz-Begay family")).to_be_visible()

    # two caregivers, then three children with their relationships
    add_person(page, "Add a caregiver", "Rosa", "Muñoz", "1990-04-12")
    add_person(page, "Add a caregiver", "Ahiga", "Begay", "1988-09-30")
    for first, born in (("Ximena", "2016-02-29"), ("Tomás", "2019-07-01"), ("Nizhoni", "2023-01-15")):
        add_person(
            page,
            "Add a child",
            first,
            "Muñoz-Begay",
            born,
            {"Rosa is this child’s": "mother", "Ahiga is this child’s": "father"},
        )
    expect(page.get_by_text("Mother of Ximena; Mother of Tomás; Mother of Nizhoni")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # a home visit where two of the three children were seen
    page.get_by_role("link", name="Record a visit").first.click()
    page.get_by_label("Where").fill("Family home")
    page.get_by_label("Ximena").check()
    page.get_by_label("Tomás").check()
    page.get_by_label("Rosa").check()
    page.get_by_label("Narrative").fill("Rosa and the children were home. Nizhoni was at her grandmother’s.")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The visit is recorded.")).to_be_visible()
    expect(page.get_by_text("never seen in person")).to_have_count(1)  # Nizhoni only
    expect(page.get_by_text("seen this month", exact=True)).to_have_count(2)

    contact = Contact.objects.get()
    assert sorted(c.first_name for c in contact.children_seen.all()) == ["Tomás", "Ximena"]

    # find the family again by a child's name typed without its accent
    page.get_by_role("link", name="My caseload").click()
    page.get_by_label("Search by family, case number or anyone’s name").fill("tomas")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Muñoz-Begay")).to_be_visible()
    expect(page.get_by_text("1 of 3")).to_be_visible()
    assert Family.objects.get().assigned_caseworker == alice
