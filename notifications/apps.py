from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """What reaches each person: notifications in the app (the bell) and emails (digests and
    the few that cannot wait). No email carries a family's details (issue 20)."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The emails that cannot wait: a case plan returned, access asked for (notifications.receivers).
        from case_plans.signals import case_plan_decided
        from families.signals import access_requested

        from . import receivers

        case_plan_decided.connect(receivers.plan_decided, dispatch_uid="email_plan_returned")
        access_requested.connect(receivers.access_requested, dispatch_uid="email_access_requested")
