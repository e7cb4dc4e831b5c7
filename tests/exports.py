"""Reading an export back in a test: the rows of a CSV or of an Excel file, as a spreadsheet
would open them (openpyxl for .xlsx), and the audit event the export recorded."""

import csv
import io

from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    """The first sheet's rows, each a list of cell values (None for an empty cell)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_cells(response):
    """The first sheet's cells (to look at a cell's type and format)."""
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def last_export(user) -> AuditEvent:
    return AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user).latest("id")
