"""At a phone's width (390 × 844 px, a common phone), My caseload, Unit review and the case
plan read without sideways scrolling: the page is no wider than the screen, no table is
wider than the box it sits in, and no cell is squeezed into a narrow column."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from case_plans.models import CasePlan
from families.models import Family
from sop_casework.demo.agency import seed_families, seed_staff
from tests.browser.conftest import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-demo-password-for-phones"
PHONE = {"width": 390, "height": 844}
# The narrowest a cell may be: about 20 characters of body text (a family's name, a date, a
# step), instead of a word or two a line.
NARROWEST_CELL = 200

MEASURE = """() => {
  const boxes = [...document.querySelectorAll('main table')].map(table => {
    const box = table.closest('.table-responsive') || table.parentElement;
    const cells = [...table.querySelectorAll('tbody th, tbody td, tfoot th, tfoot td')]
      .filter(cell => cell.getClientRects().length && cell.textContent.trim());
    return {
      caption: table.caption ? table.caption.textContent.trim() : '',
      overflow: table.getBoundingClientRect().width - box.clientWidth,
      boxScrolls: box.scrollWidth > box.clientWidth,
      narrowest: Math.min(...cells.map(cell => cell.getBoundingClientRect().width)),
      cells: cells.length,
    };
  });
  return {pageWidth: document.documentElement.scrollWidth, tables: boxes};
}"""


def signed_in_phone(browser, live_server, username):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def measured(page, live_server, path):
    page.goto(live_server.url + path)
    return page.evaluate(MEASURE)


def assert_readable_at_phone_width(page, what, measures):
    assert measures["pageWidth"] <= PHONE["width"], f"{what}: the page is {measures['pageWidth']} px wide"
    assert measures["tables"], f"{what}: no table to read"
    for table in measures["tables"]:
        assert table["cells"], f"{what}: {table['caption']} shows no cell"
        assert table["overflow"] <= 0 and not table["boxScrolls"], f"{what}: {table} scrolls sideways"
        assert table["narrowest"] >= NARROWEST_CELL, f"{what}: {table} has a cell squeezed narrow"
    assert serious_accessibility_violations(page) == [], what


def test_the_caseload_unit_review_and_case_plan_read_on_a_phone(browser, live_server):
    agency = seed_staff(password=PASSWORD, caseworker_count=8)
    seed_families(agency=agency, count=12, seed=2026)
    family = Family.objects.get(display_name="Okafor-Reyes")
    plan = CasePlan.objects.get(family=family, status="active")
    assert plan.safety_goals.exists()  # the link table has rows

    caseworker = signed_in_phone(browser, live_server, "caseworker1")
    assert_readable_at_phone_width(
        caseworker, "My caseload", measured(caseworker, live_server, reverse("families:my_caseload"))
    )
    plan_page = reverse("case_plans:plan", args=[family.public_id, plan.pk])
    assert_readable_at_phone_width(caseworker, "the case plan", measured(caseworker, live_server, plan_page))

    supervisor = signed_in_phone(browser, live_server, "supervisor1")
    assert_readable_at_phone_width(
        supervisor, "Unit review", measured(supervisor, live_server, reverse("supervision:unit_review"))
    )
    # the headings that sort are hidden on a phone: a list sorts instead
    supervisor.get_by_label("Sort by").select_option(label="High or very high risk")
    supervisor.get_by_role("button", name="Sort", exact=True).click()
    expect(supervisor).to_have_url(re.compile(r"\?sort=high_risk$"))


def test_on_a_phone_each_cell_names_its_column_and_on_a_desk_the_table_stays(browser, live_server):
    agency = seed_staff(password=PASSWORD, caseworker_count=8)
    seed_families(agency=agency, count=6, seed=2026)
    phone = signed_in_phone(browser, live_server, "caseworker1")
    phone.goto(live_server.url + reverse("families:my_caseload"))
    last_visit = phone.locator("tbody tr", has_text="Okafor-Reyes").locator("td[data-label='Last visit']")
    assert last_visit.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Last visit"'
    assert phone.locator("thead").evaluate("head => head.getBoundingClientRect().height") <= 1

    desk = browser.new_context().new_page()  # 1280 px wide (conftest)
    desk.goto(phone.url.replace("/caseload/", "/login/"))
    desk.get_by_label("Username").fill("caseworker1")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Sign in").click()
    last_visit = desk.locator("tbody tr", has_text="Okafor-Reyes").locator("td[data-label='Last visit']")
    assert last_visit.evaluate("cell => getComputedStyle(cell, '::before').content") == "none"
    assert desk.locator("thead").evaluate("head => getComputedStyle(head).display") == "table-header-group"
