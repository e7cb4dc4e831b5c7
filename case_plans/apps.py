from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasePlansConfig(AppConfig):
    name = "case_plans"
    verbose_name = _("Case plans")

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            register_caseload_column,
            register_closing_check,
            register_overview_panel,
        )

        from .caseload import case_plan_cell
        from .selectors import overview_summary, with_case_plan_columns, with_case_plan_panel
        from .services import case_plan_waiting

        register_closing_check(case_plan_waiting)

        # The reunification reassessment (safety_networks) rates progress on these goals.
        from families.extensions import register_plan_goals

        from .selectors import active_plan_goals

        register_plan_goals(active_plan_goals)
        register_caseload_column(
            CaseloadColumn(
                header=_("Case plan"),
                cell=case_plan_cell,
                annotate=with_case_plan_columns,
                order=30,
            )
        )
        register_overview_panel(
            OverviewPanel(
                template="case_plans/_overview_panel.html",
                context=overview_summary,
                annotate=with_case_plan_panel,
                order=40,
            )
        )

        from .wording import register as register_wording

        register_wording()

        # A file of the family (documents) may belong to a version of its case plan.
        from documents.belongs_to import register_model

        from .models import CasePlan

        register_model(key="case_plan", label=_("A case-plan version"), model=CasePlan, order=20)

        # documents makes the PDF of a case plan from this app's records (documents.kinds).
        from documents.kinds import register as register_document_kind

        from .document_kind import CASE_PLAN

        register_document_kind(CASE_PLAN)

        # Each record's changes, field by field, on the family's Changes page and its own.
        from families.extensions import register_history_source

        from .history import SOURCES as HISTORY_SOURCES

        for source in HISTORY_SOURCES:
            register_history_source(source)
