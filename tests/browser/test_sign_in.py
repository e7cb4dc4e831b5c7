import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_signs_in_and_lands_on_their_caseload(page, live_server, alice):
    FamilyFactory(display_name="Okafor-Reyes", assigned_caseworker=alice)

    sign_in(page, live_server, "alice", TEST_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/caseload/")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    page.get_by_role("link", name="Okafor-Reyes").click()
    expect(page.get_by_role("heading", name="Okafor-Reyes family")).to_be_visible()


def test_a_wrong_password_shows_a_clear_message(page, live_server, alice):
    sign_in(page, live_server, "alice", "not the password")
    expect(page.get_by_text("That user name and password do not match")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("alice")


def test_the_sign_in_page_and_the_caseload_have_no_serious_accessibility_problems(page, live_server, alice):
    FamilyFactory(display_name="Muñoz", assigned_caseworker=alice)
    page.goto(f"{live_server.url}/login/")
    assert serious_accessibility_violations(page) == []

    sign_in(page, live_server, "alice", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_the_skip_link_takes_keyboard_users_to_the_content(page, live_server, alice):
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_user_menu_switches_the_site_to_spanish_and_the_next_sign_in_keeps_it(page, live_server, alice):
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    expect(page.get_by_role("link", name="My caseload")).to_be_visible()

    page.locator("header .dropdown-toggle").click()
    page.get_by_role("button", name="Español").click()

    expect(page).to_have_url(f"{live_server.url}/caseload/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Mis casos")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.locator("header .dropdown-toggle").click()
    expect(page.get_by_role("button", name="Español")).to_have_attribute("aria-current", "true")
    page.get_by_role("button", name="Cerrar sesión").click()
    page.context.clear_cookies()  # another computer: only the account remembers
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    expect(page.get_by_role("link", name="Mis casos")).to_be_visible()
