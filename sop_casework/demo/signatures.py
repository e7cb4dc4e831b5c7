"""Signatures for the demo: the worked example's active case plan signed by Maria and Daniel
and the caseworker on the signed copy seeded by demo.files (the supervisor's signature still
to come), and its safety plan signed by both; one family where a caregiver would not sign,
with the reason; one plan approved 40 days ago that no one has signed, which Unit review's
rule shows; most other plans approved more than 30 days ago signed by their caregivers."""

import random
from datetime import date, timedelta

from django.utils import timezone

from case_plans.models import CasePlan, CasePlanSignature, PlanStatus
from documents.models import CaseFile, FileKind
from documents.signatures import Answer, SignerRole, signatures_record
from documents.signing import plan_signers
from families.models import Family
from safety_networks.models import PlanStatus as SafetyPlanStatus
from safety_networks.models import SafetyPlan, SafetyPlanSignature

from .files import _keep, one_page_pdf

UNSIGNED_DAYS = 40


def _answer(plan, family, model, supervisor, roles, refused_reason=""):
    signers = plan_signers(family=family, record=plan, model=model, supervisor=supervisor)
    return [
        Answer(s, refused=bool(refused_reason), reason=refused_reason)
        for s in signers
        if s.role in roles and s.signature is None
    ]


def _record(plan, family, model, answers, dated, copy=None):
    if answers:
        signatures_record(
            model=model, record=plan, family=family, by=family.assigned_caseworker, dated=dated,
            answers=answers, signed_copy=copy,
        )  # fmt: skip


def seed_signatures(*, families: list[Family], rng: random.Random, today: date) -> None:
    open_ = [f for f in families if f.status != "closed" and f.assigned_caseworker_id]
    plans = {
        p.family_id: p
        for p in CasePlan.objects.filter(family__in=open_, status=PlanStatus.ACTIVE).select_related(
            "decided_by"
        )
    }
    example = next((f for f in open_ if f.display_name == "Okafor-Reyes"), None)
    others = [f for f in open_ if f is not example and f.pk in plans]
    rng.shuffle(others)
    if example is not None and example.pk in plans:
        _worked_example(example, plans[example.pk], today)
    if others:
        _refused(others.pop(), plans, today)
    if others:
        unsigned = others.pop()
        CasePlan.objects.filter(pk=plans[unsigned.pk].pk).update(
            decided_at=timezone.now() - timedelta(days=UNSIGNED_DAYS)
        )
    for family in others:
        plan = plans[family.pk]
        approved_on = timezone.localdate(plan.decided_at) if plan.decided_at else None
        if approved_on is None or (today - approved_on).days <= 30 or rng.random() < 0.2:
            continue  # still within its 30 days, or (a few) left for the rule
        dated = min(today, approved_on + timedelta(days=rng.randint(3, 20)))
        copy = _keep(
            family, family.assigned_caseworker, "signed case plan.pdf",
            one_page_pdf([f"Case plan, version {plan.number}", "Signed by the caregivers"]),
            kind=FileKind.SIGNED_CASE_PLAN, document_date=dated,
            title=f"Case plan, version {plan.number}, signed", belongs_to=("case_plan", plan.pk),
        )  # fmt: skip
        answers = _answer(plan, family, CasePlanSignature, plan.decided_by, {SignerRole.CAREGIVER})
        _record(plan, family, CasePlanSignature, answers, dated, copy)


def _worked_example(family: Family, plan: CasePlan, today: date) -> None:
    copy = CaseFile.objects.filter(
        family=family, kind=FileKind.SIGNED_CASE_PLAN, belongs_to_kind="case_plan", belongs_to_id=plan.pk
    ).first()
    if copy is None:
        return
    roles = {SignerRole.CAREGIVER, SignerRole.CASEWORKER}
    answers = _answer(plan, family, CasePlanSignature, plan.decided_by, roles)
    _record(plan, family, CasePlanSignature, answers, copy.document_date, copy)
    safety_plan = SafetyPlan.objects.filter(family=family, status=SafetyPlanStatus.ACTIVE).first()
    if safety_plan is not None:
        dated = max(safety_plan.activated_on or today, today - timedelta(days=60))
        safety_copy = _keep(
            family, family.assigned_caseworker, "safety plan signed.pdf",
            one_page_pdf([f"Safety plan, version {safety_plan.number}", "Signed: Maria and Daniel"]),
            kind=FileKind.SIGNED_SAFETY_PLAN, document_date=min(dated, today),
            title="Safety plan, signed by Maria and Daniel", belongs_to=("safety_plan", safety_plan.pk),
        )  # fmt: skip
        answers = _answer(safety_plan, family, SafetyPlanSignature, None, {SignerRole.CAREGIVER})
        _record(safety_plan, family, SafetyPlanSignature, answers, min(dated, today), safety_copy)


def _refused(family: Family, plans: dict, today: date) -> None:
    plan = plans[family.pk]
    approved_on = timezone.localdate(plan.decided_at) if plan.decided_at else today
    dated = min(today, approved_on + timedelta(days=5))
    signers = plan_signers(family=family, record=plan, model=CasePlanSignature, supervisor=plan.decided_by)
    caregivers = [s for s in signers if s.role == SignerRole.CAREGIVER]
    if not caregivers:
        return
    refusing, *signing = caregivers
    answers = [
        Answer(
            refusing, refused=True,
            reason="Does not agree that the children need weekly visits; wants to talk to the supervisor.",
        )
    ]  # fmt: skip
    copy = None
    if signing:
        copy = _keep(
            family, family.assigned_caseworker, "signed case plan.pdf",
            one_page_pdf([f"Case plan, version {plan.number}", f"Signed: {signing[0].label}"]),
            kind=FileKind.SIGNED_CASE_PLAN, document_date=dated,
            title=f"Case plan, version {plan.number}, signed by {signing[0].caregiver.first_name}",
            belongs_to=("case_plan", plan.pk),
        )  # fmt: skip
        answers.append(Answer(signing[0]))
    _record(plan, family, CasePlanSignature, answers, dated, copy)
