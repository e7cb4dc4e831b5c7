"""The danger statement's live preview in a real browser: words already typed are not
written twice, and the map shows the sentence the preview showed."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_content_security_policy import COLLECT
from tests.factories import TEST_PASSWORD, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = (
    "The school is worried that when Daniel drinks he could hit Ana or Ben. If nothing changes, they could "
    "be badly hurt."
)


def test_the_preview_never_repeats_the_childrens_names_and_is_what_the_map_shows(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Mensah")
    ChildFactory(family=family, first_name="Ana", date_of_birth=date(2016, 4, 1))
    ChildFactory(family=family, first_name="Ben", date_of_birth=date(2018, 9, 3))
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("safety_networks:danger_add", args=[family.public_id]))

    page.get_by_label("Who is worried").fill("The school is worried")
    page.get_by_label("Caregiver behaviour").fill("that when Daniel drinks he could hit Ana or Ben")
    page.get_by_label("Ana").check()
    page.get_by_label("Ben").check()
    page.get_by_label("What could happen if nothing changes").fill("and they could be badly hurt")
    page.get_by_label("What the caregivers will be doing").fill("Daniel stops drinking at home")
    page.get_by_label("What the children will experience").fill("Ana and Ben feel safe at home")
    page.get_by_label("What the agency needs to see").fill("a sober adult at home every evening")
    page.get_by_label("For how long").fill("over the next six months")
    preview = page.locator("#statement-preview")
    expect(preview).to_contain_text(SENTENCE)
    assert "Ana or Ben Ana or Ben" not in preview.inner_text()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The danger statement and its safety goal are saved.")).to_be_visible()
    expect(page.get_by_text(SENTENCE)).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
