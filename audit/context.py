"""Where the current request came from, for audit events recorded deep inside services.

AuditRequestMiddleware sets it for each request; Celery tasks and commands run without it,
and their events carry no address (the actor and the record are always given explicitly).
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    user_agent: str
    path: str


current_origin: ContextVar[RequestOrigin | None] = ContextVar("audit_request_origin", default=None)


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_origin.set(
            RequestOrigin(
                # REMOTE_ADDR is the peer; behind a proxy, the proxy sets it (gunicorn --forwarded-allow-ips).
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                path=request.get_full_path()[:500],
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)
