from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Files of a case")

    def ready(self):
        from families.extensions import OverviewPanel, register_overview_panel

        from . import belongs_to
        from .selectors import overview_files, with_files_panel

        belongs_to.register(belongs_to.CHILD)
        register_overview_panel(
            OverviewPanel(
                template="documents/_overview_panel.html",
                context=overview_files,
                annotate=with_files_panel,
                order=60,
            )
        )
