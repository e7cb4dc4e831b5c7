from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "That user name and password do not match. Check them and try again; "
            "passwords are case-sensitive."
        ),
        "inactive": "This account is switched off. Ask your program administrator.",
    }
