"""The body of Unit review's table: a row per caseworker (or, for a program administrator, per
unit) with a number per rule, and the totals. Each number that isn't 0 links to the families
behind it. Built in Python, as the caseload's rows are (families/caseload.py): a unit's
table holds some 70 numbers, and a template tag per number took most of the page's
rendering."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Unit

from .compliance import Rule
from .selectors import ReviewRow

NO_ONE = _("No caseworker or unit")


@dataclass(frozen=True)
class ReviewTable:
    rows: list[SafeString]  # each row's header and numbers
    total: SafeString  # the numbers of every row added up


def review_table(rows: list[ReviewRow], total: ReviewRow, *, unit: Unit | None, row_link: str) -> ReviewTable:
    """`row_link`: "worker" (rows are a unit's caseworkers) or "unit" (rows are units)."""
    families = reverse("supervision:families")
    whole = {"unit": unit.pk} if unit is not None else {}
    body = []
    for row in rows:
        scope = _scope(row, row_link, whole)
        numbers = [_number(rule, n, families, scope) for rule, n in row.cells]
        body.append(_join(_row_header(row, row_link), *numbers))
    totals = (_number(rule, n, families, whole) for rule, n in total.cells)
    return ReviewTable(rows=body, total=_join(_all(), *totals))


def _all() -> SafeString:
    return format_html('<th scope="row">{}</th>', _("All"))


def _zero(rule: Rule) -> SafeString:
    """A 0 of the rule's column (its heading in the reader's language, for a phone)."""
    return format_html(
        '<td class="text-end" data-label="{}"><span class="text-body-secondary">0</span></td>', rule.heading
    )


def _scope(row: ReviewRow, row_link: str, whole: dict) -> dict | None:
    """The query of the families list for a row's numbers; None for families without a
    caseworker or unit, which have no list of their own."""
    if row.who is None:
        return None
    return {("unit" if row_link == "unit" else "worker"): row.who.pk} | whole


def _row_header(row: ReviewRow, row_link: str) -> SafeString:
    if row.who is None:
        return format_html('<th scope="row">{}</th>', NO_ONE)
    if row_link == "unit":
        url = reverse("supervision:unit_review_of", args=[row.who.pk])
        return format_html('<th scope="row"><a href="{}">{}</a></th>', url, row.who)
    return format_html('<th scope="row">{}</th>', row.who)


def _number(rule: Rule, number: int, families: str, scope: dict | None) -> SafeString:
    """A number of the review; when it isn't 0, a link to the families behind it (see _scope).
    data-label: the column's heading, shown beside the number on a phone (.table-stack)."""
    if not number:
        return _zero(rule)
    if scope is None:
        return format_html('<td class="text-end" data-label="{}">{}</td>', rule.heading, number)
    return format_html(
        '<td class="text-end" data-label="{}">'
        '<a href="{}?{}" aria-label="{}"><span class="{}">{}</span></a></td>',
        rule.heading,
        families,
        urlencode({"rule": rule.slug, **scope}),
        _counted(rule, number),
        "badge text-bg-warning" if rule.is_a_concern else "",
        number,
    )


def _counted(rule: Rule, number: int) -> str:
    """A number's link read aloud, e.g. "2 children: families with children not seen in
    person this month"."""
    values = {"count": number, "list": rule.describes.lower()}
    if rule.counts == "children":
        return ngettext("%(count)s child: %(list)s", "%(count)s children: %(list)s", number) % values
    if rule.counts == "items":
        return ngettext("%(count)s item: %(list)s", "%(count)s items: %(list)s", number) % values
    return ngettext("%(count)s family: %(list)s", "%(count)s families: %(list)s", number) % values


def _join(*cells: SafeString) -> SafeString:
    return mark_safe("".join(cells))  # noqa: S308 (each cell is format_html's or a fixed string)
