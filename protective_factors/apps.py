from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectiveFactorsConfig(AppConfig):
    name = "protective_factors"
    verbose_name = _("Protective factors")

    def ready(self):
        from families.extensions import OverviewPanel, register_overview_panel

        from .selectors import overview_summary, with_factors_panel

        register_overview_panel(
            OverviewPanel(
                template="protective_factors/_overview_panel.html",
                context=overview_summary,
                annotate=with_factors_panel,
                order=20,
            )
        )

        from .wording import register as register_wording

        register_wording()

        # Each record's changes, field by field, on the family's Changes page and its own.
        from families.extensions import register_history_source

        from .history import SOURCES as HISTORY_SOURCES

        for source in HISTORY_SOURCES:
            register_history_source(source)
