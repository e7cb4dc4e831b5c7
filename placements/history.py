"""Placements and family time on the family's Changes page and on each record's own
(families/history.py): the fields shown are the models' own. A visit's changes show on its
family-time plan's page."""

from families.extensions import HistorySource, record_kind

from .models import FamilyTimePlan, FamilyTimeVisit, Placement

SOURCES = [
    HistorySource(Placement),
    HistorySource(FamilyTimePlan),
    HistorySource(FamilyTimeVisit, kind=record_kind(FamilyTimePlan), record_field="plan_id"),
]
