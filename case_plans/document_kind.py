"""How a case plan is printed: the kind "case_plan" of documents' pipeline (documents.kinds),
registered in CasePlansConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.kinds import DocumentSpec
from protective_factors.reference import PLAIN_WORDS
from protective_factors.selectors import family_protective_factors
from safety_networks.models import PlanStatus, SafetyPlan
from safety_networks.selectors import plan_with_rules, safety_network, scaling_history

from .models import CasePlan
from .selectors import case_plan_detail, case_plan_texts


def _case_plan(family, source_id) -> dict:
    """The plan; the rules of the safety plan in force; the five protective factors in plain
    words; and the same charts the family's pages show (the network's circles, scaling over
    time and each protective factor's trend), each with its scale in words."""
    context = case_plan_detail(CasePlan.objects.get(family=family, pk=source_id))
    active = SafetyPlan.objects.filter(family=family, status=PlanStatus.ACTIVE).first()
    context["safety_plan"] = plan_with_rules(active) if active else None
    context["scaling_chart"] = scaling_history(family)["chart"]
    context["circles"] = safety_network(family)["circles"]  # as the Network page draws them
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


CASE_PLAN = DocumentSpec(
    key="case_plan",
    label=gettext_lazy("Case plan"),
    template="pdf/case_plan.html",
    context=_case_plan,
    title=lambda c: _("Case plan, version %(number)s") % {"number": c["plan"].number},
    texts=case_plan_texts,
)
