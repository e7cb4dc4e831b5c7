"""Where a form's Cancel goes: back to the page the user came from.

That page is the `next` the form carries (a hidden field, so it survives a form shown again
with its errors), else the page that linked to the form (the Referer, which the site's
same-origin Referrer-Policy sends). Only a page of this site is taken, and never the form
itself; otherwise the form's usual page."""

from urllib.parse import urlsplit, urlunsplit

from django import template
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


def came_from_url(request, default: str) -> str:
    if request is None:
        return default
    candidate = request.POST.get("next") or request.GET.get("next") or request.META.get("HTTP_REFERER") or ""
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    parts = urlsplit(candidate)
    if not parts.path.startswith("/") or parts.path == request.path:
        return default
    return urlunsplit(("", "", parts.path, parts.query, ""))


@register.simple_tag(takes_context=True)
def came_from(context, default: str) -> str:
    """`{% came_from default_url as back %}`: the page to go back to (see above)."""
    return came_from_url(context.get("request"), default)
