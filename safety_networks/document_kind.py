"""How a safety plan is printed: the kind "safety_plan" of documents' pipeline
(documents.kinds), registered in SafetyNetworksConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.kinds import DocumentSpec

from .models import SafetyPlan
from .selectors import plan_with_rules, safety_network, safety_plan_texts


def _safety_plan(family, source_id) -> dict:
    """The plan with its rules, and the network's circles as the Network page draws them."""
    plan = plan_with_rules(SafetyPlan.objects.get(family=family, pk=source_id))
    return {
        "plan": plan,
        "draft": plan.status != "active" and plan.status != "superseded",
        "circles": safety_network(family)["circles"],
    }


SAFETY_PLAN = DocumentSpec(
    key="safety_plan",
    label=gettext_lazy("Safety plan"),
    template="pdf/safety_plan.html",
    context=_safety_plan,
    title=lambda c: _("Safety plan, version %(number)s") % {"number": c["plan"].number},
    texts=safety_plan_texts,
)
