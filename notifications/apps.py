from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """What reaches each person: notifications in the app (the bell) and emails (digests and
    the few that cannot wait). No email carries a family's details (issue 20)."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from families.extensions import register_event_listener

        from .events import on_family_event

        register_event_listener(on_family_event)
