from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            register_caseload_column,
            register_overview_panel,
        )

        from .caseload import supervision_cell
        from .selectors import overview_summary, with_supervision_columns, with_supervision_panel

        register_caseload_column(
            CaseloadColumn(
                header=_("From supervision"),
                cell=supervision_cell,
                annotate=with_supervision_columns,
                order=40,
            )
        )
        register_overview_panel(
            OverviewPanel(
                template="supervision/_overview_panel.html",
                context=overview_summary,
                annotate=with_supervision_panel,
                order=50,
            )
        )

        # The daily reminder of what falls due tomorrow (notifications).
        from notifications.services import register_due_source

        from .selectors import consultation_actions_due

        register_due_source(consultation_actions_due)
