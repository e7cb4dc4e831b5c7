"""How a court report is printed: the kind "court_report" of documents' pipeline
(documents.kinds), registered in CourtConfig.ready().

Drafted from the record: the map (worries, what is working well, what needs to happen), the
danger statements with their safety goals, scaling over time, the safety network and safety
plan, the protective-factor assessments and their change, the case plan's progress, then the
sections other apps register (families.extensions.report_sections: placements' placement
history and family time), then the caseworker's narrative. Every text from the record is
passed through court.withholding, so no reporter's name and no address the court kept from
the parents reaches the court's copy. A final report is drafted from the map as it stood on
the day it was approved."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from case_plans.models import CasePlan
from case_plans.models import PlanStatus as CasePlanStatus
from case_plans.selectors import case_plan_detail
from documents.kinds import DocumentSpec
from families.extensions import report_sections
from protective_factors.selectors import family_protective_factors
from safety_networks.models import PlanStatus, SafetyPlan
from safety_networks.selectors import family_map, plan_with_rules, safety_network, scaling_history
from sop_casework.charts import network_circles

from .models import CourtReport, ReportStatus
from .selectors import address_kept_from_parents, orders_in_force
from .withholding import secrets_of, withheld


def _court_report(family, source_id) -> dict:
    report = CourtReport.objects.select_related("hearing", "decided_by", "recorded_by").get(
        family=family, pk=source_id
    )
    final = report.status in (ReportStatus.FINAL, ReportStatus.SUPERSEDED)
    as_of = timezone.localdate(report.decided_at) if final and report.decided_at else None
    secrets = secrets_of(family)

    def clean(text) -> str:
        return withheld(str(text or ""), secrets)

    the_map = family_map(family, on=as_of)
    dangers = [
        {
            "text": clean(_danger(statement)),
            "goal": clean(statement.goal.original_wording) if statement.goal else "",
        }
        for statement in the_map["danger_statements"]
        if statement.is_active
    ]
    network = safety_network(family)
    members = [
        (clean(m.name), clean(f"{m.relationship}; {m.get_circle_display().lower()}"), m.circle)
        for m in network["members"]
    ]
    active_plan = SafetyPlan.objects.filter(family=family, status=PlanStatus.ACTIVE).first()
    safety_plan = plan_with_rules(active_plan) if active_plan else None
    factors = family_protective_factors(family)
    case_plan = CasePlan.objects.filter(family=family, status=CasePlanStatus.ACTIVE).first()
    withhold_addresses = address_kept_from_parents(family)
    sections = [
        {
            "template": s.template,
            "heading": s.heading,
            "section": s.context(family=family, as_of=as_of, withhold_addresses=withhold_addresses),
        }
        for s in report_sections
    ]
    return {
        "report": report,
        "hearing": report.hearing,
        "draft": not final,
        "children": [c.called for c in report.hearing.children.all()],
        "worries": {
            "harms": [clean(h.what_happened) for h in the_map["harm_statements"] if h.is_active],
            "complicating": [clean(e.text) for e in the_map["complicating_factors"] if e.is_active],
        },
        "working_well": [
            clean(e.text) for e in the_map["strengths"] + the_map["existing_safety"] if e.is_active
        ],
        "next_steps": [clean(e.text) for e in the_map["next_steps"] if e.is_active],
        "dangers": dangers,
        "scaling_chart": scaling_history(family)["chart"],
        "latest_scaling": [(clean(s.name), s) for s in the_map["latest_scaling"]],
        "circles": network_circles(members, centre_label=family.display_name) if members else None,
        "network": [{"name": n, "detail": d} for n, d, _c in members],
        "safety_plan": safety_plan,
        "safety_rules": [
            {"rule": clean(r.rule), "how": clean(r.how_it_holds)}
            for r in (safety_plan.rules.all() if safety_plan else [])
        ],
        "factor_rows": _factor_rows(factors, clean),
        "case_plan": case_plan,
        "plan_rows": _plan_rows(case_plan, clean) if case_plan else [],
        "orders": [clean(o.text) for o in orders_in_force(family)],
        "sections": sections,
        "narrative": {
            name: clean(getattr(report, name)) for name in ("summary", "assessment", "recommendation")
        },
    }


def _danger(statement) -> str:
    """A danger statement as it stood (a historical row has no original_wording)."""
    from safety_networks.statements import danger_sentence

    return danger_sentence(
        who_is_worried=statement.who_is_worried,
        caregiver_behaviour=statement.caregiver_behaviour,
        children=statement.child_names,
        what_could_happen=statement.what_could_happen,
    )


def _plan_rows(case_plan, clean) -> list[dict]:
    """The plan in force: each safety goal with its steps, who, what, by when, and how
    progress is shown."""
    return [
        {
            "goal": clean(row.goal),
            "steps": [
                {
                    "who": clean(s.who),
                    "what": clean(s.what),
                    "by_when": s.by_when,
                    "progress": clean(s.progress_shown_by),
                }
                for s in row.steps
            ],
        }
        for row in case_plan_detail(case_plan)["links"]
    ]


def _factor_rows(factors: dict, clean) -> list[dict]:
    """Each person's first and latest mean per factor, and the change between them."""
    rows = []
    for person in factors["people"]:
        for factor in factors["factors"]:
            latest = person.latest.get(factor.code)
            if latest is None:
                continue
            first = person.first.get(factor.code)
            rows.append(
                {
                    "person": clean(person.name),
                    "factor": factor.label,
                    "first": first.mean if first and person.assessments > 1 else None,
                    "latest": latest.mean,
                    "band": latest.get_band_display(),
                    "change": person.change(factor.code),
                }
            )
    return rows


def _title(context) -> str:
    return _("Court report for the %(kind)s hearing of %(day)s, version %(number)s") % {
        "kind": context["hearing"].kind_label.lower(),
        "day": context["hearing"].hearing_on.isoformat(),
        "number": context["report"].number,
    }


COURT_REPORT = DocumentSpec(
    key="court_report",
    label=gettext_lazy("Court report"),
    template="pdf/court_report.html",
    context=_court_report,
    title=_title,
    texts=lambda family, source_id: [],  # for the court, in the agency's language: no family wording
)
