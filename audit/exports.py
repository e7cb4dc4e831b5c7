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
- Excel: streamed too (`xlsx_stream`). An .xlsx is a zip of XML parts; Python's zipfile
  writes a zip to a stream it cannot seek (each entry's sizes follow its data, the directory
  comes last), so the fixed parts leave at once and the sheet is deflated and sent while its
  rows are read, a block of XLSX_BLOCK bytes at a time: nothing but a block and a row is held.
  openpyxl's write-only workbook (used before) zips its sheet only on save, after the last
  row, so the agency's first byte waited 33 to 55 s; openpyxl now only reads files back in
  the tests. bench/exports.py measures both formats (bench/RESULTS.md).

A spreadsheet runs a cell that starts with = + - @ (and some read a tab or carriage return
the same way): such text is given a leading apostrophe (OWASP's advice for CSV injection),
in both formats (an Excel cell of text is written as an inline string, never a formula). Numbers,
dates and times are left as they are, so Excel keeps them as numbers and dates (shown as
ISO dates, yyyy-mm-dd); in CSV a date is written in ISO 8601.
"""

import csv
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl.utils.datetime import to_excel

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
    blocks = _in_language(translation.get_language(), xlsx_stream(headers, values))
    response = StreamingHttpResponse(blocks, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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


# The parts of a one-sheet workbook besides the sheet (SpreadsheetML, ECMA-376 part 1): the
# package's content types and relationships, the workbook naming its sheet, and the styles the
# cells use by index: 0 plain, 1 bold (the headers), 2 a date, 3 a date and time.
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
XLSX_PARTS = {
    "[Content_Types].xml": (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'{_HEAD}<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_HEAD}<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
        f'<numFmt numFmtId="165" formatCode="{DATETIME_FORMAT}"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}
BOLD, DATE_STYLE, DATETIME_STYLE = 1, 2, 3
# Characters XML 1.0 cannot hold (control characters other than tab and line ends): left out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Bytes of the zip gathered before they are handed to the response.
XLSX_BLOCK = 64 * 1024


class _Pipe:
    """What zipfile writes to: it keeps the bytes until `take` hands them on. zipfile writes
    an archive to a stream it cannot seek (each entry's sizes follow its data), so the zip
    leaves as it is written."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data, self.parts, self.size = b"".join(self.parts), [], 0
        return data


def xlsx_stream(headers: list[str], rows: Iterable[list], *, title: str = "Export") -> Iterator[bytes]:
    """The workbook of `rows`, as the bytes of its zip, a block at a time while the rows are
    read: the fixed parts first (the first bytes leave before the first row is read), then
    the sheet, deflated as it is written, a row at a time.

    openpyxl's write-only workbook (used before) writes the sheet to a temporary file and zips
    it on save, after the last row: the first byte of the agency's 14,075 families left after
    33 to 55 s (bench/RESULTS.md). Its cells are written here as openpyxl wrote them: text as
    inline strings, neutralised; numbers as numbers; dates and times as Excel serial numbers
    with a yyyy-mm-dd (hh:mm) format; the headers bold. The tests read the file with openpyxl."""
    from openpyxl.utils import get_column_letter

    pipe = _Pipe()
    letters = [get_column_letter(number) for number in range(1, len(headers) + 1)]
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        workbook = f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
        workbook += f'<sheet name="{_xml_text(title)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        archive.writestr("xl/workbook.xml", _HEAD + workbook)
        yield pipe.take()
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            sheet.write(_xlsx_row(1, letters, headers, style=BOLD))
            for number, row in enumerate(rows, start=2):
                sheet.write(_xlsx_row(number, letters, row))
                if pipe.size >= XLSX_BLOCK:
                    yield pipe.take()
            sheet.write(b"</sheetData></worksheet>")
    yield pipe.take()


def _xlsx_row(number: int, letters: list[str], values: list, *, style: int = 0) -> bytes:
    cells = []
    for letter, value in zip(letters, values, strict=False):
        value = neutralise(local(value))
        ref = f"{letter}{number}"
        styled = f' s="{style}"' if style else ""
        if value is None:
            continue
        if isinstance(value, bool):
            cells.append(f'<c r="{ref}"{styled} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int | float | Decimal):
            cells.append(f'<c r="{ref}"{styled}><v>{value}</v></c>')
        elif isinstance(value, date):
            kind = DATETIME_STYLE if isinstance(value, datetime) else DATE_STYLE
            cells.append(f'<c r="{ref}" s="{kind}"><v>{to_excel(value)}</v></c>')
        else:
            text = _xml_text(value)
            cells.append(
                f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
            )
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


def _xml_text(value) -> str:
    return escape(_NOT_XML.sub("", str(value)), {'"': "&quot;"})
