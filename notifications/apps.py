from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """What reaches each person: notifications in the app (the bell) and emails (digests and
    the few that cannot wait). No email carries a family's details (issue 20)."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # families' services announce what happened (families.extensions); case_plans calls
        # notifications.services itself. Both the bell and the immediate emails start here.
        from families.extensions import register_event_listener

        from .events import on_family_event

        register_event_listener(on_family_event)
