"""Unit review at the HTTP level: the supervisor's rows and totals, the families behind each
number, a program administrator's view of every unit, and the three people."""

import pytest
from django.urls import reverse

from families.models import FamilyStatus
from safety_networks.models import SafetyAssessment
from tests.factories import (
    CaseworkerFactory,
    ChildFactory,
    ContactFactory,
    FamilyFactory,
    family_with_every_record,
)

pytestmark = pytest.mark.django_db

URL = reverse("supervision:unit_review")


def families_url(**query):
    from urllib.parse import urlencode

    return f"{reverse('supervision:families')}?{urlencode(query)}"


def row_of(response, who):
    (row,) = [r for r in response.context["rows"] if r.who == who]
    return row.numbers


def test_a_supervisor_sees_each_caseworker_against_the_standards(client_of, alice, bob, charlie, unit_a):
    dana = CaseworkerFactory(first_name="Dana", last_name="Diaz", unit=unit_a)
    unseen = FamilyFactory(assigned_caseworker=alice, display_name="Unseen")
    ChildFactory.create_batch(2, family=unseen)
    seen = FamilyFactory(assigned_caseworker=alice, display_name="Seen")
    child = ChildFactory(family=seen)
    ContactFactory(family=seen, children_seen=[child])
    SafetyAssessment.objects.create(family=seen, recorded_by=alice, decision="unsafe", placement_made=True)
    FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    FamilyFactory(assigned_caseworker=dana, status=FamilyStatus.REFERRAL)
    other_unit = FamilyFactory(assigned_caseworker=charlie)
    ChildFactory.create_batch(5, family=other_unit)

    response = client_of(bob).get(URL)

    assert response.status_code == 200
    alices = row_of(response, alice)
    assert (alices["caseload"], alices["children"], alices["not_seen"], alices["unsafe"]) == (2, 3, 2, 1)
    assert row_of(response, dana)["caseload"] == 1
    total = response.context["total"].numbers
    assert total["caseload"] == 3 and total["children"] == 3  # nothing of Charlie's unit
    assert "Charlie" not in response.text
    link = families_url(rule="not_seen", worker=alice.pk, unit=alice.unit_id)
    assert f'href="{link.replace("&", "&amp;")}"' in response.text


def test_each_number_opens_the_families_behind_it(client_of, alice, bob, charlie):
    unseen = FamilyFactory(assigned_caseworker=alice, display_name="Unseen")
    ChildFactory(family=unseen)
    seen = FamilyFactory(assigned_caseworker=alice, display_name="Seen")
    ContactFactory(family=seen, children_seen=[ChildFactory(family=seen)])
    ChildFactory(family=FamilyFactory(assigned_caseworker=charlie, display_name="Elsewhere"))

    response = client_of(bob).get(families_url(rule="not_seen", worker=alice.pk))

    assert response.status_code == 200
    assert [f.display_name for f in response.context["families"]] == ["Unseen"]
    assert "Families with children not seen in person this month" in response.text
    whole_unit = client_of(bob).get(families_url(rule="not_seen"))
    assert [f.display_name for f in whole_unit.context["families"]] == ["Unseen"]


def test_rows_sort_by_any_column_largest_first(client_of, alice, bob, unit_a):
    busy = CaseworkerFactory(first_name="Zed", last_name="Zimmer", unit=unit_a)
    FamilyFactory.create_batch(3, assigned_caseworker=busy)
    FamilyFactory(assigned_caseworker=alice)
    by_name = client_of(bob).get(URL).context["rows"]
    by_caseload = client_of(bob).get(URL, {"sort": "caseload"}).context["rows"]
    assert [r.who for r in by_name] == [alice, busy]
    assert [r.who for r in by_caseload] == [busy, alice]


def test_a_supervisor_of_one_unit_gets_404_for_the_other_units_pages(client_of, bob, charlie, unit_b):
    family = FamilyFactory(assigned_caseworker=charlie)
    client = client_of(bob)
    assert client.get(reverse("supervision:unit_review_of", args=[unit_b.pk])).status_code == 404
    assert client.get(families_url(rule="caseload", unit=unit_b.pk)).status_code == 404
    assert client.get(families_url(rule="caseload", worker=charlie.pk)).status_code == 404
    assert client.get(reverse("families:overview", args=[family.public_id])).status_code == 404
    assert client.get(f"{reverse('supervision:reassign')}?unit={unit_b.pk}").status_code == 404


def test_an_unknown_list_is_not_found(client_of, bob):
    assert client_of(bob).get(families_url(rule="nonsense")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [URL, families_url(rule="caseload"), reverse("supervision:approvals"), reverse("supervision:reassign")],
)
def test_caseworkers_may_not_open_the_supervisors_pages(client_of, alice, url):
    response = client_of(alice).get(url)
    assert response.status_code == 403
    assert "isn’t part of your role" in response.text


def test_a_program_administrator_sees_one_row_per_unit_and_opens_each(
    client_of, administrator, alice, charlie, unit_a, unit_b
):
    FamilyFactory.create_batch(2, assigned_caseworker=alice)
    FamilyFactory(assigned_caseworker=charlie)
    client = client_of(administrator)

    agency = client.get(URL)
    assert agency.status_code == 200
    assert {str(r.who): r.numbers["caseload"] for r in agency.context["rows"]} == {
        "North Valley Unit": 2,
        "Eastside Unit": 1,
    }
    assert agency.context["total"].numbers["caseload"] == 3
    assert reverse("supervision:unit_review_of", args=[unit_b.pk]) in agency.text

    one = client.get(reverse("supervision:unit_review_of", args=[unit_b.pk]))
    assert one.status_code == 200 and [r.who for r in one.context["rows"]] == [charlie]
    listed = client.get(families_url(rule="caseload", unit=unit_a.pk))
    assert len(listed.context["families"]) == 2


def build_unit(unit, families_each: int):
    """8 caseworkers, each with `families_each` families with every kind of record the rules read."""
    for worker in CaseworkerFactory.create_batch(8, unit=unit):
        for _ in range(families_each):
            family_with_every_record(worker)


def test_unit_review_issues_the_same_queries_for_8_by_30_as_for_8_by_3(
    client_of, bob, unit_a, unit_b, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = unit_a, unit_b
    build_unit(small, 3)
    build_unit(large, 30)
    client = client_of(bob)
    with CaptureQueriesContext(connection) as with_3:
        response = client.get(URL)
    assert response.context["total"].numbers["caseload"] == 24
    assert response.context["total"].numbers["waiting"] == 24 * 2  # a plan and a closure each

    bob.unit = large
    bob.save()
    # session, user, unit, the grouped sums, the caseworkers, session renewal (3)
    with CaptureQueriesContext(connection) as with_30, django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.context["total"].numbers["caseload"] == 240
    assert response.context["total"].numbers["first_meeting"] == 240
    assert response.context["total"].numbers["case_plan"] == 240
    assert len(with_3) == len(with_30)


def test_the_list_behind_a_number_issues_the_same_queries_for_3_and_30_families(
    client_of, bob, unit_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_unit(unit_a, 3)
    client = client_of(bob)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(families_url(rule="high_risk")).context["families"]) == 24
    build_unit(unit_a, 27)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(families_url(rule="high_risk")).context["families"]) == 240
    assert len(few) == len(many)


def test_a_number_read_aloud_says_one_family_or_child_in_the_singular(client_of, alice, bob):
    """A screen reader hears each number's link as a sentence: "1 family: …", not "1 families"."""
    FamilyFactory(assigned_caseworker=alice, display_name="Only")
    ChildFactory(family=FamilyFactory(assigned_caseworker=alice, display_name="Two"))

    text = client_of(bob).get(URL).text

    assert 'aria-label="1 child: families with children at home"' in text
    assert 'aria-label="2 families: families not closed"' in text
    assert "1 children" not in text and "1 families" not in text


def test_the_numbers_are_counted_as_whole_numbers_in_every_language(client_of, alice, bob):
    """The sums come from PostgreSQL as numerics; ngettext counts with whole numbers only (a
    Decimal is deprecated by Python's gettext and refused by later versions), so the review
    reads "1 familia" and its one child in Spanish as in English (issue 17)."""
    import warnings

    ChildFactory(family=FamilyFactory(assigned_caseworker=alice, display_name="Only"))
    bob.language = "es"
    bob.save(update_fields=["language"])
    client = client_of(bob)
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "error", message="Plural value must be an integer", category=DeprecationWarning
        )
        response = client.get(URL)
    assert all(type(n) is int for n in row_of(response, alice).values())
    assert 'aria-label="1 familia: ' in response.text
    assert row_of(response, alice)["children"] == 1
