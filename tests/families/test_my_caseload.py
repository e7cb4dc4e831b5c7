import pytest
from django.urls import reverse

from families.models import FamilyStatus
from tests.factories import ChildFactory, FamilyFactory

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


def test_an_empty_caseload_says_so(client_of, alice):
    assert "No families are assigned to you." in client_of(alice).get(URL).text


def test_the_caseload_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_caseload_query_count_does_not_grow_with_families(
    client_of, alice, django_assert_max_num_queries
):
    for _ in range(30):
        ChildFactory.create_batch(2, family=FamilyFactory(assigned_caseworker=alice))
    client = client_of(alice)
    # session, user, the user's unit (navigation), families with children counts
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert len(response.context["families"]) == 30
