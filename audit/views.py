import csv
from itertools import chain

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import role_required
from accounts.models import Role

from .filters import AuditEventFilter
from .models import AuditAction
from .selectors import audit_events
from .services import audit_record

PAGE_SIZE = 50


@role_required(Role.PROGRAM_ADMINISTRATOR)
def audit_search(request):
    filters = AuditEventFilter(request.GET or None, queryset=audit_events())
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/search.html", {"filters": filters, "page": page, "query": query.urlencode()}
    )


class _Echo:
    """A file-like object for csv.writer that hands back each row instead of storing it."""

    def write(self, value):
        return value


CSV_COLUMNS = ["occurred_at", "username", "action", "case_number", "family_public_id", "record_type",
               "record_id", "detail", "path", "ip_address", "user_agent"]  # fmt: skip


@role_required(Role.PROGRAM_ADMINISTRATOR)
def audit_export(request):
    """The events the search shows, as CSV, for an investigation or a records request.
    The export itself is recorded in the trail."""
    filters = AuditEventFilter(request.GET or None, queryset=audit_events())
    audit_record(actor=request.user, action=AuditAction.EXPORT, record=None)
    writer = csv.writer(_Echo())
    rows = (
        [_safe_cell(getattr(event, column)) for column in CSV_COLUMNS]
        for event in filters.qs.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in chain([CSV_COLUMNS], rows)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


def _safe_cell(value) -> str:
    """Text as a spreadsheet will open it, without running formulas a user may have typed."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
