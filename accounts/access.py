from functools import wraps

from django.core.exceptions import PermissionDenied

from .models import Role


def role_required(*roles: Role):
    """A page meant for some roles only (Unit review, Staff): others get 403, not the page."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied("This page is not part of your role.")
            return view_func(request, *args, **kwargs)

        wrapper.roles = frozenset(roles)  # read by the test that walks every URL
        return wrapper

    return decorator
