"""The whole story of a child in care, as the people who live it click through it: the
caseworker places Sofía with her aunt, plans family time with her mother, schedules a visit
and records it held (the overview shows where she lives and the family time held against the
plan), enters the six-month review hearing and drafts the court report; the supervisor
approves it, which makes it final; the caseworker opens the final report and downloads its
PDF, which names the relative placement and holds the map's statements.

(It replaces the two halves it covers: the placement flow and the court report flow.)"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from placements.models import FamilyTimeVisit
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.browser.test_content_security_policy import COLLECT
from tests.court.helpers import DANGER_BEHAVIOUR, GOAL_WILL, with_map
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_place_with_a_relative_family_time_hearing_report_approved_and_downloaded(
    browser, live_server, alice, bob, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    sofia = with_map(family, alice)
    sofia.date_of_birth = date(2019, 5, 2)
    sofia.save(update_fields=["date_of_birth"])

    caseworker = browser.new_context(accept_downloads=True).new_page()
    caseworker.add_init_script(COLLECT)
    sign_in(caseworker, live_server, "alice", TEST_PASSWORD)

    # --- she is placed with her aunt -----------------------------------------------------
    caseworker.goto(live_server.url + reverse("placements:family", args=[family.public_id]))
    caseworker.get_by_role("link", name="Record a placement or a move").click()
    caseworker.locator("#id_child").select_option(label=sofia.full_name)
    caseworker.locator("#id_setting").select_option(label="With a relative")
    caseworker.locator("#id_started_on").fill((date.today() - timedelta(days=21)).isoformat())
    caseworker.locator("#id_carer_name").fill("Lucía Reyes")
    caseworker.locator("#id_carer_relationship").fill("aunt")
    caseworker.locator("#id_address").fill("12 Elm Street, Riverside")
    caseworker.locator("#id_reason").fill("Not safe at home while the plan is built.")
    caseworker.locator("#id_relatives_considered").select_option(label="Yes")
    assert serious_accessibility_violations(caseworker) == []
    caseworker.get_by_role("button", name="Save").click()
    expect(caseworker.get_by_text("The placement is recorded.")).to_be_visible()
    expect(caseworker.get_by_text("Lucía Reyes (aunt)")).to_be_visible()

    # --- family time with her mother: planned, a visit scheduled, then recorded held --------
    caseworker.get_by_role("link", name="Plan family time").click()
    caseworker.locator("#id_child").select_option(label=sofia.full_name)
    caseworker.locator("#id_with_whom").fill("Maria (mother)")
    caseworker.locator("#id_with_kind").select_option(label="A parent")
    caseworker.locator("#id_supervised_by").fill("Lucía Reyes")
    caseworker.locator("#id_place").fill("County visitation centre")
    caseworker.locator("#id_started_on").fill((date.today() - timedelta(days=13)).isoformat())
    caseworker.get_by_role("button", name="Save").click()
    expect(caseworker.get_by_text("The family time plan is saved.")).to_be_visible()

    caseworker.get_by_role("link", name="Schedule or record a visit").click()
    caseworker.locator("#id_scheduled_at").fill(
        (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    )
    caseworker.get_by_role("button", name="Save").click()
    expect(caseworker.get_by_text("The visit is saved.")).to_be_visible()

    FamilyTimeVisit.objects.update(scheduled_at=timezone.now() - timedelta(hours=2))  # the day comes
    caseworker.reload()
    caseworker.get_by_role("link", name="Record what happened").click()
    caseworker.locator("#id_status").select_option(label="Held")
    caseworker.locator("#id_notes").fill("Sofía showed Maria her drawings.")
    caseworker.get_by_role("button", name="Save").click()
    expect(caseworker.get_by_text("What happened at the visit is recorded.")).to_be_visible()

    caseworker.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    panel = caseworker.get_by_role("region", name="Where the children live")
    expect(panel).to_contain_text("Sofia: With a relative (Lucía Reyes (aunt))")
    expect(panel).to_contain_text("1 held of 2 planned")  # two weeks of a weekly plan

    # --- the hearing, and the court report drafted for it -------------------------------------
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

    # --- the supervisor approves it: it is final ----------------------------------------------
    supervisor = browser.new_context().new_page()
    sign_in(supervisor, live_server, "bob", TEST_PASSWORD)
    supervisor.goto(caseworker.url)
    supervisor.get_by_role("button", name="Approve: make it final").click()
    expect(supervisor.locator(".report-status")).to_have_text("Final")

    # --- the caseworker downloads the final PDF -------------------------------------------------
    caseworker.reload()
    expect(caseworker.get_by_role("link", name="Write the narrative")).to_have_count(0)
    caseworker.get_by_role("link", name="The final report (PDF)").click()
    download_link = caseworker.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    with caseworker.expect_download() as download:
        download_link.click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"  # a PDF, not an error page
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    assert "Where the children have lived" in text
    assert "With a relative" in text and "Lucía Reyes (aunt)" in text  # the relative placement
    assert "Not safe at home while the plan is built." in text
    assert "Family time" in text and "Maria (mother)" in text
    assert DANGER_BEHAVIOUR in text and GOAL_WILL in text
    assert "Continue family reunification services." in text
    assert caseworker.evaluate("window.__cspViolations") == []
