"""Protective-factor change across a unit, as CSV and Excel: the rows of the page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from protective_factors.models import Instrument
from tests.exports import csv_rows, last_export, xlsx_rows
from tests.factories import CaregiverFactory
from tests.protective_factors.test_assessments import submitted

pytestmark = pytest.mark.django_db

PAGE = reverse("protective_factors:unit")


def export(fmt):
    return reverse("protective_factors:unit_export", kwargs={"fmt": fmt})


def test_the_unit_export_holds_the_change_per_factor_the_page_shows(client_of, alice, bob, family):
    maria = CaregiverFactory(family=family, first_name="Maria")
    instrument = Instrument.objects.get(code="sop-demonstration")
    submitted(family, alice, instrument, maria, 2, date(2026, 1, 1))
    submitted(family, alice, instrument, maria, 4, date(2026, 5, 1))
    client = client_of(bob)

    page = client.get(PAGE)
    rows = xlsx_rows(client.get(export("xlsx")))

    assert rows[0] == ["Factor", "Mean change, first to latest", "People"]
    assert [row[0] for row in rows[1:]] == [row.factor.label for row in page.context["rows"]]
    changes = {row[0]: row[1] for row in rows[1:]}
    shown = {row.factor.label: row.mean_change for row in page.context["rows"]}
    assert {label: (Decimal(str(v)) if v is not None else None) for label, v in changes.items()} == shown
    assert all(isinstance(v, int | float) for v in changes.values() if v is not None)  # numbers in Excel
    assert any(v is not None for v in changes.values())
    assert f'href="{export("csv")}"' in page.text
    assert csv_rows(client.get(export("csv")))[1][1] in {
        str(v) if v is not None else "" for v in shown.values()
    }
    assert last_export(bob).detail == "protective-factors-unit.csv; no filter"


def test_a_caseworker_may_not_download_the_units_change(client_of, alice):
    assert client_of(alice).get(export("csv")).status_code == 403
