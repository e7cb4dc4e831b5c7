"""Lists that leave the app as a spreadsheet: CSV or Excel, streamed, made inert, audited.

One helper for every export (the audit trail's CSV, and the pages' "Download CSV / Excel":
My caseload, Unit review and the families behind its numbers, the approvals inbox, the
unit's meetings and action items, protective-factor change). A page's view gives the rows
it shows (a queryset read with .iterator(), or the short list it already built), the
columns (a header and a function from a row to its plain value) and the filter that chose
them; `export_response` writes the file and records the export in the trail with that filter.

Memory stays flat whatever the number of rows:
- CSV: a StreamingHttpResponse over a generator. csv.writer writes each row to an object
  that hands the line straight back (`_Echo`), so a line exists only while it is sent; the
  rows come from the database `CHUNK` at a time (QuerySet.iterator(chunk_size=CHUNK), a
  server-side cursor on PostgreSQL), so neither the queryset's cache nor the file is ever
  whole in memory. The first line leaves as soon as the first chunk is read.
- A caseload's rows are read in pages (`in_pages`): first the ordered primary keys alone,
  then the annotated rows of CHUNK keys at a time. Ordering every annotated row first made
  PostgreSQL work out every family's caseload subqueries before it could send the first
  (8 to 13 s for the agency's 14,000 families); the keys alone sort in a fraction of a second,
  and each page's subqueries are worked out for its own rows only.
- Excel: openpyxl's write-only workbook. Each appended row is written at once as XML to a
  temporary file on disk (openpyxl keeps no cell objects in write-only mode, and writes text
  as inline strings, so there is no shared-strings table growing in memory); saving zips
  that file into another temporary file, which FileResponse then sends in blocks. An .xlsx
  is a zip whose directory comes last, so it cannot be sent before its last row is written:
  the disk holds it meanwhile, not memory. bench/exports.py measures both (bench/RESULTS.md).

A spreadsheet runs a cell that starts with = + - @ (and some read a tab or carriage return
the same way): such text is given a leading apostrophe (OWASP's advice for CSV injection),
in both formats (openpyxl takes text for a formula only when it starts with =, which neutralised
text never does, so an Excel cell of text is written as text). Numbers,
dates and times are left as they are, so Excel keeps them as numbers and dates (shown as
ISO dates, yyyy-mm-dd); in CSV a date is written in ISO 8601.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone, translation

from sop_casework.replica import iterate_on_replica

from .models import AuditAction
from .services import audit_record

# Rows read from the database at a time (QuerySet.iterator): the most a download holds. A
# caseload row with its annotations is some 6 KB of Python objects: 2,000 peaked at +12.5 MB
# in the worker (bench/RESULTS.md), 500 at a quarter of that.
CHUNK = 500
FORMATS = ("csv", "xlsx")
UNSAFE_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


class ExportFormatConverter:
    """The <export:fmt> part of an export's URL: csv or xlsx."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class Column:
    header: str  # translated when the file is written (a lazy string is fine)
    value: Callable[[Any], Any]  # a row -> its plain value: text, a number, a date, or None


def neutralise(value):
    """A value as a spreadsheet should open it: text that a spreadsheet would run as a
    formula gets a leading apostrophe; numbers, dates and None are left as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    return "'" + text if text.startswith(UNSAFE_STARTS) else text


def local(value):
    """A moment in the agency's time zone, without a zone (Excel has none); others as they are."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def export_response(
    *,
    request,
    fmt: str,
    name: str,
    columns: list[Column],
    rows: Iterable,
    filters: dict | None = None,
    family=None,
):
    """The file of `rows`, named `name`-<local time>.<fmt>, and an EXPORT event in the audit
    trail saying which export and which filter produced it (`filters`: the page's filter as
    the user chose it; empty values are left out). `family`: the family exported, if one."""
    if fmt not in FORMATS:
        raise Http404("No such format.")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        family_public_id=getattr(family, "public_id", None),
        case_number=getattr(family, "case_number", ""),
        detail=export_detail(name, fmt, filters),
    )
    filename = f"{name}-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"
    headers = [str(column.header) for column in columns]
    # The rows may be seconds stale: read on the replica when one is set (sop_casework/replica.py),
    # each one inside the block, as a streamed file's rows are read after the view has returned.
    values = iterate_on_replica([column.value(row) for column in columns] for row in rows)
    if fmt == "csv":
        lines = _in_language(translation.get_language(), csv_lines(headers, values))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(xlsx_file(headers, values), as_attachment=True, filename=filename, content_type=XLSX)


def in_pages(rows: QuerySet, *, size: int | None = None) -> Iterator:
    """The rows of `rows` in its order, read `size` (CHUNK) at a time: first its primary keys
    alone, with its filter and order (values_list leaves out the annotations it does not
    select: only those the filter or the order reads are worked out), then for each page of
    keys the annotated rows of those keys, one query a page, given back in the keys' order.
    A row gone from the filter between the two reads is left out."""
    size = size or CHUNK
    keys = rows.values_list("pk", flat=True).iterator(chunk_size=size)
    unordered = rows.order_by()
    while page := list(islice(keys, size)):
        found = {row.pk: row for row in unordered.filter(pk__in=page)}
        yield from (found[pk] for pk in page if pk in found)


def export_detail(name: str, fmt: str, filters: dict | None) -> str:
    """What the trail records of an export: "caseload.xlsx; status=open, sort=name"."""
    chosen = ", ".join(f"{key}={value}" for key, value in (filters or {}).items() if value not in (None, ""))
    return f"{name}.{fmt}; {chosen or 'no filter'}"


def _in_language(language: str, lines: Iterable[str]) -> Iterable[str]:
    """`lines`, each made in `language`: a streamed body is written after the view has
    returned, when the request's language may no longer be the active one."""
    lines = iter(lines)
    while True:
        with translation.override(language):
            line = next(lines, None)
        if line is None:
            return
        yield line


class _Echo:
    """A file-like object for csv.writer that hands back each row instead of storing it."""

    def write(self, value):
        return value


def csv_lines(headers: list[str], rows: Iterable[list]) -> Iterable[str]:
    """The CSV, a line at a time: a byte-order mark first (so that Excel reads the accents of
    UTF-8), then the headers and each row, made inert, dates in ISO 8601."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in chain([headers], rows):
        yield writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value) -> str:
    value = neutralise(local(value))
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_file(headers: list[str], rows: Iterable[list], *, title: str = "Export"):
    """The workbook of `rows`, written row by row to disk by openpyxl's write-only mode (see
    the module's text), as an open temporary file at its start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)

    def cell(value, *, header=False):
        value = neutralise(local(value))
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            made.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            made.number_format = DATE_FORMAT
        if header:
            made.font = bold
        return made

    sheet.append([cell(header, header=True) for header in headers])
    for row in rows:
        sheet.append([cell(value) for value in row])
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(file)
    file.seek(0)
    return file
