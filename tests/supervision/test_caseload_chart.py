"""The caseload bars on Unit review: valid SVG, bars to a common scale that always shows the
30-family guide, the darker part the families with a deadline missed."""

from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from sop_casework.charts import caseload_bars
from tests.factories import ChildFactory, FamilyFactory

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_share_one_scale_and_show_the_guide():
    chart = caseload_bars(
        [("Alice <Ames>", 12, 3), ("Dana", 36, 0)], title="Families", concern_label="late", limit=30
    )
    short, long = chart.bars
    assert long.width == pytest.approx(3 * short.width)
    assert short.concern_width == pytest.approx(short.width / 4)
    assert chart.limit_x < chart.left + long.width  # Dana carries more than the guide
    assert [tick.label for tick in chart.ticks] == ["0", "10", "20", "30", "40"]
    drawn = render_to_string("charts/caseload_bars.svg", {"chart": chart, "chart_id": "c"})
    svg = ElementTree.fromstring(drawn)  # noqa: S314 (our own output)
    assert svg.find(f"{SVG}title").text == "Families"
    assert "Alice <Ames>: 12, of which 3 late." in svg.find(f"{SVG}desc").text
    assert len(svg.findall(f".//{SVG}rect")) == 4


def test_an_empty_unit_draws_no_bars():
    chart = caseload_bars([], title="Families", concern_label="late", limit=30)
    assert chart.bars == [] and chart.ticks[-1].label == "30"


@pytest.mark.django_db
def test_unit_review_draws_each_caseworkers_caseload_and_what_is_late(client_of, alice, bob):
    late = FamilyFactory(assigned_caseworker=alice)
    ChildFactory(family=late)  # not seen this month
    FamilyFactory(assigned_caseworker=alice)
    response = client_of(bob).get(reverse("supervision:unit_review"))
    (bar,) = response.context["chart"].bars
    assert (bar.label, bar.value, bar.concern) == ("Alice Ames", 2, 1)
    assert "Alice Ames: 2, of which 1 with a deadline missed." in response.text
