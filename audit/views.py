from operator import attrgetter

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import role_required
from accounts.models import Role
from sop_casework.replica import reads_replica

from .exports import CHUNK, Column, export_response
from .filters import AuditEventFilter
from .selectors import audit_events

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


CSV_COLUMNS = ["occurred_at", "username", "action", "case_number", "family_public_id", "record_type",
               "record_id", "detail", "path", "ip_address", "user_agent"]  # fmt: skip


@role_required(Role.PROGRAM_ADMINISTRATOR)
@reads_replica
def audit_export(request):
    """The events the search shows, as CSV, for an investigation or a records request.
    The export itself is recorded in the trail, with the search that chose the events."""
    filters = AuditEventFilter(request.GET or None, queryset=audit_events())
    chosen = {key: value for key, value in request.GET.items() if key in filters.filters}
    return export_response(
        request=request,
        fmt="csv",
        name="audit-trail",
        columns=[Column(name, attrgetter(name)) for name in CSV_COLUMNS],
        rows=filters.qs.iterator(chunk_size=CHUNK),
        filters=chosen,
    )
