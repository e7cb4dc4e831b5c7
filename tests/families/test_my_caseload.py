from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import FamilyStatus
from tests.factories import ChildFactory, ContactFactory, FamilyFactory, family_with_every_record

pytestmark = pytest.mark.django_db

URL = reverse("families:my_caseload")


def test_a_caseworker_sees_their_own_families_with_children_counts(client_of, alice, family, charlie):
    ChildFactory.create_batch(2, family=family)
    FamilyFactory(display_name="Someone-Else", assigned_caseworker=charlie)

    response = client_of(alice).get(URL)

    assert response.status_code == 200
    assert "Okafor-Reyes" in response.text
    assert "Someone-Else" not in response.text
    assert list(response.context["families"]) == [family]
    assert response.context["families"][0].children_count == 2


def test_the_caseload_filters_by_status(client_of, alice, family):
    FamilyFactory(display_name="Closed-Family", assigned_caseworker=alice, status=FamilyStatus.CLOSED)

    response = client_of(alice).get(URL, {"status": "closed"})

    assert [f.display_name for f in response.context["families"]] == ["Closed-Family"]


def test_an_unknown_status_shows_every_family(client_of, alice, family):
    response = client_of(alice).get(URL, {"status": "'; drop table"})
    assert list(response.context["families"]) == [family]
    assert response.status_code == 200


def test_an_empty_caseload_says_so(client_of, alice):
    assert "No families are assigned to you." in client_of(alice).get(URL).text


def test_the_caseload_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_caseload_issues_the_same_queries_for_5_and_50_families(client_of, alice):
    def add_families(n):
        for _ in range(n):
            family = family_with_every_record(alice)
            ChildFactory(family=family)  # and one child not seen this month

    client = client_of(alice)
    add_families(5)
    with CaptureQueriesContext(connection) as with_5:
        assert len(client.get(URL).context["families"]) == 5
    add_families(45)
    with CaptureQueriesContext(connection) as with_50:
        assert len(client.get(URL).context["families"]) == 50
    # session, user, the user's unit (navigation), families with their caseload columns, and
    # the session's renewal (an UPDATE in a savepoint: 3 queries)
    assert len(with_5) == len(with_50) == 7


def test_the_caseload_shows_last_visit_and_children_not_seen(client_of, alice, family):
    seen, unseen = ChildFactory.create_batch(2, family=family)
    ContactFactory(family=family, children_seen=[seen])
    page = client_of(alice).get(URL).text
    assert "1 of 2" in page


@pytest.fixture
def four_families(alice, family):
    """Four families whose order differs by every sort: name, case number, last visit (most
    recent first, never-visited last) and children not seen this month (most first)."""
    now = timezone.now()
    family.case_number = "2026-T90004"
    family.save()
    ContactFactory(family=family, occurred_at=now - timedelta(minutes=1))
    FamilyFactory(display_name="Åberg", case_number="2026-T90003", assigned_caseworker=alice)
    mbeki = FamilyFactory(display_name="Mbeki", case_number="2026-T90002", assigned_caseworker=alice)
    ChildFactory.create_batch(2, family=mbeki)
    zaragoza = FamilyFactory(display_name="Zaragoza", case_number="2026-T90001", assigned_caseworker=alice)
    seen, _unseen = ChildFactory.create_batch(2, family=zaragoza)
    ContactFactory(family=zaragoza, occurred_at=now - timedelta(minutes=2), children_seen=[seen])


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", ["Åberg", "Mbeki", "Okafor-Reyes", "Zaragoza"]),
        ("case", ["Zaragoza", "Mbeki", "Åberg", "Okafor-Reyes"]),
        ("last_visit", ["Okafor-Reyes", "Zaragoza", "Åberg", "Mbeki"]),
        ("unseen", ["Mbeki", "Zaragoza", "Åberg", "Okafor-Reyes"]),
        ("nonsense", ["Åberg", "Mbeki", "Okafor-Reyes", "Zaragoza"]),
    ],
)
def test_the_caseload_sorts(client_of, alice, four_families, sort, order):
    response = client_of(alice).get(URL, {"sort": sort})
    assert response.status_code == 200
    assert [f.display_name for f in response.context["families"]] == order
    table = response.text[response.text.index("<table") :]
    assert sorted(order, key=table.index) == order  # and the rows are drawn in that order


def test_my_caseload_names_the_supervisor_who_approves(client_of, alice, bob, family):
    page = client_of(alice).get(URL).text
    assert "Your supervisor, <strong>Bob Baptiste</strong>, approves your case plans" in page


def test_my_caseload_says_when_the_unit_has_no_supervisor(client_of, alice, family):
    page = client_of(alice).get(URL).text
    assert "Your unit has no supervisor yet" in page
    assert "Your supervisor," not in page


def test_naming_the_supervisor_costs_my_caseload_no_query(client_of, alice, bob):
    for _ in range(5):
        family_with_every_record(alice)
    client = client_of(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    # the supervisor, and the unit the navigation shows
    assert "Bob Baptiste" in response.text and "North Valley Unit" in response.text
    assert len(queries) == 7  # as without a supervisor: test_the_caseload_issues_the_same_queries…
