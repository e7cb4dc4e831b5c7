"""The safety work on the family's Changes page and on each record's own Changes page
(families/history.py): the map, statements and goals, scaling, the network, safety plans
with their rules and signatures, the SDM assessments and the Three Houses. The fields shown
are each model's own; only how a record is named is said here."""

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from documents.signatures import signature_history_label
from families.extensions import HistorySource, record_kind
from families.models import Child

from .fsna_models import DomainRating, StrengthsAndNeedsAssessment
from .models import (
    DangerStatement,
    HarmStatement,
    MapEntry,
    NetworkMember,
    RiskAssessment,
    SafetyAssessment,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanRule,
    SafetyPlanSignature,
    ScalingScore,
    ThreeHouses,
)
from .reunification_models import ReunificationReassessment


def _short(text: str) -> str:
    return Truncator(text or "").chars(50)


def _day(value) -> str:
    return date_format(value, "j M Y") if value else "—"


def _entry(row, names) -> str:
    return gettext("%(kind)s: %(text)s") % {"kind": row.get_kind_display(), "text": _short(row.text)}


def _harm(row, names) -> str:
    return gettext("Harm statement about %(child)s") % {
        "child": names.person(Child, row.child_id, gettext("a child"))
    }


def _danger(row, names) -> str:
    return gettext("Danger statement: %(who)s worried") % {"who": _short(row.who_is_worried)}


def _goal(row, names) -> str:
    return gettext("Safety goal: %(text)s") % {"text": _short(row.caregivers_will)}


def _scaling(row, names) -> str:
    return gettext("Scaling number of %(name)s on %(date)s") % {"name": row.name, "date": _day(row.scored_on)}


def _member(row, names) -> str:
    return gettext("Network member %(name)s") % {"name": row.name}


def _plan(row, names) -> str:
    return gettext("Safety plan, version %(number)s") % {"number": row.number}


def _rule(row, names) -> str:
    return gettext("Safety-plan rule: %(rule)s") % {"rule": _short(row.rule)}


def _safety(row, names) -> str:
    return gettext("Safety assessment of %(date)s") % {"date": _day(row.assessed_on)}


def _risk(row, names) -> str:
    return gettext("Risk assessment of %(date)s") % {"date": _day(row.assessed_on)}


def _three_houses(row, names) -> str:
    return gettext("Three Houses with %(child)s on %(date)s") % {
        "child": names.person(Child, row.child_id, gettext("a child")),
        "date": _day(row.recorded_on),
    }


def _reunification(row, names) -> str:
    return gettext("Reunification reassessment for %(child)s of %(date)s") % {
        "child": names.person(Child, row.child_id, gettext("a child")),
        "date": _day(row.assessed_on),
    }


PLAN = record_kind(SafetyPlan)

SOURCES = [
    HistorySource(MapEntry, label=_entry),
    HistorySource(HarmStatement, label=_harm),
    HistorySource(DangerStatement, label=_danger),
    HistorySource(SafetyGoal, label=_goal),
    HistorySource(ScalingScore, label=_scaling),
    HistorySource(NetworkMember, label=_member),
    HistorySource(SafetyPlan, label=_plan),
    HistorySource(
        SafetyPlanRule,
        lambda family: SafetyPlanRule.history.filter(plan__family_id=family.pk),
        _rule,
        kind=PLAN,
        record_field="plan_id",
    ),
    HistorySource(
        SafetyPlanSignature,
        lambda family: SafetyPlanSignature.history.filter(record__family_id=family.pk),
        signature_history_label,
        kind=PLAN,
        record_field="record_id",
    ),
    HistorySource(SafetyAssessment, label=_safety),
    HistorySource(RiskAssessment, label=_risk),
    HistorySource(ThreeHouses, label=_three_houses),
    HistorySource(StrengthsAndNeedsAssessment),
    HistorySource(ReunificationReassessment, label=_reunification),
    HistorySource(
        DomainRating,
        lambda family: DomainRating.history.filter(assessment__family_id=family.pk),
        kind=record_kind(StrengthsAndNeedsAssessment),
        record_field="assessment_id",
    ),
]
