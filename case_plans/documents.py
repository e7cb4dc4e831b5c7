"""What each kind of document is made from: one pipeline (case_plans.services and .tasks),
one template and one context per kind."""

from collections.abc import Callable
from dataclasses import dataclass

from meetings.models import Meeting
from meetings.selectors import meeting_detail
from protective_factors.selectors import family_protective_factors
from safety_networks.models import SafetyPlan
from safety_networks.selectors import plan_with_rules, scaling_history

from .models import CasePlan, DocumentKind
from .selectors import case_plan_detail


@dataclass(frozen=True)
class DocumentSpec:
    template: str
    context: Callable  # (family, source_id) -> dict; raises the model's DoesNotExist
    title: Callable  # (context) -> str


def _safety_plan(family, source_id) -> dict:
    plan = plan_with_rules(SafetyPlan.objects.get(family=family, pk=source_id))
    return {"plan": plan, "draft": plan.status != "active" and plan.status != "superseded"}


def _meeting_summary(family, source_id) -> dict:
    meeting = meeting_detail(Meeting.objects.get(family=family, pk=source_id))
    return {"meeting": meeting, "draft": meeting.status != "held"}


def _case_plan(family, source_id) -> dict:
    """The plan, and the same charts the family's pages show: scaling over time and each
    protective factor's trend."""
    context = case_plan_detail(CasePlan.objects.get(family=family, pk=source_id))
    context["scaling_chart"] = scaling_history(family)["chart"]
    context["factor_charts"] = family_protective_factors(family)["charts"]
    return context


SPECS: dict[str, DocumentSpec] = {
    DocumentKind.CASE_PLAN: DocumentSpec(
        "pdf/case_plan.html", _case_plan, lambda c: f"Case plan, version {c['plan'].number}"
    ),
    DocumentKind.SAFETY_PLAN: DocumentSpec(
        "pdf/safety_plan.html", _safety_plan, lambda c: f"Safety plan, version {c['plan'].number}"
    ),
    DocumentKind.MEETING_SUMMARY: DocumentSpec(
        "pdf/meeting_summary.html", _meeting_summary, lambda c: f"Summary of the {c['meeting']}"
    ),
}
