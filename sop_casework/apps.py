from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SopCaseworkConfig(AppConfig):
    """The project package as an app: it holds the commands that span every domain app
    (seed_demo, health), which is why it is the only place allowed to import them all."""

    default = True
    name = "sop_casework"
    verbose_name = "sop-casework"


class AgencyAdminConfig(admin_apps.AdminConfig):
    """The Django admin, opened only to program administrators (see sop_casework.admin)."""

    default = False

    default_site = "sop_casework.admin.AgencyAdminSite"
