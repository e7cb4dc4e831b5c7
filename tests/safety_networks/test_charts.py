"""The server-rendered SVG charts: valid XML, one series per person, axis 0 to 10."""

from datetime import date
from xml.etree import ElementTree

from django.template.loader import render_to_string
from django.utils import translation

from sop_casework.charts import line_chart, network_circles

SVG = "{http://www.w3.org/2000/svg}"


def render(template, **context) -> ElementTree.Element:
    return ElementTree.fromstring(render_to_string(template, context))  # noqa: S314 (our own output)


def test_the_scaling_chart_is_valid_svg_with_one_series_per_person_and_a_0_to_10_axis():
    chart = line_chart(
        {
            "Maria (caregiver)": [(date(2026, 3, 3), 6), (date(2026, 4, 1), 7)],
            "Daniel (caregiver)": [(date(2026, 3, 3), 7)],
            "Lucía <aunt> & co": [(date(2026, 3, 3), 5), (date(2026, 4, 1), 6), (date(2026, 5, 1), 8)],
        },
        title="Scaling",
    )
    svg = render("charts/line_chart.svg", chart=chart, chart_id="c")
    series = svg.findall(f".//{SVG}g[@class='series']")
    assert [s.get("data-series") for s in series] == [
        "Maria (caregiver)",
        "Daniel (caregiver)",
        "Lucía <aunt> & co",
    ]
    assert [len(s.findall(f"{SVG}circle")) for s in series] == [2, 1, 3]
    labels = [t.text for t in svg.findall(f"{SVG}text")]
    assert labels[:6] == ["0", "2", "4", "6", "8", "10"]
    # 0 is at the bottom of the plot and 10 at the top
    ys = {t.text: float(t.get("y")) for t in svg.findall(f"{SVG}text") if t.text in ("0", "10")}
    assert ys["0"] > ys["10"]
    assert svg.find(f"{SVG}title").text == "Scaling"


def test_a_point_sits_at_its_value():
    chart = line_chart({"A": [(date(2026, 1, 1), 0), (date(2026, 2, 1), 10)]}, title="t")
    low, high = chart.series[0].points
    assert low.y == chart.top + (chart.height - chart.top - chart.bottom)
    assert high.y == chart.top


def test_the_network_circles_are_valid_svg_with_each_member_on_their_ring():
    circles = network_circles(
        [
            ("Lucía", "aunt", "inner"),
            ("Samuel", "brother", "inner"),
            ("Mrs. Chen", "neighbour", "middle"),
            ("Teacher <b>", "school", "outer"),
        ],
        centre_label="Okafor-Reyes",
    )
    svg = render("charts/network_circles.svg", circles=circles, chart_id="n")
    members = svg.findall(f".//{SVG}g")
    assert [m.get("class") for m in members] == ["member member-inner"] * 2 + [
        "member member-middle",
        "member member-outer",
    ]
    centre = circles.centre
    for member in circles.members:
        distance = ((member.x - centre) ** 2 + (member.y - centre) ** 2) ** 0.5
        assert round(distance, 3) == round(dict(circles.rings)[member.ring], 3)


def test_two_people_giving_the_same_number_on_the_same_day_are_two_marks_side_by_side():
    day = date(2026, 3, 3)
    chart = line_chart(
        {"Maria (caregiver)": [(day, 6)], "Daniel (caregiver)": [(day, 6)], "Lucía (network)": [(day, 5)]},
        title="Scaling",
    )
    svg = render("charts/line_chart.svg", chart=chart, chart_id="c")
    marks = {
        s.get("data-series"): [(float(c.get("cx")), float(c.get("cy"))) for c in s.findall(f"{SVG}circle")]
        for s in svg.findall(f".//{SVG}g[@class='series']")
    }
    (maria,), (daniel,), (lucia,) = marks.values()
    assert maria[1] == daniel[1]  # both still read 6
    assert abs(maria[0] - daniel[0]) >= 8  # two whole marks of radius 4, side by side
    assert (maria[0] + daniel[0]) / 2 == lucia[0]  # centred on the day, where Lucía's 5 sits


def test_the_scaling_chart_writes_its_dates_in_the_readers_language():
    """The axis and each point's tooltip name the month as Django does for the active
    language: "04 Jan 26" in English, "04 Ene 26" in Spanish (never English by hand)."""
    series = {"Maria (caregiver)": [(date(2026, 1, 4), 6)]}
    english = render("charts/line_chart.svg", chart=line_chart(series, title="Scaling"), chart_id="c")
    assert "04 Jan 26" in [t.text for t in english.findall(f"{SVG}text")]
    assert english.find(f".//{SVG}circle/{SVG}title").text == "Maria (caregiver): 6 on 04 Jan 2026"
    with translation.override("es"):
        spanish = render("charts/line_chart.svg", chart=line_chart(series, title="Escala"), chart_id="c")
    assert "04 Ene 26" in [t.text for t in spanish.findall(f"{SVG}text")]
    assert "04 Ene 2026" in spanish.find(f".//{SVG}circle/{SVG}title").text
