from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("staff/", views.staff, name="staff"),
    path("language/", views.choose_language, name="language"),
    path("two-factor/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]

# Login and logout keep Django's plain names ("login", "logout"): settings.LOGIN_URL uses them.
auth_urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
