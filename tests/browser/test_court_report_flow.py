"""A caseworker enters a hearing and drafts the court report; the supervisor approves it (it
is then final); the caseworker downloads the court's PDF, which holds the map's statements."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import sign_in
from tests.court.helpers import DANGER_BEHAVIOUR, GOAL_WILL, with_map
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_a_hearing_draft_approve_download(browser, live_server, alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    with_map(family, alice)

    caseworker = browser.new_context(accept_downloads=True).new_page()
    sign_in(caseworker, live_server, "alice", TEST_PASSWORD)
    caseworker.goto(live_server.url + reverse("court:hearings", args=[family.public_id]))
    caseworker.get_by_role("link", name="Enter a hearing").click()
    caseworker.get_by_label("Kind of hearing").select_option("six_month_review")
    caseworker.get_by_label("Date of the hearing").fill((date.today() + timedelta(days=20)).isoformat())
    caseworker.get_by_label("Sofia").check()
    caseworker.get_by_role("button", name="Save").click()
    expect(caseworker.get_by_text("The hearing is saved.")).to_be_visible()

    caseworker.get_by_role("button", name="Draft the court report").click()
    expect(caseworker.get_by_role("heading", name="Court report, version 1")).to_be_visible()
    caseworker.get_by_role("link", name="Write the narrative").click()
    caseworker.get_by_label("Summary for the court").fill("Sofia has been in care since March.")
    caseworker.get_by_label("Recommendation").fill("Continue family reunification services.")
    caseworker.get_by_role("button", name="Save").click()
    expect(caseworker.get_by_text("The court report is saved.")).to_be_visible()
    caseworker.get_by_role("button", name="Submit to the supervisor").click()
    expect(caseworker.get_by_text("The court report is with the supervisor.")).to_be_visible()

    supervisor = browser.new_context().new_page()
    sign_in(supervisor, live_server, "bob", TEST_PASSWORD)
    supervisor.goto(caseworker.url)
    supervisor.get_by_role("button", name="Approve: make it final").click()
    expect(supervisor.locator(".report-status")).to_have_text("Final")

    caseworker.reload()
    expect(caseworker.get_by_role("link", name="Write the narrative")).to_have_count(0)
    caseworker.get_by_role("link", name="The final report (PDF)").click()
    download_link = caseworker.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    with caseworker.expect_download() as download:
        download_link.click()
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(download.value.path()).pages)
    assert DANGER_BEHAVIOUR in text and GOAL_WILL in text
    assert "Continue family reunification services." in text
