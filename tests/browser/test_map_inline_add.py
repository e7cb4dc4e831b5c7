"""Adding an entry in place on the map: the list's "None yet." goes as the first entry
arrives, without a reload, and only under the list the entry joined."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_first_strength_added_in_place_takes_none_yet_away(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("safety_networks:map", args=[family.public_id]))
    working = page.get_by_role("region", name="What’s working well?")
    expect(working.get_by_text("None yet.")).to_have_count(2)  # strengths, existing safety

    page.locator("a[hx-target='#new-strength']").click()
    working.get_by_label("Strength").fill("Maria walks the children to school every morning")
    working.get_by_role("button", name="Save").click()

    expect(working.get_by_text("Maria walks the children to school every morning")).to_be_visible()
    expect(working.get_by_text("None yet.")).to_have_count(1)  # existing safety still has none
    existing = working.locator("h3", has_text="Existing safety")
    # the one note left is under "Existing safety", after the new strength
    note = working.get_by_text("None yet.")
    assert note.evaluate(
        "(note, heading) => !!(heading.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING)",
        existing.element_handle(),
    )

    # a second strength: nothing left to take away, and nothing goes wrong
    page.locator("a[hx-target='#new-strength']").click()
    working.get_by_label("Strength").fill("Daniel's brother comes round when Daniel is stressed")
    working.get_by_role("button", name="Save").click()
    expect(working.get_by_text("Daniel's brother comes round when Daniel is stressed")).to_be_visible()
    expect(working.get_by_text("None yet.")).to_have_count(1)
    assert errors == []
