"""Server-rendered charts: geometry from plain numbers and labels (no models), drawn by the
templates under templates/charts/. One implementation serves the browser and the PDF.

Only presentation attributes are used in the SVG (no style attributes, no script), so the
pages' Content-Security-Policy needs no exception.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext

# Colour-blind-safe (Okabe–Ito) palette, each with a distinct dash pattern as well.
SERIES_STYLES = [
    ("#0072B2", ""),
    ("#D55E00", "6 3"),
    ("#009E73", "2 3"),
    ("#CC79A7", "8 3 2 3"),
    ("#E69F00", "4 4"),
    ("#56B4E9", "1 2"),
    ("#000000", "10 4"),
]


@dataclass
class Point:
    x: float
    y: float
    value: float
    label: str


@dataclass
class Series:
    name: str
    colour: str
    dash: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points))


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    title: str
    y_min: float
    y_max: float
    x_label_y: float = 0
    plot_right: float = 0
    legend_rows: list[tuple[float, float, Series]] = field(default_factory=list)  # x, y, series


def line_chart(
    series: dict[str, list[tuple[date, float]]],
    *,
    title: str,
    y_min: float = 0,
    y_max: float = 10,
    width: int = 640,
    height: int = 300,
) -> LineChart:
    """One line per named series over dates; the y axis runs from y_min to y_max."""
    left, right, top, bottom = 44, 36, 16, 40
    legend_height = 18 * math.ceil(len(series) / 2)
    plot_h = height - top - bottom
    plot_w = width - left - right
    all_days = sorted({day for points in series.values() for day, _ in points})
    first, last = (all_days[0], all_days[-1]) if all_days else (date.today(), date.today())
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        if first == last:
            return left + plot_w / 2
        return left + plot_w * (day - first).days / span

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - y_min) / (y_max - y_min))

    drawn = []
    for index, (name, points) in enumerate(series.items()):
        colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        drawn.append(
            Series(
                name=name,
                colour=colour,
                dash=dash,
                points=[Point(x_of(d), y_of(v), v, _point_label(name, d, v)) for d, v in sorted(points)],
            )
        )
    _spread_coinciding(drawn)
    step = 2 if (y_max - y_min) > 5 else 1
    y_ticks = [Tick(y_of(v), f"{v:g}") for v in range(int(y_min), int(y_max) + 1, step)]
    x_days = (
        all_days if len(all_days) <= 6 else [all_days[round(i * (len(all_days) - 1) / 5)] for i in range(6)]
    )
    # Django's date format: the month's name follows the active language
    x_ticks = [Tick(x_of(d), date_format(d, "d M y")) for d in dict.fromkeys(x_days)]
    chart = LineChart(
        width,
        height + legend_height,
        left,
        right,
        top,
        bottom + legend_height,
        drawn,
        y_ticks,
        x_ticks,
        title,
        y_min,
        y_max,
    )
    chart.x_label_y = top + plot_h + 18
    chart.plot_right = left + plot_w
    chart.legend_rows = [
        (left + (i % 2) * (plot_w // 2), height + 4 + 18 * (i // 2), s) for i, s in enumerate(drawn)
    ]
    return chart


def _point_label(name: str, day: date, value: float) -> str:
    """A point's tooltip: “Maria (caregiver): 6 on 03 Mar 2026”, in the active language."""
    return gettext("%(name)s: %(value)s on %(date)s") % {
        "name": name,
        "value": f"{value:g}",
        "date": date_format(day, "d M Y"),
    }


MARK_SPACING = 9  # a point's mark has radius 4: marks this far apart touch but stay two


def _spread_coinciding(drawn: list[Series]) -> None:
    """Points of different series at the same place (two people giving the same number on the
    same day) are set side by side along the x axis, centred on the place, so each person's
    mark is seen; the value they sit at is unchanged."""
    at: dict[tuple[float, float], list[Point]] = {}
    for s in drawn:
        for p in s.points:
            at.setdefault((round(p.x, 1), round(p.y, 1)), []).append(p)
    for together in at.values():
        for i, p in enumerate(together):
            p.x += (i - (len(together) - 1) / 2) * MARK_SPACING


@dataclass
class PlacedMember:
    name: str
    detail: str
    x: float
    y: float
    ring: str


@dataclass
class NetworkCircles:
    size: int
    centre: float
    rings: list[tuple[str, float]]
    members: list[PlacedMember]
    centre_label: str


def network_circles(
    members: list[tuple[str, str, str]], *, centre_label: str, size: int = 420
) -> NetworkCircles:
    """Members (name, detail, ring: inner/middle/outer) placed on three circles around the
    family, closest supports inside; members of a ring are spread evenly around it."""
    centre = size / 2
    radii = {"inner": size * 0.2, "middle": size * 0.32, "outer": size * 0.44}
    placed = []
    for ring, radius in radii.items():
        on_ring = [m for m in members if m[2] == ring]
        offset = {"inner": -90, "middle": -60, "outer": -75}[ring]
        for i, (name, detail, _) in enumerate(on_ring):
            angle = math.radians(offset + 360 * i / max(len(on_ring), 1))
            placed.append(
                PlacedMember(
                    name, detail, centre + radius * math.cos(angle), centre + radius * math.sin(angle), ring
                )
            )
    return NetworkCircles(size, centre, list(radii.items()), placed, centre_label)


# --- Caseload bars --------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: int
    concern: int  # the part of the bar that needs attention
    y: float
    width: float
    concern_width: float


@dataclass
class BarChart:
    width: int
    height: int
    left: int
    bar_height: int
    bars: list[Bar]
    limit: int | None
    limit_x: float | None
    ticks: list[Tick]
    axis_y: float
    title: str
    concern_label: str


def caseload_bars(
    rows: list[tuple[str, int, int]], *, title: str, concern_label: str, limit: int | None = None
) -> BarChart:
    """One horizontal bar per row (label, value, the part of it that is a concern), on a common
    scale that always shows `limit` (e.g. the most families a caseworker should carry)."""
    left, right, bar_height, gap, top = 150, 20, 18, 8, 8
    width = 640
    longest = max([value for _, value, _ in rows] + [limit or 0, 1])
    step = _nice_step(longest)
    scale_max = math.ceil(longest / step) * step
    plot = width - left - right

    def x_of(value: float) -> float:
        return left + plot * value / scale_max

    bars = [
        Bar(
            label=label,
            value=value,
            concern=min(concern, value),
            y=top + i * (bar_height + gap),
            width=x_of(value) - left,
            concern_width=x_of(min(concern, value)) - left,
        )
        for i, (label, value, concern) in enumerate(rows)
    ]
    axis_y = top + len(rows) * (bar_height + gap)
    ticks = [Tick(x_of(v), str(v)) for v in range(0, scale_max + 1, step)]
    return BarChart(
        width=width,
        height=int(axis_y + 22),
        left=left,
        bar_height=bar_height,
        bars=bars,
        limit=limit,
        limit_x=x_of(limit) if limit else None,
        ticks=ticks,
        axis_y=axis_y,
        title=title,
        concern_label=concern_label,
    )


def _nice_step(largest: float) -> int:
    """A round tick step giving about five ticks: 1, 2, 5, 10, 20, 50, …"""
    raw = max(largest / 5, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))
