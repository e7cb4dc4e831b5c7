"""The site in Spanish, in a real browser (issue 17): a caseworker switches the interface to
Spanish in the user menu, as anyone would, records a visit and a scaling number through the
Spanish forms, and those pages have no serious accessibility problem (axe)."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from families.models import Contact
from safety_networks.models import ScalingScore
from tests.browser.conftest import serious_accessibility_violations, sign_in
from tests.factories import TEST_PASSWORD, CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_switches_to_spanish_and_records_a_visit_and_a_scaling_number(page, live_server, alice):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    ChildFactory(family=family, first_name="Sofía", date_of_birth=date(2019, 5, 2))
    CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # the switch, in the user menu
    page.locator("nav .dropdown-toggle").click()
    assert serious_accessibility_violations(page) == []  # the open menu too
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Mis casos")).to_be_visible()
    alice.refresh_from_db()
    assert alice.language == "es"

    # a home visit, through the Spanish form
    page.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    page.get_by_role("link", name="Registrar una visita").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label("Dónde").fill("Casa de la familia")
    page.get_by_label("Sofía").check()
    page.get_by_label("Maria").check()
    page.get_by_label("Relato").fill("Maria y Sofía estaban en casa.")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("La visita quedó registrada.")).to_be_visible()
    contact = Contact.objects.get(family=family)
    assert contact.location == "Casa de la familia"
    assert [c.first_name for c in contact.children_seen.all()] == ["Sofía"]

    # a scaling number, through the Spanish form
    page.goto(live_server.url + reverse("safety_networks:scaling", args=[family.public_id]))
    expect(page.get_by_role("heading", name="Registrar un número")).to_be_visible()
    page.get_by_label("Quién lo dio").select_option(index=1)
    page.get_by_label("Número (del 0 al 10)").fill("6")
    page.get_by_label("Ocasión").fill("Visita en casa")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Registrar", exact=True).click()
    expect(page.get_by_text("Se registró el número de la escala.")).to_be_visible()
    score = ScalingScore.objects.get(family=family)
    assert score.score == 6 and score.occasion == "Visita en casa"
    assert serious_accessibility_violations(page) == []
