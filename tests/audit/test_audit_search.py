from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from tests.conftest import pass_two_step_sign_in
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit:search")


@pytest.fixture
def trail(client_of, alice, charlie, family):
    other = FamilyFactory(assigned_caseworker=charlie)
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    client_of(charlie).get(reverse("families:overview", args=[other.public_id]))
    return other


def test_an_administrator_searches_by_family(client_of, administrator, family, trail):
    response = client_of(administrator).get(URL, {"case_number": family.case_number, "action": "view"})
    events = list(response.context["page"].object_list)
    assert [e.username for e in events] == ["alice"]


def test_an_administrator_searches_by_user_and_date_range(client_of, administrator, family, trail):
    today = timezone.localdate()
    client = client_of(administrator)
    by_user = client.get(URL, {"username": "charlie", "occurred_from": today.isoformat(), "action": "view"})
    assert [e.case_number for e in by_user.context["page"].object_list] == [trail.case_number]
    yesterday = (today - timedelta(days=1)).isoformat()
    assert list(client.get(URL, {"occurred_to": yesterday}).context["page"].object_list) == []


@pytest.mark.parametrize("person", ["alice", "bob"])
def test_the_audit_search_is_for_program_administrators_only(client_of, request, person):
    assert client_of(request.getfixturevalue(person)).get(URL).status_code == 403


def test_the_audit_search_reads_the_same_number_of_queries_for_any_page(
    client_of, administrator, alice, family
):
    client = client_of(alice)
    for _ in range(60):
        client.get(reverse("families:overview", args=[family.public_id]))
    admin = client_of(administrator)
    with CaptureQueriesContext(connection) as queries:
        response = admin.get(URL)
    # session, user, count, events with their actors, session renewal (UPDATE in a savepoint: 3)
    assert len(response.context["page"].object_list) == 50
    assert len(queries) <= 8


def test_a_supervisor_sees_who_has_opened_the_family(client_of, alice, bob, family):
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    page = client_of(bob).get(reverse("families:overview", args=[family.public_id])).text
    assert "Who has opened this family" in page
    assert "alice: 2 views" in page


def test_a_caseworker_does_not_see_the_access_list(client_of, alice, family):
    page = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert "Who has opened this family" not in page


def test_the_events_found_download_as_csv_and_the_download_is_recorded(
    client_of, administrator, family, trail
):
    response = client_of(administrator).get(reverse("audit:export"), {"case_number": family.case_number})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("occurred_at,username,action,case_number")
    assert all(family.case_number in line for line in lines[1:]) and len(lines) >= 2
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=administrator).exists()


def test_a_typed_formula_is_not_run_by_a_spreadsheet(client, administrator):
    client.post(reverse("login"), {"username": '=HYPERLINK("http://x")', "password": "x"})
    client.force_login(administrator)
    pass_two_step_sign_in(client, administrator)
    body = b"".join(client.get(reverse("audit:export")).streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_only_administrators_download_the_trail(client_of, bob):
    assert client_of(bob).get(reverse("audit:export")).status_code == 403
