import pytest
from django.urls import reverse

from tests.factories import CaseworkerFactory, SupervisorFactory, UnitFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:staff")


def test_an_administrator_sees_units_and_their_people(client_of, administrator, alice, bob, charlie):
    response = client_of(administrator).get(URL)
    assert response.status_code == 200
    for name in ("North Valley Unit", "Eastside Unit", "Alice Ames", "Bob Baptiste", "Charlie Cho"):
        assert name in response.text


@pytest.mark.parametrize("person", ["alice", "bob"])
def test_staff_is_for_administrators_only(client_of, request, person):
    assert client_of(request.getfixturevalue(person)).get(URL).status_code == 403


def test_staff_query_count_does_not_grow_with_units(client_of, administrator, django_assert_max_num_queries):
    for n in range(20):
        unit = UnitFactory(name=f"Unit {n}")
        SupervisorFactory(unit=unit)
        CaseworkerFactory.create_batch(3, unit=unit)
    client = client_of(administrator)
    # session, user, the administrator's authenticator device (two-step sign-in), units with
    # counts, their members, administrators, and the session's renewal (an UPDATE in a
    # savepoint: 3 queries)
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
