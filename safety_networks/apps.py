from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyNetworksConfig(AppConfig):
    name = "safety_networks"
    verbose_name = _("Safety work (SOP)")

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            register_caseload_column,
            register_closing_check,
            register_overview_panel,
        )

        from .caseload import risk_cell, safety_cell
        from .selectors import overview_summary, with_safety_and_risk, with_safety_panel
        from .services import risk_override_waiting

        register_closing_check(risk_override_waiting)

        # The scored SDM safety assessment: its closing check and its instrument files.
        from protective_factors.instrument_tools import register_tool

        from .sdm.safety import load_from_file, safety_override_waiting
        from .sdm.safety_file import TOOL as SDM_SAFETY

        register_closing_check(safety_override_waiting)
        register_tool(SDM_SAFETY, load_from_file)
        # The other SDM tools' files, through the same command.
        from .models import RiskKind
        from .sdm import fsna, risk

        for kind in RiskKind.values:
            register_tool(kind, risk.load_from_file)
        register_tool(fsna.TOOL, fsna.load_from_file)
        from .reunification_services import reunification_override_waiting
        from .sdm import reunification

        register_tool(reunification.TOOL, reunification.load_from_file)
        register_closing_check(reunification_override_waiting)
        register_caseload_column(
            CaseloadColumn(
                header=_("Safety decision"),
                cell=safety_cell,
                annotate=with_safety_and_risk,
                order=10,
            )
        )
        register_caseload_column(
            CaseloadColumn(
                header=_("Risk level"),
                cell=risk_cell,
                order=11,  # annotated by with_safety_and_risk, with the safety decision
            )
        )
        register_overview_panel(
            OverviewPanel(
                template="safety_networks/_overview_panel.html",
                context=overview_summary,
                annotate=with_safety_panel,
                order=10,
            )
        )

        from .wording import register as register_wording

        register_wording()

        # A file of the family (documents) may belong to a version of its safety plan (the
        # signed copy of it, above all).
        from documents.belongs_to import register_model

        from .models import SafetyPlan

        register_model(key="safety_plan", label=_("A safety-plan version"), model=SafetyPlan, order=25)

        # documents makes the PDF of a safety plan from this app's records (documents.kinds).
        from documents.kinds import register as register_document_kind

        from .document_kind import SAFETY_PLAN

        register_document_kind(SAFETY_PLAN)

        # Each record's changes, field by field, on the family's Changes page and its own.
        from families.extensions import register_history_source

        from .history import SOURCES as HISTORY_SOURCES

        for source in HISTORY_SOURCES:
            register_history_source(source)
