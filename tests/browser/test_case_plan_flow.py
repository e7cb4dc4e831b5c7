"""A caseworker builds a case plan and submits it; the supervisor approves it; the caseworker
downloads the PDF."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from protective_factors.models import ProtectiveFactor, WellBeingGoal
from safety_networks.services import danger_statement_save
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_submit_approve_download(browser, live_server, alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    sofia = ChildFactory(family=family, first_name="Sofía")
    resilience = ProtectiveFactor.objects.get(code="parental_resilience")
    danger_statement_save(
        family=family,
        by=alice,
        children=[sofia],
        factors=[resilience],
        statement_fields={
            "who_is_worried": "The agency",
            "caregiver_behaviour": "when Daniel is angry he may grab",
            "what_could_happen": "she could be hurt",
        },
        goal_fields={
            "caregivers_will": "Daniel walks away and calls his brother",
            "child_will_experience": "Sofía is safe",
            "agency_needs_to_see": "daily check-ins",
            "for_how_long": "six months",
        },
    )
    WellBeingGoal.objects.create(
        family=family, recorded_by=alice, factor=resilience, goal="Daniel joins a fathers' group"
    )

    caseworker = browser.new_context(accept_downloads=True).new_page()
    sign_in(caseworker, live_server, "alice", TEST_PASSWORD)
    caseworker.goto(live_server.url + reverse("case_plans:plans", args=[family.public_id]))
    caseworker.get_by_role("button", name="Start a new version").click()
    expect(caseworker.get_by_role("heading", name="Case plan, version 1")).to_be_visible()
    expect(caseworker.get_by_text("Daniel joins a fathers' group (parental resilience)")).to_be_visible()
    caseworker.get_by_role("link", name="Add a step").click()
    caseworker.get_by_label("Which goal the step serves").select_option(index=1)
    caseworker.get_by_label("What", exact=False).first.fill("Call Samuel when angry")
    caseworker.get_by_label("Who").fill("Daniel")
    caseworker.get_by_label("By when").fill((date.today() + timedelta(days=30)).isoformat())
    caseworker.get_by_label("How progress will be shown").fill("Samuel reports the calls each week")
    caseworker.get_by_role("button", name="Save").click()
    # A step of the draft is changed, and a second one taken out again.
    caseworker.get_by_role("link", name="Change the step: Call Samuel when angry").click()
    caseworker.get_by_label("Who").fill("Daniel, with Samuel")
    caseworker.get_by_role("button", name="Save").click()
    expect(caseworker.get_by_text("The step is saved.")).to_be_visible()
    expect(caseworker.get_by_text("Daniel, with Samuel")).to_be_visible()
    caseworker.get_by_role("link", name="Add a step").click()
    caseworker.get_by_label("Which goal the step serves").select_option(index=1)
    caseworker.get_by_label("What", exact=False).first.fill("Stay at the motel")
    caseworker.get_by_label("Who").fill("Daniel")
    caseworker.get_by_label("By when").fill((date.today() + timedelta(days=3)).isoformat())
    caseworker.get_by_label("How progress will be shown").fill("Samuel says where he is")
    caseworker.get_by_role("button", name="Save").click()
    caseworker.get_by_role("link", name="Take out the step: Stay at the motel").click()
    caseworker.get_by_label("Why it is taken out (optional)").fill("Not agreed with the family")
    caseworker.get_by_role("button", name="Take it out").click()
    expect(caseworker.get_by_text("The step is taken out of the plan.")).to_be_visible()
    expect(caseworker.get_by_text("Stay at the motel")).to_have_count(0)
    caseworker.get_by_role("button", name="Submit to the supervisor").click()
    expect(caseworker.get_by_text("The plan is with the supervisor.")).to_be_visible()

    supervisor = browser.new_context().new_page()
    sign_in(supervisor, live_server, "bob", TEST_PASSWORD)
    supervisor.goto(caseworker.url)
    supervisor.get_by_label("Comment").fill("Clear steps.")
    supervisor.get_by_role("button", name="Approve").click()
    expect(supervisor.get_by_text("Approved and in force")).to_be_visible()

    caseworker.reload()
    caseworker.get_by_role("button", name="Make a PDF").click()
    download_link = caseworker.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    with caseworker.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == f"{family.case_number} Case plan, version 1.pdf"
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(download.value.path()).pages]
    for text in pages:  # the running header, on every page
        assert f"Case {family.case_number} · Okafor-Reyes family" in text, text
    text = " ".join(pages)
    assert "Call Samuel when angry" in text and "Daniel walks away and calls his brother" in text
