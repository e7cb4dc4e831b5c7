"""What each kind of document is made from: one pipeline (case_plans.services and .tasks),
one template and one context per kind."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.models import Meeting
from meetings.selectors import meeting_detail, meeting_texts
from protective_factors.reference import PLAIN_WORDS
from protective_factors.selectors import family_protective_factors
from safety_networks.models import PlanStatus, SafetyPlan
from safety_networks.selectors import plan_with_rules, safety_plan_texts, scaling_history
from safety_networks.statements import names_joined

from .models import CasePlan, DocumentKind
from .selectors import case_plan_detail, case_plan_texts


@dataclass(frozen=True)
class DocumentSpec:
    template: str
    context: Callable  # (family, source_id) -> dict; raises the model's DoesNotExist
    title: Callable  # (context) -> str
    # (family, source_id) -> the records whose text staff wrote that the document prints, each
    # in the family's words where it has them (families.family_wording), in a few queries.
    texts: Callable


def _safety_plan(family, source_id) -> dict:
    plan = plan_with_rules(SafetyPlan.objects.get(family=family, pk=source_id))
    return {"plan": plan, "draft": plan.status != "active" and plan.status != "superseded"}


def _meeting_summary(family, source_id) -> dict:
    """The meeting, and who signs it: those who came once it is recorded as held; before
    that, everyone invited (the sheet is signed at the meeting)."""
    meeting = meeting_detail(Meeting.objects.get(family=family, pk=source_id))
    held = meeting.status == "held"
    participants = list(meeting.participants.all())
    present = [p for p in participants if p.attended] if held else participants
    return {
        "meeting": meeting,
        "draft": not held,
        "present": present,
        "who_came": names_joined([p.name for p in present]) if held else "",
    }


def _case_plan(family, source_id) -> dict:
    """The plan; the rules of the safety plan in force; the five protective factors in plain
    words; and the same charts the family's pages show (scaling over time and each protective
    factor's trend), each with its scale in words."""
    context = case_plan_detail(CasePlan.objects.get(family=family, pk=source_id))
    active = SafetyPlan.objects.filter(family=family, status=PlanStatus.ACTIVE).first()
    context["safety_plan"] = plan_with_rules(active) if active else None
    context["scaling_chart"] = scaling_history(family)["chart"]
    factors = family_protective_factors(family)
    context["factors_in_plain_words"] = [(f, PLAIN_WORDS[f.code]) for f in factors["factors"]]
    context["factor_charts"] = factors["charts"]
    context["factor_scale"] = _scale_in_words(factors["assessments"])
    return context


def _scale_in_words(assessments) -> str:
    """The factor charts' scale, from the answers of the instrument they were drawn on:
    “from 1 (Not at all like me) to 5 (Very much like me)”."""
    if not assessments:
        return ""
    instrument = assessments[-1].instrument
    low, high = instrument.scale_min, instrument.scale_max
    return _(
        "Each line is one person. It shows the average of their answers, from %(low)s "
        "(“%(low_label)s”) to %(high)s (“%(high_label)s”)."
    ) % {  # the labels in the document's language (the active one while it is made)
        "low": low,
        "low_label": instrument.scale_label(low),
        "high": high,
        "high_label": instrument.scale_label(high),
    }


# A document's title is kept with it, in the document's language (case_plans.services).
SPECS: dict[str, DocumentSpec] = {
    DocumentKind.CASE_PLAN: DocumentSpec(
        "pdf/case_plan.html",
        _case_plan,
        lambda c: _("Case plan, version %(number)s") % {"number": c["plan"].number},
        case_plan_texts,
    ),
    DocumentKind.SAFETY_PLAN: DocumentSpec(
        "pdf/safety_plan.html",
        _safety_plan,
        lambda c: _("Safety plan, version %(number)s") % {"number": c["plan"].number},
        safety_plan_texts,
    ),
    DocumentKind.MEETING_SUMMARY: DocumentSpec(
        "pdf/meeting_summary.html",
        _meeting_summary,
        lambda c: _("Summary of the %(meeting)s") % {"meeting": c["meeting"]},
        meeting_texts,
    ),
}
