"""What families' services announce (families.extensions.announce), turned into
notifications. Registered in NotificationsConfig.ready(); called inside the service's
transaction."""

from django.urls import reverse

from families.models import AccessStatus, ClosureStatus

from .models import Kind
from .receivers import email_access_requested, email_closure_returned
from .services import notify, supervisors_of


def on_family_event(event: str, **facts) -> None:
    handler = HANDLERS.get(event)
    if handler is not None:
        handler(**facts)


def _overview(family) -> str:
    return reverse("families:overview", args=[family.public_id])


def _family_assigned(*, family, caseworker, by) -> None:
    notify(
        recipients=[caseworker], kind=Kind.FAMILY_ASSIGNED, family=family, actor=by, link=_overview(family)
    )


def _closure_requested(*, request, by) -> None:
    family = request.family
    notify(
        recipients=supervisors_of(family),
        kind=Kind.CLOSURE_REQUESTED,
        family=family,
        actor=by,
        link=reverse("supervision:approvals"),
    )


def _closure_decided(*, request, by) -> None:
    approved = request.status == ClosureStatus.APPROVED
    notify(
        recipients=[request.requested_by],
        kind=Kind.CLOSURE_APPROVED if approved else Kind.CLOSURE_RETURNED,
        family=request.family,
        actor=by,
        link=_overview(request.family),
    )
    if not approved:
        email_closure_returned(request)  # cannot wait for the morning's digest


def _access_requested(*, request, by) -> None:
    notify(
        recipients=supervisors_of(request.family),
        kind=Kind.ACCESS_REQUESTED,
        family=request.family,
        actor=by,
        link=reverse("families:access_request_decide", args=[request.public_id]),
    )
    email_access_requested(request)  # cannot wait for the morning's digest


def _access_decided(*, request, by) -> None:
    granted = request.status == AccessStatus.GRANTED
    notify(
        recipients=[request.requested_by],
        kind=Kind.ACCESS_GRANTED if granted else Kind.ACCESS_REFUSED,
        family=request.family,
        actor=by,
        link=_overview(request.family) if granted else reverse("families:access_requests"),
    )


HANDLERS = {
    "family_assigned": _family_assigned,
    "closure_requested": _closure_requested,
    "closure_decided": _closure_decided,
    "access_requested": _access_requested,
    "access_decided": _access_decided,
}
