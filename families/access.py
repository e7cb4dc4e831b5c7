"""The scoped way to reach a family. Views below a family use `family_view` (reading) or
`family_edit_view` (changing), which turn the URL's `public_id` into a `family` the user may
see, or answer 404."""

from collections.abc import Callable
from functools import partial, wraps
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.models import AuditAction
from audit.services import audit_family

from .models import Family


def get_family_for_user(user, public_id: UUID | str, queryset=None) -> Family:
    """The family with this public id, if `user` may see it; Http404 otherwise.

    A family the user may not see is indistinguishable from one that does not exist. The
    family comes with `granted_only`: True when the user reads it only through an access
    grant (read-only), read in the same query."""
    rows = queryset if queryset is not None else Family.objects
    scope = rows.visible_to(user).annotate(
        in_own_scope=Exists(Family.objects.visible_to(user, granted=False).filter(pk=OuterRef("pk")))
    )
    try:
        family = scope.get(public_id=public_id)
    except (Family.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("No such family.")) from None
    family.granted_only = not family.in_own_scope
    return family


def family_view(view_func=None, *, rows: Callable[[], QuerySet] | None = None):
    """Decorate a view whose URL carries `<uuid:public_id>`: it receives `family` instead.
    `rows`, if given, is the queryset the family is fetched from, when the view reads more
    from the family row (annotations): `@family_view(rows=...)`.

    Every page of a family that is shown (a GET answered 200) is recorded in the audit
    trail, so no family page can forget it; writes are recorded by the services."""
    if view_func is None:
        return partial(family_view, rows=rows)

    @wraps(view_func)
    def wrapper(request, public_id, *args, **kwargs):
        families = rows() if rows else Family.objects.select_related("assigned_caseworker")
        family = get_family_for_user(request.user, public_id, queryset=families)
        if family.granted_only and request.method not in ("GET", "HEAD"):
            raise PermissionDenied(_("You were granted access to read this family, not to change it."))
        response = view_func(request, family, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            audit_family(actor=request.user, action=AuditAction.VIEW, family=family)
        return response

    return wrapper


def keeps_records(user) -> bool:
    """Caseworkers and supervisors keep case records; program administrators read them."""
    return user.role in (Role.CASEWORKER, Role.SUPERVISOR)


def can_change_record(user, family: Family) -> bool:
    """May `user` change this family's record now? (A closed family is read-only, and so
    is a family the user reads through an access grant.)"""
    return keeps_records(user) and not family.is_closed and not getattr(family, "granted_only", False)


def family_edit_view(view_func):
    """Like `family_view`, for pages that change the record: caseworkers and supervisors keep
    records (administrators read them), and a closed family is read-only until reopened."""

    @family_view
    @wraps(view_func)
    def wrapper(request, family, *args, **kwargs):
        if family.granted_only:
            raise PermissionDenied(_("You were granted access to read this family, not to change it."))
        if not keeps_records(request.user):
            raise PermissionDenied(_("Program administrators read case records; caseworkers keep them."))
        if family.is_closed:
            messages.warning(
                request, _("This family is closed, so its record is read-only. Reopen it to make changes.")
            )
            return redirect("families:overview", family.public_id)
        return view_func(request, family, *args, **kwargs)

    return wrapper
