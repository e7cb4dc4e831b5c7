from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff and units"

    def ready(self):
        from . import signals  # noqa: F401  (records the sign-in time for the session lifetime)
