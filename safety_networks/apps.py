from django.apps import AppConfig


class SafetyNetworksConfig(AppConfig):
    name = "safety_networks"
    verbose_name = "Safety work (SOP)"

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            register_caseload_column,
            register_overview_panel,
        )

        from .selectors import overview_summary, with_safety_and_risk

        register_caseload_column(
            CaseloadColumn(
                header="Safety decision",
                cell_template="safety_networks/_cell_safety.html",
                annotate=with_safety_and_risk,
                order=10,
            )
        )
        register_caseload_column(
            CaseloadColumn(
                header="Risk level",
                cell_template="safety_networks/_cell_risk.html",
                order=11,  # annotated by with_safety_and_risk, with the safety decision
            )
        )
        register_overview_panel(
            OverviewPanel(template="safety_networks/_overview_panel.html", context=overview_summary, order=10)
        )
