from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import role_required
from accounts.models import Role

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
