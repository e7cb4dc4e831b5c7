from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Family Team Meetings")

    def ready(self):
        from families.extensions import (
            CaseloadColumn,
            OverviewPanel,
            register_caseload_column,
            register_overview_panel,
        )

        from .caseload import first_meeting_cell
        from .selectors import overview_summary, with_meeting_columns, with_meeting_panel

        register_caseload_column(
            CaseloadColumn(
                header=_("First meeting"),
                cell=first_meeting_cell,
                annotate=with_meeting_columns,
                order=20,
            )
        )
        register_overview_panel(
            OverviewPanel(
                template="meetings/_overview_panel.html",
                context=overview_summary,
                annotate=with_meeting_panel,
                order=30,
            )
        )

        from .wording import register as register_wording

        register_wording()

        # A file of the family (documents) may belong to one of its meetings.
        from documents.belongs_to import register_model

        from .models import Meeting

        register_model(key="meeting", label=_("A meeting"), model=Meeting, order=30)

        # documents makes the PDF of a meeting's summary from this app's records (documents.kinds).
        from documents.kinds import register as register_document_kind

        from .document_kind import MEETING_SUMMARY

        register_document_kind(MEETING_SUMMARY)
        # The daily reminder of what falls due tomorrow (notifications).
        from notifications.services import register_due_source

        from .selectors import action_items_due

        register_due_source(action_items_due)

        # Each record's changes, field by field, on the family's Changes page and its own.
        from families.extensions import register_history_source

        from .history import SOURCES as HISTORY_SOURCES

        for source in HISTORY_SOURCES:
            register_history_source(source)
