"""A right-to-left language in a real browser (issue 17): with a small Arabic catalogue made in
the test, the pages run right to left with Bootstrap's mirrored build (the brand on the right,
the menu opening inside the window) and have no serious accessibility problem (axe)."""

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from sop_casework.languages import languages_with_catalogues
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, ChildFactory, FamilyFactory
from tests.test_new_languages import ARABIC, write_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arabic(tmp_path):
    locale = tmp_path / "locale"
    write_catalogue(locale, "ar", ARABIC)
    paths = [locale, *django_settings.LOCALE_PATHS]
    with override_settings(LOCALE_PATHS=paths, LANGUAGES=languages_with_catalogues(paths)):
        yield


def test_a_page_in_arabic_runs_right_to_left(arabic, page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Haddad")
    ChildFactory(family=family, first_name="Layla", date_of_birth=date(2018, 3, 1))
    alice.language = "ar"
    alice.save(update_fields=["language"])
    sign_in(page, live_server, "alice", TEST_PASSWORD)

    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Bootstrap's mirrored build: the brand sits on the right, the navigation to its left.
    brand = page.locator(".navbar-brand").bounding_box()
    first_link = page.locator("#main-nav .nav-link").first.bounding_box()
    assert brand["x"] > first_link["x"]
    # The user menu opens inside the window, with the Arabic string in it.
    page.locator("nav .dropdown-toggle").click()
    sign_out = page.get_by_role("button", name=ARABIC["Sign out"])
    expect(sign_out).to_be_visible()
    box = page.locator(".dropdown-menu.show").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert serious_accessibility_violations(page) == []

    page.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert serious_accessibility_violations(page) == []
