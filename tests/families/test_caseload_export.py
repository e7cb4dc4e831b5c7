"""My caseload as CSV and Excel: the rows the page shows, with its filter, inert, audited."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from families.models import FamilyStatus
from tests.exports import csv_rows, last_export, xlsx_cells, xlsx_rows
from tests.factories import ChildFactory, ContactFactory, FamilyFactory, family_with_every_record

pytestmark = pytest.mark.django_db

PAGE = reverse("families:my_caseload")


def export(fmt):
    return reverse("families:my_caseload_export", kwargs={"fmt": fmt})


def test_the_excel_export_holds_the_rows_the_page_shows_with_the_same_filter(client_of, alice, charlie):
    # given alice's open and closed families, and one of charlie's
    open_family = FamilyFactory(display_name="Okafor-Reyes", assigned_caseworker=alice)
    ChildFactory.create_batch(2, family=open_family)
    FamilyFactory(display_name="Adeyemi", assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    FamilyFactory(display_name="Someone-Else", assigned_caseworker=charlie)
    client = client_of(alice)
    query = {"status": "open", "sort": "case"}

    # when she downloads the caseload as she filters it
    page = client.get(PAGE, query)
    rows = xlsx_rows(client.get(export("xlsx"), query))

    # then the file holds the page's families, in its order, under translated headers
    shown = [family.display_name for family in page.context["families"]]
    assert shown == ["Okafor-Reyes"]
    assert rows[0][:4] == ["Family", "Indian Child Welfare Act applies", "Case number", "Status"]
    assert [row[0] for row in rows[1:]] == shown
    header = rows[0]
    assert rows[1][header.index("Children")] == 2  # a number, not text
    assert rows[1][header.index("Status")] == "Open"


def test_the_csv_export_holds_the_same_rows_with_dates_in_iso(client_of, alice):
    family = FamilyFactory(display_name="Okafor-Reyes", assigned_caseworker=alice)
    child = ChildFactory(family=family)
    contact = ContactFactory(family=family, children_seen=[child])

    rows = csv_rows(client_of(alice).get(export("csv")))

    header, row = rows
    assert row[header.index("Family")] == "Okafor-Reyes"
    assert row[header.index("Last visit")] == contact.occurred_at.astimezone().date().isoformat() or row[
        header.index("Last visit")
    ] == str(date.fromisoformat(row[header.index("Last visit")]))
    assert row[header.index("Not seen this month")] == "0"


def test_a_family_name_typed_as_a_formula_is_inert_in_both_files(client_of, alice):
    FamilyFactory(display_name='=HYPERLINK("http://evil.example","Click")', assigned_caseworker=alice)
    client = client_of(alice)

    csv_row = csv_rows(client.get(export("csv")))[1]
    cell = xlsx_cells(client.get(export("xlsx")))[1][0]

    assert csv_row[0] == '\'=HYPERLINK("http://evil.example","Click")'
    assert cell.value == '\'=HYPERLINK("http://evil.example","Click")' and cell.data_type == "s"


def test_a_date_stays_a_date_in_excel(client_of, alice):
    family = FamilyFactory(assigned_caseworker=alice)
    ContactFactory(family=family)

    cells = xlsx_cells(client_of(alice).get(export("xlsx")))

    last_visit = cells[1][[c.value for c in cells[0]].index("Last visit")]
    assert last_visit.is_date and last_visit.number_format == "yyyy-mm-dd"


def test_each_export_is_audited_with_its_filter(client_of, alice, family):
    client_of(alice).get(export("csv"), {"status": "open", "q": "okafor"})

    event = last_export(alice)
    assert event.detail == "caseload.csv; query=okafor, status=open, sort=name"


def test_the_file_is_in_the_readers_language_even_as_it_streams_after_the_view(client_of, alice, family):
    alice.language = "es"
    alice.save()
    response = client_of(alice).get(export("csv"))
    translation.activate("en")  # a server thread writes the streamed body after the request
    header, row = csv_rows(response)
    assert header[0] == "Familia"
    assert row[header.index("Estado")] == "Abierto"


def test_a_caseworker_exports_only_their_own_families(client_of, charlie, family):
    assert csv_rows(client_of(charlie).get(export("csv")))[1:] == []


def test_the_export_needs_sign_in(client):
    response = client.get(export("csv"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_page_offers_the_download_with_its_filter(client_of, alice, family):
    page = client_of(alice).get(PAGE, {"status": "open"}).text
    assert f'href="{export("csv")}?status=open"' in page
    assert f'href="{export("xlsx")}?status=open"' in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_issues_the_same_queries_for_3_and_30_families(client_of, alice, fmt):
    client = client_of(alice)

    def queries_for(n):
        for _ in range(n):
            family_with_every_record(alice)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(export(fmt))
            b"".join(response.streaming_content)
        return len(queries)

    assert queries_for(3) == queries_for(27)


# --- Read in pages (audit.exports.in_pages) ------------------------------------------------


@pytest.fixture
def pages_of_two(monkeypatch):
    """Exports read two families a page, so that a handful of families spans several pages."""
    monkeypatch.setattr("audit.exports.CHUNK", 2)


@pytest.mark.parametrize("sort", ["name", "case", "last_visit", "unseen"])
def test_the_export_read_in_pages_lists_the_pages_families_in_its_order(client_of, alice, pages_of_two, sort):
    # given seven families whose names, case numbers, last visits and children not seen
    # this month sort them differently (two of the sorts are annotations of the row)
    names = ["Baker", "Ames", "Garcia", "Evans", "Chen", "Diaz", "Foster"]
    for i, name in enumerate(names):
        family = FamilyFactory(display_name=name, assigned_caseworker=alice, case_number=f"C-{(i * 3) % 7}")
        children = ChildFactory.create_batch(i % 3, family=family)
        if i % 2:
            ContactFactory(
                family=family, occurred_at=timezone.now() - timedelta(days=i), children_seen=children[:1]
            )
    FamilyFactory(display_name="Closed", assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    client = client_of(alice)
    query = {"status": "open", "sort": sort}

    page = client.get(PAGE, query)
    rows = csv_rows(client.get(export("csv"), query))

    shown = [family.display_name for family in page.context["families"]]
    assert len(shown) == 7
    assert [row[0] for row in rows[1:]] == shown
    unseen = rows[0].index("Not seen this month")
    assert [int(row[unseen]) for row in rows[1:]] == [f.children_unseen for f in page.context["families"]]


def test_the_export_read_in_pages_costs_a_query_a_page_not_a_query_a_row(
    client_of, alice, pages_of_two, django_assert_max_num_queries
):
    client = client_of(alice)
    family_with_every_record(alice)
    with CaptureQueriesContext(connection) as one_page:
        assert len(csv_rows(client.get(export("csv")))) == 2

    for _ in range(8):
        family_with_every_record(alice)

    # nine families, five pages of two: four queries more than one page, whatever is in a row
    with django_assert_max_num_queries(len(one_page) + 4):
        assert len(csv_rows(client.get(export("csv")))) == 10
