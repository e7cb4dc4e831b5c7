"""The unit's meetings to come and overdue action items (the Meetings page) as CSV and Excel."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, Meeting
from tests.exports import body, csv_rows, last_export, xlsx_cells, xlsx_rows
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("meetings:upcoming")


def export(name, fmt):
    return reverse(f"meetings:{name}", kwargs={"fmt": fmt})


def meeting_in(family, days, worker):
    return Meeting.objects.create(
        family=family, scheduled_at=timezone.now() + timedelta(days=days), place="Office", recorded_by=worker
    )


def overdue_item(family, worker, days_late=1, what="Call the school"):
    meeting = meeting_in(family, -10, worker)
    return ActionItem.objects.create(
        meeting=meeting,
        family=family,
        what=what,
        who="Maria",
        due_on=date.today() - timedelta(days=days_late),
    )


def test_a_supervisor_exports_the_units_meetings_to_come_as_the_page_lists_them(
    client_of, alice, bob, charlie, family
):
    meeting_in(family, 3, alice)
    meeting_in(family, 1, alice)
    meeting_in(FamilyFactory(assigned_caseworker=charlie), 2, charlie)
    client = client_of(bob)

    page = client.get(PAGE)
    cells = xlsx_cells(client.get(export("upcoming_export", "xlsx")))

    header = [cell.value for cell in cells[0]]
    assert header == ["When", "Family", "Case number", "Caseworker", "Type", "Where", "Invited"]
    when = [
        timezone.localtime(m.scheduled_at).replace(tzinfo=None, microsecond=0)
        for m in page.context["meetings"]
    ]
    assert [row[0].value.replace(microsecond=0) for row in cells[1:]] == when
    assert cells[1][0].is_date and cells[1][6].value == 0
    assert {row[2].value for row in cells[1:]} == {family.case_number}  # nothing of charlie's unit
    assert f'href="{export("upcoming_export", "csv")}"' in page.text


def test_the_overdue_action_items_export_holds_the_pages_items(client_of, alice, bob, family):
    overdue_item(family, alice, days_late=2)
    overdue_item(family, alice, days_late=5, what="=cmd|' /C calc'!A0")
    client = client_of(bob)

    page = client.get(PAGE)
    header, *rows = csv_rows(client.get(export("overdue_export", "csv")))

    assert header[:2] == ["Due on", "Family"]
    assert [row[0] for row in rows] == [item.due_on.isoformat() for item in page.context["overdue_items"]]
    assert rows[0][header.index("What")] == "'=cmd|' /C calc'!A0"  # inert
    assert f'href="{export("overdue_export", "xlsx")}"' in page.text
    assert last_export(bob).detail == "action-items-overdue.csv; no filter"


def test_an_outsider_exports_nothing_of_the_unit(client_of, alice, charlie, family):
    meeting_in(family, 1, alice)
    overdue_item(family, alice)
    client = client_of(charlie)
    assert xlsx_rows(client.get(export("upcoming_export", "xlsx")))[1:] == []
    assert csv_rows(client.get(export("overdue_export", "csv")))[1:] == []


@pytest.mark.parametrize("name", ["upcoming_export", "overdue_export"])
def test_the_meetings_exports_issue_the_same_queries_for_2_and_20_rows(client_of, alice, bob, name):
    client = client_of(bob)

    def queries_for(n):
        for _ in range(n):
            family = FamilyFactory(assigned_caseworker=alice)
            meeting_in(family, 1, alice)
            overdue_item(family, alice)
        with CaptureQueriesContext(connection) as queries:
            body(client.get(export(name, "csv")))
        return len(queries)

    assert queries_for(2) == queries_for(18)
