"""The PDF form's list of texts not yet in the family's words follows the language picked in
the form, in a real browser (htmx re-reads the page's list on change; no other script)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from safety_networks.services import network_member_save, safety_plan_rule_save, safety_plan_start
from tests.browser.conftest import sign_in
from tests.browser.test_content_security_policy import COLLECT
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_picking_another_language_for_the_pdf_lists_what_is_missing_in_it(page, live_server, alice):
    # given a Spanish-speaking family's safety plan with a rule not yet in Spanish
    family = FamilyFactory(assigned_caseworker=alice, display_name="Mensah", document_language="es")
    samuel = network_member_save(family=family, by=alice, name="Samuel", relationship="brother")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=plan, by=alice, rule="Daniel calls Samuel", how_it_holds="By phone", responsible=[samuel]
    )
    page.add_init_script(COLLECT)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    page.goto(live_server.url + reverse("safety_networks:plan", args=[family.public_id, plan.pk]))
    missing = page.locator("#document-texts-safety_plan")
    expect(missing).to_contain_text("1 text is not yet in Español")

    # when the worker picks English, from the keyboard, nothing is left to translate
    language = page.get_by_label("Language of the PDF")
    language.focus()
    language.select_option("en")
    expect(missing).not_to_contain_text("not yet in")
    expect(page.get_by_role("button", name="Make a PDF")).to_be_visible()

    # and back in Spanish, the rule is listed again, with its link to add the wording
    language.select_option("es")
    expect(missing).to_contain_text("1 text is not yet in Español")
    expect(missing.get_by_role("link", name="add the family's wording")).to_have_attribute(
        "href",
        reverse("families:wording_edit", args=[family.public_id, "safety-plan-rule", plan.rules.get().pk])
        + "?language=es",
    )
    assert page.evaluate("window.__cspViolations") == []
