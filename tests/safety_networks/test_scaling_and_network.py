from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safety_networks.models import NetworkMember, ScalingScore
from safety_networks.services import network_member_save, scaling_record

pytestmark = pytest.mark.django_db


def a_score(**overrides):
    data = {
        "score": 6,
        "given_by": "caregiver",
        "name": "Maria",
        "scored_on": "2026-03-10",
        "occasion": "FTM",
    }
    return {**data, **overrides}


def test_three_scaling_numbers_are_recorded_and_drawn_one_line_per_person(client_of, alice, url):
    client = client_of(alice)
    for data in (
        a_score(),
        a_score(name="Lucía", given_by="network_member", score=5),
        a_score(score=7, scored_on="2026-04-01"),
    ):
        assert client.post(url("scaling"), data).status_code == 302
    assert ScalingScore.objects.count() == 3
    page = client.get(url("scaling")).text
    assert page.count('class="series"') == 2  # Maria and Lucía
    assert 'data-series="Maria (caregiver)"' in page


@pytest.mark.parametrize("score", ["11", "-1", "seven"])
def test_a_number_outside_0_to_10_is_refused_at_the_field_keeping_the_rest(client_of, alice, url, score):
    response = client_of(alice).post(url("scaling"), a_score(score=score, note="after the meeting"))
    assert response.status_code == 200
    assert "after the meeting" in response.text
    assert any(
        m in response.text
        for m in ("less than or equal to 10", "greater than or equal to 0", "Enter a whole number")
    )
    assert not ScalingScore.objects.exists()


def test_the_database_refuses_a_number_above_10(family, alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScalingScore.objects.create(family=family, recorded_by=alice, score=11, given_by="other", name="x")


def test_the_latest_number_per_person_shows_on_the_map(client_of, alice, url, family):
    scaling_record(
        family=family, by=alice, score=3, given_by="caseworker", name="Alice", scored_on=date(2026, 3, 1)
    )
    scaling_record(
        family=family, by=alice, score=5, given_by="caseworker", name="Alice", scored_on=date(2026, 4, 1)
    )
    page = client_of(alice).get(url("map")).text
    assert "5 out of 10" in page and "3 out of 10" not in page


def member(**overrides):
    data = {
        "name": "Lucía Reyes",
        "relationship": "aunt",
        "kind": "informal",
        "circle": "inner",
        "agreed_to": "checks in every evening",
        "knows_the_worries": "on",
        "joined_on": "2026-03-05",
    }
    return {**data, **overrides}


def test_two_network_members_are_added_and_drawn_in_their_circles(client_of, alice, url):
    client = client_of(alice)
    client.post(url("member_add"), member())
    client.post(url("member_add"), member(name="Mrs. Chen", relationship="neighbour", circle="middle"))
    page = client.get(url("network")).text
    assert page.count('class="member member-inner"') == 1 and page.count('class="member member-middle"') == 1
    assert "Lucía Reyes" in page and "knows the worries" in page


def test_a_member_who_leaves_is_kept_with_the_date(client_of, alice, url, family):
    lucia = network_member_save(
        family=family, by=alice, name="Lucía", relationship="aunt", joined_on=date(2026, 1, 1)
    )
    client_of(alice).post(
        url("member_left", lucia.pk), {"left_on": date.today().isoformat(), "version": lucia.version}
    )
    lucia.refresh_from_db()
    assert lucia.left_on == date.today()
    page = client_of(alice).get(url("network")).text
    assert "Left the network" in page and 'class="member member-' not in page


def test_leaving_before_joining_is_refused(client_of, alice, url, family):
    lucia = network_member_save(
        family=family, by=alice, name="Lucía", relationship="aunt", joined_on=date.today()
    )
    response = client_of(alice).post(
        url("member_left", lucia.pk),
        {"left_on": (date.today() - timedelta(days=5)).isoformat(), "version": lucia.version},
    )
    assert "can&#x27;t be before they joined" in response.text


def test_the_network_page_issues_the_same_queries_with_3_and_30_members(client_of, alice, url, family):
    def add(n):
        for i in range(n):
            NetworkMember.objects.create(
                family=family,
                recorded_by=alice,
                name=f"Member {i}",
                relationship="friend",
                circle=["inner", "middle", "outer"][i % 3],
            )

    client = client_of(alice)
    add(3)
    with CaptureQueriesContext(connection) as with_3:
        assert client.get(url("network")).status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as with_30:
        assert client.get(url("network")).status_code == 200
    assert len(with_3) == len(with_30)
