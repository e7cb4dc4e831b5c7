"""Who searched for which families, with what words, and how many were found: a search can
reveal a family as surely as opening it, so it goes to the trail, and program administrators
find it on the audit search."""

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("families:search")


def searches():
    return list(
        AuditEvent.objects.filter(action=AuditAction.SEARCH)
        .order_by("id")
        .values_list("username", "detail", "path", "family_public_id")
    )


def test_a_search_is_recorded_with_its_words_and_how_many_families_it_found(client_of, alice, family):
    client = client_of(alice)
    assert client.get(SEARCH, {"q": "Okafor"}).status_code == 200
    client.get(SEARCH, {"q": "nobody like this"})
    assert searches() == [
        ("alice", "“Okafor”: 1 found", f"{SEARCH}?q=Okafor", None),
        ("alice", "“nobody like this”: 0 found", f"{SEARCH}?q=nobody+like+this", None),
    ]


def test_a_search_that_finds_more_than_it_shows_says_so(client_of, alice):
    FamilyFactory.create_batch(51, display_name="Nguyen", assigned_caseworker=alice)
    client_of(alice).get(SEARCH, {"q": "nguyen", "status": "open"})
    [(_, detail, _, _)] = searches()
    assert detail == "“nguyen” among open families: more than 50 found"


def test_opening_the_search_page_without_words_records_no_search(client_of, alice):
    client_of(alice).get(SEARCH)
    assert searches() == []


def test_the_administrator_finds_the_search_in_the_audit_trail(client_of, alice, administrator, family):
    client_of(alice).get(SEARCH, {"q": "okafor reyes"})
    page = client_of(administrator).get(reverse("audit:search"), {"action": "search", "detail": "okafor"})
    assert page.status_code == 200
    [event] = page.context["page"].object_list
    assert event.username == "alice"
    assert "Searched for families" in page.text and "“okafor reyes”: 1 found" in page.text
    nothing = client_of(administrator).get(reverse("audit:search"), {"detail": "someone else"})
    assert list(nothing.context["page"].object_list) == []


def test_the_search_is_in_the_csv_export(client_of, alice, administrator, family):
    client_of(alice).get(SEARCH, {"q": "okafor"})
    response = client_of(administrator).get(reverse("audit:export"), {"action": "search"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert "detail" in lines[0].split(",")
    assert "“okafor”: 1 found" in lines[1]
