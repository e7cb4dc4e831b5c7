"""The caseload table (families/caseload.py): one row per family, a cell per column, built in
Python rather than a template include per cell. It must say what the templates said, escape
what a caseworker typed, and write dates as Django's date filter does."""

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation

from families.caseload import day
from families.models import Contact
from tests.factories import ChildFactory, FamilyFactory, family_with_every_record

URL = reverse("families:my_caseload")


class _Table(HTMLParser):
    """The header texts and each body row's cell texts of the page's caseload table."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self._cell, self._in_body = [], [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.rows[-1] if self._in_body else self.headers).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_of(html: str) -> _Table:
    table = _Table()
    table.feed(html)
    return table


@pytest.mark.django_db
def test_a_row_reads_every_column_for_a_family_with_every_record(client_of, alice):
    family = family_with_every_record(alice, display_name="Every-Record")
    opened = date.today() - timedelta(days=90)
    last_visit = Contact.objects.get(family=family).occurred_at

    table = table_of(client_of(alice).get(URL).text)

    assert table.headers == [
        "Family", "Case number", "Status", "Children", "Last visit", "Not seen this month",
        "Safety decision", "Risk level", "First meeting", "Where the children live", "Case plan",
        "Next hearing", "From supervision", "Next due",
    ]  # fmt: skip
    due_by_60_days = date_filter(opened + timedelta(days=60), "j M")
    assert table.rows == [
        [
            "Every-Record",
            family.case_number,
            "Open",
            "1",
            date_filter(timezone.localtime(last_visit), "j M Y"),
            "all seen",
            "Conditionally safe",
            "High",
            f"overdue since {due_by_60_days} 1 action item overdue",
            "—",  # no placement recorded: the child lives at home
            f"overdue first plan by {due_by_60_days}",
            "—",
            "Case plan waiting for the supervisor Closure waiting for the supervisor 1 agreed action",
            "—",
        ]
    ]


@pytest.mark.django_db
def test_a_family_not_yet_assessed_shows_quiet_cells_and_what_is_due(client_of, alice):
    family = FamilyFactory(display_name="Quiet", assigned_caseworker=alice, icwa_applies=True)
    ChildFactory.create_batch(2, family=family)

    (row,) = table_of(client_of(alice).get(URL).text).rows

    assert row[0] == "Quiet ICWA"
    assert row[3:] == ["2", "none yet", "2 of 2", "not assessed", "—", "—", "—", "—", "—", "—", row[-1]]
    assert row[-1].startswith("Visit: 2 children not yet seen, by ")


@pytest.mark.django_db
def test_what_a_caseworker_typed_is_escaped_in_the_table(client_of, alice):
    FamilyFactory(display_name='<script>alert("x")</script> & Co', assigned_caseworker=alice)

    page = client_of(alice).get(URL).text

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page


def test_day_writes_a_date_as_the_date_filter_does():
    for month in range(1, 13):
        for d in (date(2026, month, 1), date(2027, month, 28)):
            assert day(d) == date_filter(d, "j M")
            assert day(d, year=True) == date_filter(d, "j M Y")


def test_day_writes_the_month_in_the_active_language():
    # Django's own Spanish month names; the English ones are not written by hand any more.
    for month in range(1, 13):
        d = date(2026, month, 4)
        with translation.override("es"):
            assert day(d) == date_filter(d, "j M")
    with translation.override("es"):
        assert day(date(2026, 1, 4)) == "4 Ene"
        assert day(date(2026, 8, 29), year=True) == "29 Ago 2026"
    assert day(date(2026, 1, 4)) == "4 Jan"


def test_day_reads_a_moment_in_the_agency_time_zone():
    # 06:30 UTC on 15 October is 23:30 on 14 October in Los Angeles.
    moment = datetime(2026, 10, 15, 6, 30, tzinfo=ZoneInfo("UTC"))
    with timezone.override("America/Los_Angeles"):
        assert day(moment) == "14 Oct"
        assert day(moment, year=True) == date_filter(timezone.localtime(moment), "j M Y") == "14 Oct 2026"
