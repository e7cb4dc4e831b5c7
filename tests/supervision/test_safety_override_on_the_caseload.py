"""My caseload's "From supervision" column counts an override of a safety decision as it
counts a risk override: waiting for the supervisor, then approved or not approved (for two
weeks), under its own name; and the page reads it in the same queries for 1 or 25 families."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safety_networks.sdm import safety
from safety_networks.services import risk_assessment_record
from tests.factories import FamilyFactory
from tests.factories import safety_override_waiting as overridden

pytestmark = pytest.mark.django_db

CASELOAD = reverse("families:my_caseload")


def test_a_safety_override_waiting_shows_on_the_caseload_beside_a_risk_override(client_of, alice, family):
    overridden(family, alice)
    risk_assessment_record(
        family=family, by=alice, scored_level="high", override_level="moderate", override_reason="Nana."
    )
    page = client_of(alice).get(CASELOAD).text
    assert "Safety override waiting for the supervisor" in page
    assert "Risk override waiting for the supervisor" in page


@pytest.mark.parametrize(
    ("approve", "outcome"), [(True, "Safety override approved"), (False, "Safety override not approved")]
)
def test_the_supervisors_decision_on_a_safety_override_shows_on_the_caseload(
    client_of, alice, bob, family, approve, outcome
):
    assessment = overridden(family, alice)
    safety.safety_override_decide(assessment=assessment, by=bob, approve=approve, comment="No new facts.")
    page = client_of(alice).get(CASELOAD).text
    assert outcome in page
    assert "waiting for the supervisor" not in page
    assert "Risk override" not in page


def test_the_caseload_reads_safety_overrides_in_the_same_queries_for_1_or_25_families(client_of, alice, bob):
    client = client_of(alice)

    def add_families(n):
        for number in range(n):
            family = FamilyFactory(assigned_caseworker=alice)
            assessment = overridden(family, alice)
            if number % 2:
                safety.safety_override_decide(assessment=assessment, by=bob, approve=False, comment="No.")

    add_families(1)
    client.get(CASELOAD)
    with CaptureQueriesContext(connection) as one:
        assert client.get(CASELOAD).status_code == 200
    add_families(24)
    with CaptureQueriesContext(connection) as many:
        page = client.get(CASELOAD).text
    assert len(many) == len(one), [q["sql"][:120] for q in many.captured_queries]
    assert page.count("Safety override waiting for the supervisor") == 13
    assert page.count("Safety override not approved") == 12
