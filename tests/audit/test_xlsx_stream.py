"""The Excel export is streamed: its first bytes leave before the first row is read, its
zip is whole once the rows are done, and openpyxl opens what it wrote with the values,
types, formats and neutralised text a spreadsheet should see."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from audit.exports import XLSX_BLOCK, xlsx_stream


def test_the_first_bytes_leave_before_the_first_row_is_read():
    # given rows that record when they are read
    read = []

    def rows():
        for number in range(3):
            read.append(number)
            yield [f"family {number}"]

    # when the first block is taken
    blocks = xlsx_stream(["Family"], rows())
    first = next(blocks)

    # then it is the start of a zip, and no row has been read yet
    assert first.startswith(b"PK\x03\x04") and read == []
    assert zipfile.is_zipfile(io.BytesIO(first + b"".join(blocks)))
    assert read == [0, 1, 2]


def test_a_long_sheet_leaves_in_blocks_while_its_rows_are_read():
    # given more rows than one block holds (random-looking text deflates little)
    rows = ([f"{number * 7919 % 100003:x}-{number}" * 4] for number in range(20_000))

    # when the file is written
    blocks = list(xlsx_stream(["Key"], rows))

    # then it left in several blocks, none much larger than a block, and opens whole
    assert len(blocks) > 3
    assert max(len(block) for block in blocks) < 2 * XLSX_BLOCK
    sheet = load_workbook(io.BytesIO(b"".join(blocks))).worksheets[0]
    assert sheet.max_row == 20_001


def test_openpyxl_reads_the_values_types_and_formats():
    # given a row of every kind of value an export gives
    row = [
        'Okafor-Reyes & <Sofía> "7"',
        '=HYPERLINK("http://x")',
        3,
        Decimal("2.5"),
        True,
        None,
        date(2026, 3, 3),
        datetime(2026, 3, 3, 14, 30),
        "bell\x07",
    ]
    headers = ["Name", "Note", "Children", "Score", "ICWA", "Empty", "Referred", "Seen", "Control"]

    # when it is written and read back
    data = b"".join(xlsx_stream(headers, [row], title="Caseload"))
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Caseload"]
    header, cells = list(sheet.iter_rows())

    # then the headers are bold, text is text (a formula neutralised), numbers are numbers,
    # dates are dates in ISO format, and characters XML cannot hold are left out
    assert [cell.value for cell in header] == headers and all(cell.font.b for cell in header)
    values = [cell.value for cell in cells]
    assert values[:6] == ['Okafor-Reyes & <Sofía> "7"', '\'=HYPERLINK("http://x")', 3, 2.5, True, None]
    assert cells[1].data_type == "s"
    assert values[6] == datetime(2026, 3, 3) and cells[6].number_format == "yyyy-mm-dd"
    assert values[7] == datetime(2026, 3, 3, 14, 30) and cells[7].number_format == "yyyy-mm-dd hh:mm"
    assert values[8] == "bell"
