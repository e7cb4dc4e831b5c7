from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from families.models import Relationship
from tests.factories import (
    CaregiverChildFactory,
    CaregiverFactory,
    ChildFactory,
    ContactFactory,
    FamilyFactory,
)

pytestmark = pytest.mark.django_db


def overview_url(family):
    return reverse("families:overview", args=[family.public_id])


def test_the_assigned_caseworker_opens_the_overview(client_of, alice, family):
    response = client_of(alice).get(overview_url(family))
    assert response.status_code == 200
    assert "Okafor-Reyes family" in response.text
    assert family.case_number in response.text


def test_the_units_supervisor_opens_the_overview(client_of, bob, family):
    assert client_of(bob).get(overview_url(family)).status_code == 200


def test_an_outsider_gets_404_and_no_family_data(client_of, charlie, family):
    response = client_of(charlie).get(overview_url(family))
    assert response.status_code == 404
    assert "Okafor-Reyes" not in response.text


def test_anonymous_is_sent_to_sign_in(client, family):
    response = client.get(overview_url(family))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_overview_shows_caregivers_children_and_how_they_are_related(client_of, alice, family):
    maria = CaregiverFactory(family=family, first_name="Maria", last_name="Reyes", is_primary=True)
    sofia = ChildFactory(family=family, first_name="Sofía", preferred_name="Sofi")
    CaregiverChildFactory(caregiver=maria, child=sofia, relationship=Relationship.MOTHER)

    response = client_of(alice).get(overview_url(family))

    assert "Maria Reyes" in response.text
    assert "Sofía" in response.text and "“Sofi”" in response.text
    assert "Mother of Sofi" in response.text


def test_each_view_of_the_overview_is_audited(client_of, alice, family):
    client_of(alice).get(overview_url(family), HTTP_USER_AGENT="pytest-browser")
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor == alice
    assert event.action == AuditAction.VIEW
    assert event.family_public_id == family.public_id
    assert event.user_agent == "pytest-browser"
    assert event.ip_address == "127.0.0.1"


def test_a_refused_view_is_not_recorded_as_a_view(client_of, charlie, family):
    client_of(charlie).get(overview_url(family))
    assert not AuditEvent.objects.filter(family_public_id=family.public_id, action=AuditAction.VIEW).exists()


def test_the_overview_issues_the_same_queries_for_5_and_50_people(client_of, alice):
    from supervision.models import Consultation, ConsultationAction

    family = FamilyFactory(assigned_caseworker=alice)
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=alice
    )

    def add_people(n):
        for _ in range(n):
            caregiver = CaregiverFactory(family=family)
            child = ChildFactory(family=family)
            CaregiverChildFactory(caregiver=caregiver, child=child)
            ContactFactory(family=family, children_seen=[child], caregivers_present=[caregiver])
            ConsultationAction.objects.create(
                consultation=consultation, family=family, what="Call", owner=alice, due_on=date.today()
            )

    client = client_of(alice)
    url = overview_url(family)
    add_people(5)
    with CaptureQueriesContext(connection) as with_5:
        assert client.get(url).status_code == 200
    add_people(45)
    with CaptureQueriesContext(connection) as with_50:
        assert client.get(url).status_code == 200
    # session, user, unit, the family row (with every panel's facts and lists, and the status
    # history), audit insert, caregivers, children with last seen, recent contacts
    # (+recorded_by), who is whose child and who was at those contacts (one query), session
    # renewal (UPDATE in a savepoint: 3). The panels send none of their own.
    assert len(with_5) == len(with_50) <= 12
    page = client.get(url).text
    assert page.count(f"Call · {alice} · by") == 50  # every open agreed action, with its owner
