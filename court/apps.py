from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtConfig(AppConfig):
    name = "court"
    verbose_name = _("Court")

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            register_caseload_column,
            register_closing_check,
            register_overview_panel,
        )

        from .caseload import court_cell, court_value
        from .selectors import overview_summary, with_court_columns
        from .services import court_report_waiting

        register_closing_check(court_report_waiting)
        # My caseload, and the families behind a number of Unit review: the next hearing and
        # when its report is due (three subqueries in the families' query).
        register_caseload_column(
            CaseloadColumn(
                header=_("Next hearing"),
                cell=court_cell,
                annotate=with_court_columns,
                order=35,
                value=court_value,
            )
        )
        register_overview_panel(
            OverviewPanel(
                template="court/_overview_panel.html",
                context=overview_summary,
                annotate=with_court_columns,
                order=45,
            )
        )

        from documents.belongs_to import register_model

        from .models import CourtReport

        register_model(key="court_report", label=_("A court report version"), model=CourtReport, order=40)

        from documents.kinds import register as register_document_kind

        from .document_kind import COURT_REPORT

        register_document_kind(COURT_REPORT)
        # On the family's Changes page, and each record on its own.
        from families.extensions import register_history_source

        from .history import SOURCES as HISTORY_SOURCES

        for source in HISTORY_SOURCES:
            register_history_source(source)
