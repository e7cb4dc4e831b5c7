"""How long a session lasts, and that nothing the application draws is stored by a browser
or proxy.

Idle: signed out SESSION_IDLE_MINUTES after the person's last request. The session cookie and
the stored session live that long and every request renews them (SESSION_SAVE_EVERY_REQUEST),
except a request the page makes by itself, such as a document page asking every few seconds
whether its PDF is ready: that is not the person's activity, so a tab left open does not keep
the session alive for ever. Such views are marked @not_user_activity; IdleSessionMiddleware
(in place of Django's SessionMiddleware) leaves their session untouched.

Absolute: sessions end SESSION_ABSOLUTE_HOURS after sign-in, however active the user has been.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import ngettext

from .signals import SIGNED_IN_AT

NOT_USER_ACTIVITY = "_not_user_activity"


def not_user_activity(view_func):
    """Mark a view the page calls by itself (polling): it does not renew the idle session."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        setattr(request, NOT_USER_ACTIVITY, True)
        return view_func(request, *args, **kwargs)

    return wrapper


class IdleSessionMiddleware(SessionMiddleware):
    """Django's SessionMiddleware, which renews the session on every request, except those
    marked @not_user_activity that change nothing in the session."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if getattr(request, NOT_USER_ACTIVITY, False) and session is not None and not session.modified:
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)


class AbsoluteSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if signed_in_at is None or time.time() - signed_in_at > limit:
                logout(request)
                hours = settings.SESSION_ABSOLUTE_HOURS
                messages.info(
                    request,
                    ngettext(
                        "For safety, sessions end %(hours)d hour after signing in. Please sign in again.",
                        "For safety, sessions end %(hours)d hours after signing in. Please sign in again.",
                        hours,
                    )
                    % {"hours": hours},
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


class UserLanguageMiddleware:
    """A signed-in person reads the site in the language they chose in their menu
    (User.language), on whichever computer they sign in. Until they choose, or if their
    language is no longer offered, LocaleMiddleware's choice (the browser's language) stands."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            try:
                language = translation.get_supported_language_variant(user.language)
            except LookupError:
                pass
            else:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
