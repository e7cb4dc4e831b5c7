"""Schedule an initial meeting inviting two network members, record it as held with
attendance, two scaling numbers and two action items, and see them on the overview."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from safety_networks.services import network_member_save
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.browser.test_content_security_policy import COLLECT
from tests.factories import TEST_PASSWORD, CaregiverFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_record_and_see_it_on_the_overview(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    network_member_save(family=family, by=alice, name="Lucía Reyes", relationship="aunt")
    network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("meetings:list", args=[family.public_id]))

    page.get_by_role("link", name="Schedule a meeting").click()
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time").fill(when)
    page.get_by_label("Place").fill("Family room, county office")
    page.get_by_label("Maria Reyes").check()
    page.get_by_label("Lucía Reyes (aunt)").check()
    page.get_by_label("Samuel Okafor (brother)").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The meeting is scheduled.")).to_be_visible()

    # before the day, the page says when the meeting can be recorded; the day comes
    expect(page.get_by_text("it can be recorded once it has begun")).to_be_visible()
    expect(page.get_by_role("link", name="Record the meeting")).to_have_count(0)
    Meeting.objects.update(scheduled_at=timezone.now() - timedelta(hours=1))
    page.reload()
    page.get_by_role("link", name="Record the meeting").click()
    page.get_by_label("Samuel Okafor (network member) attended").uncheck()
    page.get_by_label("What we are worried about").fill("Daniel's anger when he is stressed.")
    page.get_by_label("Decisions").fill("Samuel is the person Daniel calls.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The meeting is recorded as held.")).to_be_visible()

    for who, number in (("Maria Reyes", "6"), ("Lucía Reyes", "5")):
        page.get_by_role("link", name="Add a scaling number").click()
        page.get_by_label("Participant").select_option(label=who)
        page.get_by_label("Number (0 to 10)").fill(number)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The scaling number is recorded for the family.")).to_be_visible()

    for what, who in (
        ("Apply for rental assistance", "Maria Reyes"),
        ("Check in every evening", "Lucía Reyes"),
    ):
        page.get_by_role("link", name="Add an action item").click()
        page.get_by_label("What").fill(what)
        page.get_by_label("Who").fill(who)
        page.get_by_label("By when").fill((date.today() + timedelta(days=14)).isoformat())
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The action item is saved.")).to_be_visible()

    page.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    panel = page.get_by_role("region", name="Family Team Meetings")
    expect(panel).to_contain_text("first meeting held")
    expect(panel).to_contain_text("2 to do")
    expect(page.get_by_role("region", name="Safety work")).to_contain_text("Maria Reyes 6")
    assert page.evaluate("window.__cspViolations") == []
