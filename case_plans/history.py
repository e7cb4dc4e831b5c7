"""Case plans, with their steps and signatures, on the family's Changes page and on each
version's own (families/history.py). The fields shown are the models' own; only how a
record is named is said here."""

from django.utils.text import Truncator
from django.utils.translation import gettext

from documents.signatures import signature_history_label
from families.extensions import HistorySource, record_kind

from .models import CasePlan, CasePlanSignature, CasePlanStep, PlanNeed


def _plan(row, names) -> str:
    return gettext("Case plan, version %(number)s") % {"number": row.number}


def _step(row, names) -> str:
    return gettext("Case-plan step: %(what)s") % {"what": Truncator(row.what).chars(50)}


def _need(row, names) -> str:
    return gettext("Need or strength answered in the case plan")


PLAN = record_kind(CasePlan)

SOURCES = [
    HistorySource(CasePlan, label=_plan),
    HistorySource(
        CasePlanStep,
        lambda family: CasePlanStep.history.filter(plan__family_id=family.pk),
        _step,
        kind=PLAN,
        record_field="plan_id",
    ),
    HistorySource(
        CasePlanSignature,
        lambda family: CasePlanSignature.history.filter(record__family_id=family.pk),
        signature_history_label,
        kind=PLAN,
        record_field="record_id",
    ),
    HistorySource(
        PlanNeed,
        lambda family: PlanNeed.history.filter(plan__family_id=family.pk),
        _need,
        kind=PLAN,
        record_field="plan_id",
    ),
]
