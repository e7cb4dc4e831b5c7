"""Protective-factor assessments (with their answers) and well-being goals on the family's
Changes page and on each one's own (families/history.py). The fields shown are the models'
own; only how a record is named is said here."""

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from families.extensions import HistorySource, record_kind
from families.models import Caregiver, Child

from .models import Answer, Assessment, Item, WellBeingGoal


def _person(row, names) -> str:
    return (
        names.person(Caregiver, row.caregiver_id)
        or names.person(Child, row.child_id)
        or gettext("the family")
    )


def _assessment(row, names) -> str:
    return gettext("Protective-factor assessment of %(person)s on %(date)s") % {
        "person": _person(row, names),
        "date": date_format(row.assessed_on, "j M Y"),
    }


def _answer(row, names) -> str:
    return gettext("An answer of the assessment: %(item)s") % {
        "item": names.records.get((Item, row.item_id), "—")
    }


def _goal(row, names) -> str:
    return gettext("Well-being goal for %(person)s: %(goal)s") % {
        "person": _person(row, names),
        "goal": Truncator(row.goal).chars(50),
    }


SOURCES = [
    HistorySource(Assessment, label=_assessment),
    HistorySource(
        Answer,
        lambda family: Answer.history.filter(assessment__family_id=family.pk),
        _answer,
        kind=record_kind(Assessment),
        record_field="assessment_id",
    ),
    HistorySource(WellBeingGoal, label=_goal),
]
