from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff and units"

    def ready(self):
        from . import signals, two_factor  # noqa: F401  (sign-in receivers: session lifetime, two-step)
