from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements and family time")

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            register_caseload_column,
            register_overview_panel,
        )

        from .caseload import placement_cell, placement_value
        from .selectors import overview_panel, with_placement_column, with_placement_panel

        register_caseload_column(
            CaseloadColumn(
                header=_("Where the children live"),
                cell=placement_cell,
                annotate=with_placement_column,
                value=placement_value,
                order=25,
            )
        )
        register_overview_panel(
            OverviewPanel(
                template="placements/_overview_panel.html",
                context=overview_panel,
                annotate=with_placement_panel,
                order=25,
            )
        )
        # Every document made for the family says where the children live, without an
        # address the court ordered kept from the parents (documents.kinds).
        from documents.kinds import register_family_facts

        from .selectors import where_children_live

        register_family_facts(where_children_live)
        # Its part of the court report: the placement history and family time.
        from families.extensions import register_report_section

        from .court_report import SECTIONS

        for section in SECTIONS:
            register_report_section(section)
        # On the family's Changes page, and each record on its own.
        from families.extensions import register_history_source

        from .history import SOURCES as HISTORY_SOURCES

        for source in HISTORY_SOURCES:
            register_history_source(source)
