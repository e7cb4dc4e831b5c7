"""The scoped way to reach a family. Views below a family use `family_view`, which turns
the URL's `public_id` into a `family` the user may see, or answers 404."""

from functools import wraps
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404

from .models import Family


def get_family_for_user(user, public_id: UUID | str, queryset=None) -> Family:
    """The family with this public id, if `user` may see it; Http404 otherwise.

    A family the user may not see is indistinguishable from one that does not exist."""
    scope = (queryset if queryset is not None else Family.objects).visible_to(user)
    try:
        return scope.get(public_id=public_id)
    except (Family.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such family.") from None


def family_view(view_func):
    """Decorate a view whose URL carries `<uuid:public_id>`: it receives `family` instead."""

    @wraps(view_func)
    def wrapper(request, public_id, *args, **kwargs):
        family = get_family_for_user(
            request.user, public_id, queryset=Family.objects.select_related("assigned_caseworker")
        )
        return view_func(request, family, *args, **kwargs)

    return wrapper
