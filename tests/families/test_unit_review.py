import pytest
from django.urls import reverse

from families.models import FamilyStatus
from tests.factories import CaseworkerFactory, FamilyFactory

pytestmark = pytest.mark.django_db

URL = reverse("families:unit_review")


def test_a_supervisor_sees_each_caseworkers_counts(client_of, bob, alice, charlie):
    FamilyFactory.create_batch(3, assigned_caseworker=alice, status=FamilyStatus.OPEN)
    FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.REFERRAL)
    FamilyFactory(assigned_caseworker=charlie)

    response = client_of(bob).get(URL)

    assert response.status_code == 200
    (row,) = response.context["caseworkers"]
    assert row == alice and row.open_count == 3 and row.referral_count == 1
    assert "Charlie" not in response.text


def test_a_caseworker_may_not_open_unit_review(client_of, alice):
    response = client_of(alice).get(URL)
    assert response.status_code == 403
    assert "isn’t part of your role" in response.text


def test_unit_review_query_count_does_not_grow_with_caseworkers(
    client_of, bob, unit_a, django_assert_max_num_queries
):
    for worker in CaseworkerFactory.create_batch(20, unit=unit_a):
        FamilyFactory.create_batch(2, assigned_caseworker=worker)
    client = client_of(bob)
    # session, user, unit, caseworkers with counts, the meetings panel (overdue action items by
    # caseworker, meetings this week: 2), session renewal (UPDATE in a savepoint: 3)
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    assert len(response.context["caseworkers"]) == 20
