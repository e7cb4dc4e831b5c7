from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from . import services
from .access import role_required
from .forms import LanguageForm
from .models import Role
from .selectors import program_administrators, units_with_staff
from .two_factor import _next_url


def home(request):
    """Each role lands on the page it works from."""
    user = request.user
    if user.is_supervisor:
        return redirect("supervision:unit_review")
    if user.is_program_administrator:
        return redirect("accounts:staff")
    return redirect("families:my_caseload")


@role_required(Role.PROGRAM_ADMINISTRATOR)
def staff(request):
    return render(
        request,
        "accounts/staff.html",
        {"units": units_with_staff(), "administrators": program_administrators()},
    )


@require_POST
def choose_language(request):
    """The language switch of the user menu: remembered on the account (every later sign-in,
    on any computer, opens in it) and in the language cookie (so the sign-in page after
    signing out speaks it too); then back to the page the person was on."""
    response = HttpResponseRedirect(_next_url(request))
    form = LanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        services.set_language(user=request.user, language=language)
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
