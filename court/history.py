"""Hearings, their orders and court reports on the family's Changes page and on each
record's own (families/history.py): the fields shown are the models' own. An order's changes
show on its hearing's page."""

from families.extensions import HistorySource, record_kind

from .models import CourtOrder, CourtReport, Hearing

SOURCES = [
    HistorySource(Hearing),
    HistorySource(CourtOrder, kind=record_kind(Hearing), record_field="hearing_id"),
    HistorySource(CourtReport),
]
