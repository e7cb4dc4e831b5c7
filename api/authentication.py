"""Who is calling the API: `Authorization: Bearer sop_…`, a personal access token or a
service account's. Nothing else authenticates an API call (no session, so no CSRF question)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .services import token_find, token_refused, token_used


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        try:
            plain = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = token_find(plain)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.is_revoked:
            token_refused(token, "revoked")
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        if token.is_expired:
            token_refused(token, "expired")
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            token_refused(token, "user inactive")
            raise exceptions.AuthenticationFailed(_("The account of this token is no longer active."))
        token_used(token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (Account › API tokens) or a service account's token.",
        }
