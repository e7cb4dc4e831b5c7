"""The caseload table: one row per family, one cell per column. My caseload, search and the
families behind a number of Unit review all show it.

Each column is a header and a function from one annotated row (families.selectors'
caseload columns, and those registered by the apps above families) to the cell's HTML,
built with format_html, which escapes what it is given as a template would. A caseload
is read many times a day, often with 30 to 50 rows of 12 columns: a template include per
cell cost about half a millisecond a row, these functions a few hundredths.

What it buys (issue 24: bench/plain_django.py on 10,000 families, against the same cells
written by a template fragment, dates by Django's date format, the URL reversed per row;
two runs of 30 alternating rounds): 25 % of My caseload's CPU time (15 rows) and 18-38 % of
its wall time; 37-42 % of the CPU time of a search listing 154 families. Unit review's table,
measured the same way, saved 1-13 %, and is written by a template again
(supervision/review_table.py).
"""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from uuid import UUID

from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from audit.exports import Column

from . import extensions
from .deadlines import next_due
from .extensions import CaseloadColumn
from .models import Family, FamilyStatus


class _Fixed:
    """A fixed piece of HTML whose words are translated: made once per language, then reused
    (a caseload writes it in many rows). Used as a cell, or in format_html, it is its HTML."""

    def __init__(self, html_format: str, *words):
        self.html_format, self.words, self.made = html_format, words, {}

    def __html__(self) -> SafeString:
        language = get_language()
        made = self.made.get(language)
        if made is None:
            made = self.made[language] = format_html(self.html_format, *(str(w) for w in self.words))
        return made

    def __str__(self) -> str:
        return self.__html__()


# Fixed pieces of HTML, written here and nowhere else.
NOTHING = mark_safe('<span class="text-body-secondary">—</span>')
OVERDUE = _Fixed('<span class="badge text-bg-danger">{}</span>', _("overdue"))
NONE_YET = _Fixed('<span class="text-body-secondary">{}</span>', _("none yet"))
ALL_SEEN = _Fixed('<span class="text-success">{}</span>', _("all seen"))
STAND_IN = UUID(int=0)  # a public id that is no family's, replaced in each row's link
ICWA = _Fixed(
    '<span class="badge text-bg-info ms-1" title="{}">ICWA</span>', _("Indian Child Welfare Act applies")
)


@cache
def _months(language: str | None) -> tuple[str, ...]:
    """The month names of Django's date filter "M" in `language` ("Jan", "Ene"), asked of
    Django once per language: a cell then writes a date as the filter "j M" would, in the
    language the reader reads, at a thirtieth of its cost (it is called for every row of every
    caseload)."""
    with translation.override(language):
        return ("", *(dateformat.format(date(2000, month, 1), "M") for month in range(1, 13)))


def day(value: date | datetime, *, year: bool = False) -> str:
    """A date as the caseload shows it: "4 Nov", or "4 Nov 2026" (in Spanish "4 Nov", "4 Ene");
    a moment in the agency's time zone."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    text = f"{value.day} {_months(translation.get_language())[value.month]}"
    return f"{text} {value.year}" if year else text


def _family(family: Family) -> SafeString:
    icwa = format_html(" {}", ICWA) if family.icwa_applies else ""
    return format_html('<a href="{}">{}</a>{}', family.overview_url, family.display_name, icwa)


def _caseworker(family: Family) -> str:
    return str(family.assigned_caseworker or "—")


def _last_visit(family: Family) -> SafeString | str:
    if family.last_contact_at is None:
        return NONE_YET.__html__()
    return day(family.last_contact_at, year=True)


def _not_seen(family: Family) -> SafeString:
    if family.status == FamilyStatus.CLOSED:
        return NOTHING
    if unseen := family.children_unseen:
        of = family.children_count
        return format_html(
            '<span class="badge text-bg-warning">{}</span>',
            gettext("%(unseen)s of %(children)s") % {"unseen": unseen, "children": of},
        )
    return ALL_SEEN.__html__()


def _next_due(family: Family) -> SafeString:
    due = next_due(family, today=timezone.localdate())
    if due is None:
        return NOTHING
    overdue = format_html("{} ", OVERDUE) if due.overdue else ""
    return format_html(
        "{}{}", overdue, gettext("%(what)s, by %(day)s") % {"what": due.what, "day": day(due.due)}
    )


FAMILY = CaseloadColumn(_("Family"), _family)
CASE_NUMBER = CaseloadColumn(_("Case number"), lambda family: family.case_number)
STATUS = CaseloadColumn(_("Status"), lambda family: family.get_status_display())
CASEWORKER = CaseloadColumn(_("Caseworker"), _caseworker)
CHILDREN = CaseloadColumn(_("Children"), lambda family: family.children_count, numeric=True)
LAST_VISIT = CaseloadColumn(_("Last visit"), _last_visit)
NOT_SEEN = CaseloadColumn(_("Not seen this month"), _not_seen)
NEXT_DUE = CaseloadColumn(_("Next due"), _next_due)


@dataclass(frozen=True)
class CaseloadTable:
    caption: str
    columns: list[CaseloadColumn]
    rows: list[SafeString]  # each row's cells; the first, the family, is the row's header


def caseload_table(families: list[Family], *, caption: str, show_caseworker: bool = False) -> CaseloadTable:
    """The rows of `families`, each annotated for the caseload (families.selectors)."""
    columns = [
        FAMILY,
        CASE_NUMBER,
        STATUS,
        *([CASEWORKER] if show_caseworker else []),
        CHILDREN,
        LAST_VISIT,
        NOT_SEEN,
        *extensions.caseload_columns,
        NEXT_DUE,
    ]
    tags = ['<th scope="row">{}</th>', *(_tag(column) for column in columns[1:])]
    cells = list(zip(columns, tags, strict=True))
    # The overview's URL, reverse()d once for the table (a tenth of the table's time when it
    # was once a row), with each row's public id put in place of a stand-in.
    url = reverse("families:overview", args=[STAND_IN])
    for family in families:
        family.overview_url = url.replace(str(STAND_IN), str(family.public_id))
    return CaseloadTable(caption=caption, columns=columns, rows=[_row(family, cells) for family in families])


def _tag(column: CaseloadColumn) -> str:
    """A cell's tag, with its column's header in data-label (what a phone shows beside the
    value, in a span of its own, when the table is laid out as a card per family:
    .table-stack in app.css)."""
    label = html.escape(str(column.header)).replace("{", "{{").replace("}", "}}")
    align = ' class="text-end"' if column.numeric else ""
    return f'<td{align} data-label="{label}"><span>{{}}</span></td>'


def _row(family: Family, cells: list[tuple[CaseloadColumn, str]]) -> SafeString:
    return mark_safe("".join(tag.format(_html(column.cell(family))) for column, tag in cells))  # noqa: S308


def _html(value) -> str:
    """A cell's HTML as it is (format_html's, marked safe); any other value, escaped as
    Django's escape() does, without its cost for lazy strings (a cell is never one)."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


# --- The same table as a spreadsheet (Download CSV / Excel) -------------------------------


def _last_visit_day(family: Family) -> date | None:
    return timezone.localdate(family.last_contact_at) if family.last_contact_at else None


def _due(family: Family):
    return next_due(family, today=timezone.localdate())


EXPORT_VALUES = [
    # the columns above, as plain values: numbers stay numbers and days stay dates (a list
    # looked up by identity: a column's hash is its header's, which changes with the language)
    (FAMILY, lambda family: family.display_name),
    (CASEWORKER, lambda family: str(family.assigned_caseworker or "")),
    (LAST_VISIT, _last_visit_day),
    (NOT_SEEN, lambda family: None if family.status == FamilyStatus.CLOSED else family.children_unseen),
    (NEXT_DUE, lambda family: (due := _due(family)) and due.what),
]
ICWA_EXPORTED = Column(_("Indian Child Welfare Act applies"), lambda family: _yes(family.icwa_applies))
DUE_ON = Column(_("Due on"), lambda family: (due := _due(family)) and due.due)
OVERDUE_EXPORTED = Column(_("Overdue"), lambda family: (due := _due(family)) and _yes(due.overdue))


def export_columns(*, show_caseworker: bool = False) -> list[Column]:
    """The caseload table's columns for an export, in the same order, each a plain value,
    with the day the next thing is due, whether it is overdue, and ICWA in columns of their
    own (the page shows them as badges)."""
    table = caseload_table([], caption="", show_caseworker=show_caseworker).columns
    columns = []
    for column in table:
        known = next((value for known, value in EXPORT_VALUES if known is column), None)
        value = column.value or known or _text_of(column)
        columns.append(Column(column.header, value))
        if column is FAMILY:
            columns.append(ICWA_EXPORTED)
        if column is NEXT_DUE:
            columns += [DUE_ON, OVERDUE_EXPORTED]
    return columns


def _yes(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def _text_of(column: CaseloadColumn):
    """A column's cell as plain text: its HTML without tags; a dash alone (nothing) empty."""

    def value(family):
        cell = column.cell(family)
        if isinstance(cell, int | date):
            return cell
        # The cell is format_html's own, well-formed HTML, and the text goes to a file, not
        # to a page: dropping its tags is enough. A caseload row of the 20,000-family benchmark
        # took 1.6 ms to export with Django's strip_tags (an HTML parser), 0.5 ms so.
        text = html.unescape(_TAG.sub("", _LINE_BREAK.sub("; ", str(cell))))
        text = " ".join(text.split()).strip("; ")
        return "" if text == "—" else text

    return value


_LINE_BREAK = re.compile(r"<br\s*/?>")
_TAG = re.compile(r"<[^>]*>")
