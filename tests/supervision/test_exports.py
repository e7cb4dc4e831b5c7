"""Unit review, the families behind each number, and the approvals inbox as CSV and Excel:
the rows each page shows, with its filter, under its access rule, audited."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from case_plans.models import CasePlan, PlanStatus
from families.models import ClosureRequest
from tests.exports import body, csv_rows, last_export, xlsx_cells, xlsx_rows
from tests.factories import ChildFactory, FamilyFactory, SupervisorFactory, family_with_every_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def eastside_supervisor(unit_b):
    """Charlie's supervisor: not the supervisor of alice's unit."""
    return SupervisorFactory(username="erin", unit=unit_b)


def url(name, fmt, **query):
    from urllib.parse import urlencode

    return reverse(f"supervision:{name}", kwargs={"fmt": fmt}) + (f"?{urlencode(query)}" if query else "")


# --- The families behind a number -------------------------------------------------------


def test_a_rules_families_export_holds_the_rows_of_its_page(client_of, alice, bob, charlie):
    # given two of alice's families with children not seen, one seen, and one in another unit
    for name in ("Unseen-One", "Unseen-Two"):
        ChildFactory(family=FamilyFactory(assigned_caseworker=alice, display_name=name))
    FamilyFactory(assigned_caseworker=alice, display_name="No-Children")
    ChildFactory(family=FamilyFactory(assigned_caseworker=charlie, display_name="Elsewhere"))
    query = {"rule": "not_seen", "unit": alice.unit_id}
    client = client_of(bob)

    page = client.get(reverse("supervision:families"), query)
    rows = xlsx_rows(client.get(url("families_export", "xlsx", **query)))

    shown = [family.display_name for family in page.context["families"]]
    assert shown == ["Unseen-One", "Unseen-Two"]
    assert [row[0] for row in rows[1:]] == shown
    assert "Caseworker" in rows[0]  # the whole unit's list names each family's caseworker
    assert (
        f'href="{url("families_export", "csv", rule="not_seen", unit=alice.unit_id).replace("&", "&amp;")}"'
        in page.text
    )


def test_an_agency_wide_export_of_every_open_family_for_a_program_administrator(
    client_of, administrator, alice, charlie
):
    FamilyFactory(assigned_caseworker=alice, display_name="Ames-Family")
    FamilyFactory(assigned_caseworker=charlie, display_name="Carter-Family")

    rows = csv_rows(client_of(administrator).get(url("families_export", "csv", rule="caseload")))

    assert sorted(row[0] for row in rows[1:]) == ["Ames-Family", "Carter-Family"]
    assert last_export(administrator).detail == "unit-review-caseload.csv; rule=caseload"


def test_the_agency_wide_export_read_in_pages_lists_the_pages_families_in_its_order(
    client_of, administrator, alice, charlie, monkeypatch
):
    # given seven families in two units, and exports that read two families a page
    monkeypatch.setattr("audit.exports.CHUNK", 2)
    for i, name in enumerate(["Garcia", "Ames", "Foster", "Chen", "Baker", "Evans", "Diaz"]):
        FamilyFactory(assigned_caseworker=(alice, charlie)[i % 2], display_name=name)
    client = client_of(administrator)

    page = client.get(reverse("supervision:families"), {"rule": "caseload"})
    rows = csv_rows(client.get(url("families_export", "csv", rule="caseload")))

    shown = [family.display_name for family in page.context["families"]]
    assert shown == ["Ames", "Baker", "Chen", "Diaz", "Evans", "Foster", "Garcia"]
    assert [row[0] for row in rows[1:]] == shown


def test_another_units_supervisor_gets_404_for_this_units_families(client_of, alice, eastside_supervisor):
    response = client_of(eastside_supervisor).get(
        url("families_export", "csv", rule="caseload", unit=alice.unit_id)
    )
    assert response.status_code == 404


def test_a_caseworker_may_not_download_a_rules_families(client_of, alice):
    assert client_of(alice).get(url("families_export", "csv", rule="caseload")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_families_export_issues_the_same_queries_for_3_and_30_families(client_of, alice, bob, fmt):
    client = client_of(bob)

    def queries_for(n):
        for _ in range(n):
            family_with_every_record(alice)
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url("families_export", fmt, rule="caseload")))
        return len(queries)

    assert queries_for(3) == queries_for(27)


# --- Unit review's table ----------------------------------------------------------------


def test_the_unit_review_export_has_a_row_per_caseworker_a_column_per_rule_and_the_totals(
    client_of, alice, bob, charlie
):
    ChildFactory.create_batch(2, family=FamilyFactory(assigned_caseworker=alice))
    FamilyFactory(assigned_caseworker=charlie)
    client = client_of(bob)

    page = client.get(reverse("supervision:unit_review"), {"sort": "caseload"})
    rows = xlsx_rows(client.get(url("unit_review_export", "xlsx", unit=alice.unit_id, sort="caseload")))

    header, *people, total = rows
    assert header[:3] == ["Caseworker", "Families", "Children"]
    assert [row[0] for row in people] == [str(row.who) for row in page.context["rows"]]
    alices = people[[row[0] for row in people].index(str(alice))]
    assert alices[1:3] == [1, 2]  # numbers, not text
    assert total[:3] == ["All", 1, 2]  # nothing of charlie's unit
    assert (
        f'href="{url("unit_review_export", "csv", unit=alice.unit_id, sort="name").replace("&", "&amp;")}"'
        in client.get(reverse("supervision:unit_review")).text
    )
    assert last_export(bob).detail == f"unit-review.xlsx; unit={alice.unit_id}, sort=caseload"


def test_a_program_administrator_exports_a_row_per_unit(client_of, administrator, alice, charlie):
    FamilyFactory(assigned_caseworker=alice)
    FamilyFactory(assigned_caseworker=charlie)

    header, *units, total = csv_rows(client_of(administrator).get(url("unit_review_export", "csv")))

    assert header[0] == "Unit"
    assert sorted(row[0] for row in units) == sorted([str(alice.unit), str(charlie.unit)])
    assert total[:2] == ["All", "2"]


def test_another_units_supervisor_gets_404_on_the_unit_review_export(client_of, alice, eastside_supervisor):
    response = client_of(eastside_supervisor).get(url("unit_review_export", "csv", unit=alice.unit_id))
    assert response.status_code == 404


# --- The approvals inbox ----------------------------------------------------------------


def test_the_approvals_export_lists_what_waits_oldest_first(client_of, alice, bob, charlie, family):
    CasePlan.objects.create(
        family=family,
        number=1,
        status=PlanStatus.SUBMITTED,
        recorded_by=alice,
        submitted_at=timezone.now() - timedelta(days=2),
    )
    ClosureRequest.objects.create(
        family=family, closed_on=date.today(), closure_reason="safety_goals_met", requested_by=alice
    )
    other = FamilyFactory(assigned_caseworker=charlie)
    ClosureRequest.objects.create(
        family=other, closed_on=date.today(), closure_reason="safety_goals_met", requested_by=charlie
    )
    client = client_of(bob)

    page = client.get(reverse("supervision:approvals"))
    cells = xlsx_cells(client.get(url("approvals_export", "xlsx")))

    header = [cell.value for cell in cells[0]]
    assert header == ["Waiting", "Family", "Case number", "Caseworker", "Asked on", "Asked by"]
    assert [row[0].value for row in cells[1:]] == [str(item.what) for item in page.context["waiting"]]
    assert [row[2].value for row in cells[1:]] == [family.case_number] * 2
    assert cells[1][4].is_date  # a moment stays a moment
    assert cells[1][5].value == str(alice)
    assert f'href="{url("approvals_export", "csv")}"' in page.text


def test_another_supervisors_approvals_export_holds_nothing_of_this_unit(
    client_of, alice, eastside_supervisor, family
):
    ClosureRequest.objects.create(
        family=family, closed_on=date.today(), closure_reason="safety_goals_met", requested_by=alice
    )
    assert csv_rows(client_of(eastside_supervisor).get(url("approvals_export", "csv")))[1:] == []


def test_a_caseworker_may_not_download_the_approvals(client_of, alice):
    assert client_of(alice).get(url("approvals_export", "csv")).status_code == 403
