from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Family Team Meetings"

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            UnitReviewPanel,
            register_caseload_column,
            register_overview_panel,
            register_unit_review_panel,
        )

        from .selectors import overview_summary, unit_review_summary, with_meeting_columns

        register_caseload_column(
            CaseloadColumn(
                header="First meeting",
                cell_template="meetings/_cell_first_meeting.html",
                annotate=with_meeting_columns,
                order=20,
            )
        )
        register_overview_panel(
            OverviewPanel(template="meetings/_overview_panel.html", context=overview_summary, order=30)
        )
        register_unit_review_panel(
            UnitReviewPanel(
                template="meetings/_unit_review_panel.html", context=unit_review_summary, order=10
            )
        )
