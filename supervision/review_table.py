"""The body of Unit review's table: a row per caseworker (or, for a program administrator, per
unit) with a number per rule, and the totals. Each number that isn't 0 links to the families
behind it. Here each number gets its link and the sentence a screen reader says for it;
templates/supervision/_review_table.html writes the cells.

The cells were once written here with format_html, as the caseload's still are
(families/caseload.py). Measured against the template on a 10,000-family database (issue 24,
bench/plain_django.py, bench/RESULTS.md "Plain Django against the machinery"), that saved
10-13 % of the page's server time, under the 20 % asked of hand-made machinery, so the
template writes them: a unit's table is a few caseworkers by eleven rules."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Unit

from .compliance import Rule
from .selectors import ReviewRow

NO_ONE = _("No caseworker or unit")


@dataclass(frozen=True)
class ReviewNumber:
    rule: Rule
    number: int
    link: str  # the families behind the number; "" for 0, or for families without a caseworker or unit
    label: str  # the link read aloud (see _counted)


@dataclass(frozen=True)
class ReviewLine:
    who: object  # a caseworker, a unit, or None (families without either)
    link: str  # a unit's own review, for rows of units; else ""
    numbers: list[ReviewNumber]


@dataclass(frozen=True)
class ReviewTable:
    rows: list[ReviewLine]
    total: list[ReviewNumber]  # the numbers of every row added up


def review_table(rows: list[ReviewRow], total: ReviewRow, *, unit: Unit | None, row_link: str) -> ReviewTable:
    """`row_link`: "worker" (rows are a unit's caseworkers) or "unit" (rows are units)."""
    families = reverse("supervision:families")
    whole = {"unit": unit.pk} if unit is not None else {}
    lines = [
        ReviewLine(
            who=row.who,
            link=reverse("supervision:unit_review_of", args=[row.who.pk])
            if row_link == "unit" and row.who is not None
            else "",
            numbers=_numbers(row, families, _scope(row, row_link, whole)),
        )
        for row in rows
    ]
    return ReviewTable(rows=lines, total=_numbers(total, families, whole))


def _scope(row: ReviewRow, row_link: str, whole: dict) -> dict | None:
    """The query of the families list for a row's numbers; None for families without a
    caseworker or unit, which have no list of their own."""
    if row.who is None:
        return None
    return {("unit" if row_link == "unit" else "worker"): row.who.pk} | whole


def _numbers(row: ReviewRow, families: str, scope: dict | None) -> list[ReviewNumber]:
    return [
        ReviewNumber(
            rule,
            number,
            f"{families}?{urlencode({'rule': rule.slug, **scope})}" if number and scope is not None else "",
            _counted(rule, number) if number else "",
        )
        for rule, number in row.cells
    ]


def _counted(rule: Rule, number: int) -> str:
    """A number's link read aloud, e.g. "2 children: families with children not seen in
    person this month"."""
    values = {"count": number, "list": rule.describes.lower()}
    if rule.counts == "children":
        return ngettext("%(count)s child: %(list)s", "%(count)s children: %(list)s", number) % values
    if rule.counts == "items":
        return ngettext("%(count)s item: %(list)s", "%(count)s items: %(list)s", number) % values
    return ngettext("%(count)s family: %(list)s", "%(count)s families: %(list)s", number) % values
