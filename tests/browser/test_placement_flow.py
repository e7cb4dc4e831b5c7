"""A child is placed with a relative, family time with the mother is planned, a visit is
scheduled and then recorded as held, and the overview shows where the child lives and the
family time held against the plan."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from placements.models import FamilyTimeVisit
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.browser.test_content_security_policy import COLLECT
from tests.factories import TEST_PASSWORD, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_place_with_a_relative_schedule_and_record_family_time(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    ChildFactory(family=family, first_name="Sofía", last_name="Okafor", date_of_birth=date(2019, 5, 2))
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("placements:family", args=[family.public_id]))

    page.get_by_role("link", name="Record a placement or a move").click()
    page.locator("#id_child").select_option(label="Sofía Okafor")
    page.locator("#id_setting").select_option(label="With a relative")
    page.locator("#id_started_on").fill((date.today() - timedelta(days=21)).isoformat())
    page.locator("#id_carer_name").fill("Lucía Reyes")
    page.locator("#id_carer_relationship").fill("aunt")
    page.locator("#id_address").fill("12 Elm Street, Riverside")
    page.locator("#id_reason").fill("Not safe at home while the plan is built.")
    page.locator("#id_relatives_considered").select_option(label="Yes")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The placement is recorded.")).to_be_visible()
    expect(page.get_by_text("Lucía Reyes (aunt)")).to_be_visible()

    page.get_by_role("link", name="Plan family time").click()
    page.locator("#id_child").select_option(label="Sofía Okafor")
    page.locator("#id_with_whom").fill("Maria (mother)")
    page.locator("#id_with_kind").select_option(label="A parent")
    page.locator("#id_supervised_by").fill("Lucía Reyes")
    page.locator("#id_place").fill("County visitation centre")
    page.locator("#id_started_on").fill((date.today() - timedelta(days=13)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The family time plan is saved.")).to_be_visible()

    page.get_by_role("link", name="Schedule or record a visit").click()
    page.locator("#id_scheduled_at").fill(
        (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The visit is saved.")).to_be_visible()

    FamilyTimeVisit.objects.update(scheduled_at=timezone.now() - timedelta(hours=2))  # the day comes
    page.reload()
    page.get_by_role("link", name="Record what happened").click()
    page.locator("#id_status").select_option(label="Held")
    page.locator("#id_notes").fill("Sofía showed Maria her drawings.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("What happened at the visit is recorded.")).to_be_visible()

    page.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    panel = page.get_by_role("region", name="Where the children live")
    expect(panel).to_contain_text("Sofía: With a relative (Lucía Reyes (aunt))")
    expect(panel).to_contain_text("1 held of 2 planned")  # two weeks of a weekly plan
    assert page.evaluate("window.__cspViolations") == []
