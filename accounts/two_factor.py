"""Two-step sign-in with an authenticator app (TOTP, via django-otp).

Optional for caseworkers and supervisors; required for program administrators, who are sent
to set it up before anything else. Once a person has an app set up, every sign-in asks for
its six-digit code before any page opens.
"""

import base64
import hashlib
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from audit.models import AuditAction
from audit.services import audit_record

from .forms import TokenForm

DEVICE_NAME = "Authenticator app"


def requires_two_factor(user) -> bool:
    return user.is_program_administrator or user_has_device(user, confirmed=True)


# Drawing the QR code takes over 100 ms, the most of any page; reloading the set-up page
# (a wrong code, a phone that was not ready) shows the same code for the same secret.
QR_CACHE_SECONDS = 15 * 60


def _qr_cache_key(text: str) -> str:
    return "two-factor-qr:" + hashlib.sha256(text.encode()).hexdigest()


def _qr_data_uri(text: str) -> str:
    """The QR code as an <img> source: no inline SVG markup, nothing for the CSP to allow.
    Drawn once per provisioning URI and kept in the process's own memory (the "this_process"
    cache, never the shared Redis one: the picture encodes the secret) under a hash of it
    (the URI holds the secret, so it is never a cache key itself)."""
    key = _qr_cache_key(text)
    cached = caches["this_process"].get(key)
    if cached is not None:
        return cached
    out = io.BytesIO()
    write_qrcode_image(text, out)
    uri = "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()
    caches["this_process"].set(key, uri, QR_CACHE_SECONDS)
    return uri


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@login_required
def setup(request):
    """Set up an authenticator app: scan the code, type the number it shows."""
    if user_has_device(request.user, confirmed=True) and request.user.is_verified():
        return render(
            request, "accounts/two_factor_done.html", {"required": request.user.is_program_administrator}
        )
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            caches["this_process"].delete(
                _qr_cache_key(device.config_url)
            )  # the secret's picture is not kept
            otp_login(request, device)
            audit_record(actor=request.user, action=AuditAction.TWO_FACTOR_SET_UP)
            messages.success(request, _("Two-step sign-in is on. Each sign-in will ask for the app's code."))
            return HttpResponseRedirect(_next_url(request))
        form.add_error(
            "token", _("That code does not match. Check the app's clock and type the newest code.")
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": request.user.is_program_administrator,
            "issuer": getattr(settings, "OTP_TOTP_ISSUER", "sop-casework"),
        },
    )


@login_required
def verify(request):
    """The second step of signing in: the code from the app."""
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit_record(actor=request.user, action=AuditAction.TWO_FACTOR_VERIFIED)
            return HttpResponseRedirect(_next_url(request))
        audit_record(actor=request.user, action=AuditAction.TWO_FACTOR_FAILED)
        form.add_error("token", _("That code is not right. Type the six digits the app shows now."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


REQUIRED_KEY = "two_factor_required"


@receiver(user_logged_in, dispatch_uid="two_factor_required_at_sign_in")
def note_whether_two_factor_is_required(sender, request, user, **kwargs):
    """Decided once at sign-in and kept in the session, so pages pay no query for it."""
    if request is not None and hasattr(request, "session"):
        request.session[REQUIRED_KEY] = requires_two_factor(user)


class TwoFactorMiddleware:
    """Until the second step is done, a signed-in person who needs it sees only the pages
    that complete it (and sign-out)."""

    OPEN_PATHS = ("/account/two-factor/", "/logout/", "/static/", "/health/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.OPEN_PATHS)
            and request.session.get(REQUIRED_KEY, True)
        ):
            target = (
                "accounts:two_factor_verify"
                if user_has_device(user, confirmed=True)
                else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
