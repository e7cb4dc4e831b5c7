from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from django.urls import register_converter

        from . import signals  # noqa: F401  (connects the sign-in receivers)
        from .exports import ExportFormatConverter

        # <export:fmt> in the URLs of the pages' downloads (audit.exports): csv or xlsx
        register_converter(ExportFormatConverter, "export")
