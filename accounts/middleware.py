"""Sessions end SESSION_ABSOLUTE_HOURS after sign-in, however active the user has been;
nothing the application draws is stored by a browser or proxy.

(The inactivity timeout needs no code: the session cookie lives SESSION_IDLE_MINUTES and
every request renews it.)"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from .signals import SIGNED_IN_AT


class AbsoluteSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if signed_in_at is None or time.time() - signed_in_at > limit:
                logout(request)
                messages.info(
                    request,
                    f"For safety, sessions end {settings.SESSION_ABSOLUTE_HOURS} hours after signing in. "
                    "Please sign in again.",
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing the application draws is kept by the browser or a proxy: family pages,
    search results and downloads must not come back from a shared computer's cache or the
    Back button after signing out. Set here, for every response, so no view can forget it.

    Static files never reach this middleware (WhiteNoise answers them first) and stay
    cacheable; they hold no family data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
