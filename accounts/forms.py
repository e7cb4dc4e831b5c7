from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "That user name and password do not match. Check them and try again; "
            "passwords are case-sensitive."
        ),
        "inactive": _("This account is switched off. Ask your program administrator."),
        "service_account": _("A service account is for a system calling the API: it cannot sign in."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # Even if someone gave it a password in the administration: a system acts through its token.
        if user.is_service_account:
            raise forms.ValidationError(self.error_messages["service_account"], code="service_account")


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Type the six digits the app shows, without spaces.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()


def _offered_languages():
    return settings.LANGUAGES


class LanguageForm(forms.Form):
    """The language switch of the user menu: one of the languages the site offers."""

    language = forms.ChoiceField(choices=_offered_languages)
