"""A reunification override waits in the supervisor's approvals inbox (only their unit's,
oldest first, beside the other kinds), is decided there (a return needs a comment), and shows
on My caseload's "From supervision" column as a risk or safety override does: waiting, then
approved or not approved, under its own name. Both pages read it in the same queries for 1 or
25 families."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safety_networks import reunification_services as services
from safety_networks.models import OverrideStatus
from safety_networks.reunification_models import ReunificationReassessment
from safety_networks.services import risk_assessment_record
from tests.factories import FamilyFactory
from tests.factories import safety_override_waiting as safety_overridden
from tests.safety_networks.reunification_world import override_waiting as overridden

pytestmark = pytest.mark.django_db

INBOX = reverse("supervision:approvals")
CASELOAD = reverse("families:my_caseload")


def decide_url(reassessment):
    return reverse(
        "supervision:decide", args=[reassessment.family.public_id, "reunification_override", reassessment.pk]
    )


# --- The approvals inbox ----------------------------------------------------------------------


def test_the_inbox_lists_a_reunification_override_of_the_unit_oldest_first(
    client_of, alice, bob, charlie, family
):
    reassessment = overridden(family, alice)
    ReunificationReassessment.objects.filter(pk=reassessment.pk).update(
        updated_at=timezone.now() - timedelta(days=3)
    )
    risk = risk_assessment_record(
        family=family, by=alice, scored_level="high", override_level="moderate", override_reason="Nana."
    )
    overridden(FamilyFactory(assigned_caseworker=charlie, display_name="Elsewhere"), charlie)

    response = client_of(bob).get(INBOX)
    assert response.status_code == 200
    assert [item.record for item in response.context["waiting"]] == [reassessment, risk]
    assert (
        "Reunification recommendation overridden: Return home → Continue reunification services"
        in response.text
    )
    assert "Lucía Reyes says the mother left two visits early" in response.text
    assert reverse("safety_networks:reunification", args=[family.public_id, reassessment.pk]) in response.text
    assert "Elsewhere" not in response.text
    # charlie's supervisor is not bob: charlie's own inbox shows nothing (he supervises no unit)
    assert client_of(charlie).get(INBOX).status_code in (403, 404)


def test_the_supervisor_returns_it_from_the_inbox_only_with_a_comment(client_of, alice, bob, family):
    reassessment = overridden(family, alice)
    client = client_of(bob)

    refused = client.post(decide_url(reassessment), {"decision": "return", "comment": " "})
    assert refused.status_code == 200
    [item] = refused.context["waiting"]
    assert item.error == "Say why the override is not approved."
    reassessment.refresh_from_db()
    assert reassessment.override_status == OverrideStatus.PENDING

    done = client.post(decide_url(reassessment), {"decision": "return", "comment": "Not yet confirmed."})
    assert done.status_code == 302
    reassessment.refresh_from_db()
    assert reassessment.override_status == OverrideStatus.REJECTED
    assert reassessment.override_decision_comment == "Not yet confirmed."
    assert reassessment.recommendation_in_force == "return_home"
    assert client.get(INBOX).context["waiting"] == []


def test_the_supervisor_approves_it_from_the_inbox_and_it_is_in_force(client_of, alice, bob, family):
    reassessment = overridden(family, alice)
    client_of(bob).post(decide_url(reassessment), {"decision": "approve"})
    reassessment.refresh_from_db()
    assert (reassessment.override_status, reassessment.override_decided_by) == (OverrideStatus.APPROVED, bob)
    assert reassessment.recommendation_in_force == "continue_reunification"


def test_only_the_supervisor_of_the_unit_decides_it(client_of, alice, charlie, family):
    reassessment = overridden(family, alice)
    assert client_of(alice).post(decide_url(reassessment), {"decision": "approve"}).status_code in (403, 404)
    assert client_of(charlie).post(decide_url(reassessment), {"decision": "approve"}).status_code == 404
    reassessment.refresh_from_db()
    assert reassessment.override_status == OverrideStatus.PENDING


def test_the_inbox_reads_reunification_overrides_in_the_same_queries_for_1_or_25(client_of, alice, bob):
    client = client_of(bob)
    overridden(FamilyFactory(assigned_caseworker=alice), alice)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(INBOX).context["waiting"]) == 1
    for _ in range(24):
        overridden(FamilyFactory(assigned_caseworker=alice), alice)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(INBOX).context["waiting"]) == 25
    assert len(many) == len(one), [q["sql"][:120] for q in many.captured_queries]


# --- My caseload's "From supervision" column ------------------------------------------------------


def test_a_reunification_override_waiting_shows_on_the_caseload_beside_a_safety_override(
    client_of, alice, family
):
    overridden(family, alice)
    safety_overridden(family, alice)
    page = client_of(alice).get(CASELOAD).text
    assert "Reunification override waiting for the supervisor" in page
    assert "Safety override waiting for the supervisor" in page


@pytest.mark.parametrize(
    ("approve", "outcome"),
    [(True, "Reunification override approved"), (False, "Reunification override not approved")],
)
def test_the_supervisors_decision_on_a_reunification_override_shows_on_the_caseload(
    client_of, alice, bob, family, approve, outcome
):
    reassessment = overridden(family, alice)
    services.reunification_override_decide(reassessment=reassessment, by=bob, approve=approve, comment="No.")
    page = client_of(alice).get(CASELOAD).text
    assert outcome in page
    assert "waiting for the supervisor" not in page
    assert "Risk override" not in page and "Safety override" not in page


def test_the_caseload_reads_reunification_overrides_in_the_same_queries_for_1_or_25_families(
    client_of, alice, bob
):
    client = client_of(alice)

    def add_families(n):
        for number in range(n):
            reassessment = overridden(FamilyFactory(assigned_caseworker=alice), alice)
            if number % 2:
                services.reunification_override_decide(
                    reassessment=reassessment, by=bob, approve=False, comment="No."
                )

    add_families(1)
    client.get(CASELOAD)
    with CaptureQueriesContext(connection) as one:
        assert client.get(CASELOAD).status_code == 200
    add_families(24)
    with CaptureQueriesContext(connection) as many:
        page = client.get(CASELOAD).text
    assert len(many) == len(one), [q["sql"][:120] for q in many.captured_queries]
    assert page.count("Reunification override waiting for the supervisor") == 13
    assert page.count("Reunification override not approved") == 12
