"""The pages work under the Content-Security-Policy: the browser reports no violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, CaregiverFactory, ChildFactory, ContactFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def test_no_page_breaks_the_content_security_policy(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    child = ChildFactory(family=family)
    CaregiverFactory(family=family)
    ContactFactory(family=family, children_seen=[child])
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    for path in (
        reverse("families:my_caseload"),
        reverse("families:search") + "?q=okafor",
        reverse("families:overview", args=[family.public_id]),
        reverse("families:contact_add", args=[family.public_id]),
        reverse("families:child_edit", args=[family.public_id, child.pk]),
        reverse("families:changes", args=[family.public_id]),
    ):
        page.goto(live_server.url + path)
        # Bootstrap's script runs (the collapse button works) and nothing was blocked
        assert page.evaluate("typeof bootstrap") == "object"
        assert page.evaluate("window.__cspViolations") == [], path
