from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts.models import Role

# Who keeps case records through the API: the people who keep them on the pages, and systems.
RECORD_KEEPERS = {Role.CASEWORKER, Role.SUPERVISOR, Role.SERVICE_ACCOUNT}


class TokenAllows(permissions.BasePermission):
    """A token is needed for every call; a read-only token only reads, and a program
    administrator reads case records but does not keep them (as on the pages)."""

    message = _("This token may only read.")

    def has_permission(self, request, view):
        token = request.auth
        if token is None or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if not token.may_write:
            self.message = _("This token may only read.")
            return False
        if request.user.role not in RECORD_KEEPERS:
            self.message = _("Program administrators read case records; caseworkers keep them.")
            return False
        return True
