from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from . import services
from .access import role_required
from .forms import LanguageForm, LoginForm
from .models import Role
from .selectors import program_administrators, units_with_staff
from .signin_gate import NoSlotFree, password_check_slot
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


class SignInView(auth_views.LoginView):
    """Django's sign-in, with the password check inside one of the machine's few sign-in slots
    (accounts.signin_gate). When none frees up at once, the answer is immediate: 503 with
    Retry-After, the sign-in form again with the user name as typed and a short message, and
    no password checked (so nothing counts towards a lockout)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"idle_minutes": settings.SESSION_IDLE_MINUTES}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        try:
            with password_check_slot():
                valid = form.is_valid()  # authenticate(): the password hash
        except NoSlotFree:
            return self.busy(form)
        return self.form_valid(form) if valid else self.form_invalid(form)

    def busy(self, typed_form):
        # A fresh, unbound form: rendering the bound one would validate it, and so check the
        # password after all.
        form = self.get_form_class()(self.request, initial={"username": typed_form.data.get("username", "")})
        response = self.render_to_response(self.get_context_data(form=form, busy=True), status=503)
        response["Retry-After"] = str(settings.SIGN_IN_RETRY_AFTER_SECONDS)
        return response
