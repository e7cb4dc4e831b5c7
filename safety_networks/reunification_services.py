"""Every write of the SDM reunification reassessment (safety_networks.reunification_models):
a draft started for a child in care, answered while a draft, submitted (the recommendation
follows from the findings by the file's rule, safety_networks.sdm.reunification), an override
asked for and decided by the supervisor of the unit, as a risk override is."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import audit_family
from families.extensions import active_plan_goals
from families.models import Child, Family
from families.services import require_open_record, supervises
from families.versioning import claim_version
from notifications.models import Kind
from notifications.receivers import email_reunification_override_returned
from notifications.services import notify, supervisors_of
from placements.models import IN_CARE, Placement
from placements.selectors import family_time_summary

from .models import (
    OverrideStatus,
    RiskAssessment,
    RiskKind,
    SafetyAssessment,
    SafetyAssessmentStatus,
    SafetyDecision,
)
from .reunification_models import (
    ReassessmentStatus,
    Recommendation,
    ReunificationInstrument,
    ReunificationReassessment,
)
from .sdm import reunification

SUBMITTED = gettext_lazy("This reassessment is submitted; its answers can no longer change.")
UNANSWERED = gettext_lazy("Answer this before submitting.")
GOAL, FAMILY_TIME, SAFETY = "goal_", "ft_", "safety_answer"


def field_name(kind: str, code: str) -> str:
    """The form's name of a question: a goal's progress, a family-time item, the safety one."""
    return {"goal": GOAL + code, "family_time": FAMILY_TIME + code}.get(kind, SAFETY)


def latest_instrument() -> ReunificationInstrument | None:
    """The version a new reassessment is answered on: the newest of the newest-loaded file (an
    agency's licensed file, once loaded, over the demonstration)."""
    return ReunificationInstrument.objects.order_by("is_demonstration", "-loaded_at", "-version").first()


def children_in_care(family: Family) -> list[Child]:
    """The family's children whose current placement is out of the home, in care. Queries: 1."""
    placements = (
        Placement.objects.current(timezone.localdate())
        .filter(family=family, setting__in=IN_CARE)
        .select_related("child")
        .order_by("child__date_of_birth", "child_id")
    )
    return [placement.child for placement in placements]


def latest_risk_reassessment(family: Family) -> RiskAssessment | None:
    """The household's latest risk reassessment (its level in force is the risk finding)."""
    return (
        RiskAssessment.objects.filter(family=family, kind=RiskKind.REASSESSMENT)
        .order_by("-assessed_on", "-id")
        .first()
    )


def safety_for_child(family: Family, child_id: int) -> SafetyAssessment | None:
    """The latest submitted scored safety assessment that answered the threats for the child:
    its decision in force is the safety of the home the child would return to."""
    return (
        SafetyAssessment.objects.filter(
            family=family,
            status=SafetyAssessmentStatus.SUBMITTED,
            instrument__isnull=False,
            threat_answers__child_id=child_id,
        )
        .exclude(decision="")
        .order_by("-assessed_on", "-id")
        .distinct()
        .first()
    )


def last_submitted(child_id: int, *, before: ReunificationReassessment | None = None):
    """The child's last submitted reunification reassessment: what a new one is compared with."""
    rows = ReunificationReassessment.objects.filter(
        child_id=child_id, status=ReassessmentStatus.SUBMITTED
    ).select_related("instrument")
    if before is not None:
        rows = rows.exclude(pk=before.pk)
    return rows.order_by("-assessed_on", "-id").first()


@transaction.atomic
def reunification_start(
    *,
    family: Family,
    by,
    child: Child,
    instrument: ReunificationInstrument,
    assessed_on: date | None = None,
) -> ReunificationReassessment:
    """A draft for a child in care, every question still to answer, rating progress on the
    goals of the case plan in force."""
    require_open_record(family)
    if child.family_id != family.pk or child.pk not in {c.pk for c in children_in_care(family)}:
        raise ValidationError({"child": _("Choose a child of this family who is in care now.")})
    goals = active_plan_goals(family)
    if not goals:
        raise ValidationError(
            _("The family has no approved case plan with goals: progress is rated on the plan's goals.")
        )
    reassessment = ReunificationReassessment(
        family=family,
        recorded_by=by,
        child=child,
        instrument=instrument,
        assessed_on=assessed_on or timezone.localdate(),
        goals=[{"key": g.key, "kind": str(g.kind), "wording": g.wording} for g in goals],
    )
    reassessment.full_clean()
    reassessment.save()
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=reassessment)
    return reassessment


def _lock(reassessment: ReunificationReassessment, expected_version: int | None) -> ReunificationReassessment:
    locked = (
        ReunificationReassessment.objects.select_for_update()
        .select_related("instrument", "family")
        .get(pk=reassessment.pk)
    )
    if not locked.is_draft:
        raise ValidationError(SUBMITTED)
    require_open_record(locked.family)
    claim_version(locked, expected=expected_version, fields=["assessed_on", "notes", "safety_answer"])
    return locked


@transaction.atomic
def reunification_save(
    *,
    reassessment: ReunificationReassessment,
    by,
    goal_ratings: Mapping[str, str],
    family_time: Mapping[str, str],
    safety_answer: str = "",
    notes: str | None = None,
    assessed_on: date | None = None,
    expected_version: int | None = None,
) -> ReunificationReassessment:
    """Save a draft's answers (an empty answer: not answered yet). Only while a draft."""
    reassessment = _lock(reassessment, expected_version)
    definition = reassessment.instrument.definition
    progress = {p["code"] for p in definition["progress_scale"]}
    quality = {p["code"] for p in definition["family_time_scale"]}
    keys = {g["key"] for g in reassessment.goals}
    items = {i["code"] for i in definition["family_time_items"]}
    for key, answer in goal_ratings.items():
        if key not in keys:
            raise ValidationError(_("That goal is not part of this reassessment."))
        if answer and answer not in progress:
            raise ValidationError({GOAL + key: _("Choose one of the answers.")})
    for code, answer in family_time.items():
        if code not in items:
            raise ValidationError(_("That question is not part of this tool."))
        if answer and answer not in quality:
            raise ValidationError({FAMILY_TIME + code: _("Choose one of the answers.")})
    if safety_answer and safety_answer not in SafetyDecision.values:
        raise ValidationError({SAFETY: _("Choose one of the answers.")})
    reassessment.goal_ratings = {k: v for k, v in goal_ratings.items() if v}
    reassessment.family_time_ratings = {k: v for k, v in family_time.items() if v}
    reassessment.safety_answer = safety_answer
    if notes is not None:
        reassessment.notes = notes
    if assessed_on is not None:
        reassessment.assessed_on = assessed_on
    reassessment.full_clean()
    reassessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=reassessment.family, record=reassessment)
    return reassessment


@transaction.atomic
def reunification_submit(
    *, reassessment: ReunificationReassessment, by, expected_version: int | None = None
) -> ReunificationReassessment:
    """Read the findings (the household's latest risk reassessment, family time held and
    planned, the child's safety decision) and keep them with the recommendation the rule
    gives. Refused with a message beside each question left unanswered, and without a risk
    reassessment."""
    reassessment = _lock(reassessment, expected_version)
    family = reassessment.family
    risk = latest_risk_reassessment(family)
    if risk is None:
        raise ValidationError(
            _("A risk reassessment of the household is needed first: complete one, then submit.")
        )
    safety = safety_for_child(family, reassessment.child_id)
    decision = safety.decision if safety is not None else reassessment.safety_answer
    try:
        found = reunification.result(
            reassessment.instrument.definition,
            risk=risk.level,
            goal_ratings=reassessment.goal_ratings,
            goal_keys=[g["key"] for g in reassessment.goals],
            family_time=reassessment.family_time_ratings,
            safety=decision,
        )
    except reunification.Unanswered as error:
        raise ValidationError(
            {field_name(kind, code): UNANSWERED for kind, code in error.questions}
        ) from error
    summary = family_time_summary(family)
    child_plans = [p for p in summary.plans if p.plan.child_id == reassessment.child_id]
    reassessment.family_time_planned = sum(p.planned for p in child_plans)
    reassessment.family_time_held = sum(p.held for p in child_plans)
    reassessment.risk_assessment, reassessment.risk_level = risk, risk.level
    reassessment.safety_assessment, reassessment.safety_decision = safety, decision
    reassessment.progress, reassessment.family_time_quality = found.progress, found.family_time
    reassessment.recommendation = found.recommendation
    reassessment.compared_with = last_submitted(reassessment.child_id, before=reassessment)
    reassessment.status = ReassessmentStatus.SUBMITTED
    reassessment.submitted_at = timezone.now()
    reassessment.full_clean()
    reassessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=family, record=reassessment)
    return reassessment


@transaction.atomic
def reunification_override_request(
    *,
    reassessment: ReunificationReassessment,
    by,
    override_recommendation: str,
    override_reason: str,
    expected_version: int | None = None,
) -> ReunificationReassessment:
    """A worker who disagrees with the tool's recommendation records another, with a reason;
    it waits for the supervisor's approval, and until then the tool's is in force."""
    require_open_record(reassessment.family)
    claim_version(
        reassessment, expected=expected_version, fields=["override_recommendation", "override_reason"]
    )
    if reassessment.is_draft:
        raise ValidationError(_("Submit the reassessment before overriding its recommendation."))
    if reassessment.override_status in (OverrideStatus.PENDING, OverrideStatus.APPROVED):
        raise ValidationError(_("This reassessment already has an override."))
    if override_recommendation not in Recommendation.values:
        raise ValidationError({"override_recommendation": _("Choose one of the answers.")})
    if override_recommendation == reassessment.recommendation:
        raise ValidationError({"override_recommendation": _("An override must change the recommendation.")})
    if not (override_reason or "").strip():
        raise ValidationError({"override_reason": _("Say why you disagree with the tool’s recommendation.")})
    reassessment.override_recommendation = override_recommendation
    reassessment.override_reason = override_reason.strip()
    reassessment.override_status = OverrideStatus.PENDING
    reassessment.override_decided_by, reassessment.override_decided_at = None, None
    reassessment.override_decision_comment = ""
    reassessment.full_clean()
    reassessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=reassessment.family, record=reassessment)
    notify(
        recipients=supervisors_of(reassessment.family),
        kind=Kind.REUNIFICATION_OVERRIDE_REQUESTED,
        family=reassessment.family,
        actor=by,
        link=reverse("supervision:approvals"),
    )
    return reassessment


@transaction.atomic
def reunification_override_decide(
    *, reassessment: ReunificationReassessment, by, approve: bool, comment: str = ""
) -> ReunificationReassessment:
    """The supervisor of the caseworker's unit approves the override (it is then in force), or
    does not, saying why (the tool's recommendation stays in force)."""
    if not supervises(by, reassessment.family):
        raise PermissionDenied("Only the supervisor of the caseworker's unit decides an override.")
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the override is not approved.")})
    claim_version(reassessment, expected=None, fields=[])
    if reassessment.override_status != OverrideStatus.PENDING:
        raise ValidationError(_("This override is not waiting for a decision."))
    reassessment.override_status = OverrideStatus.APPROVED if approve else OverrideStatus.REJECTED
    reassessment.override_decided_by, reassessment.override_decided_at = by, timezone.now()
    reassessment.override_decision_comment = comment.strip()
    reassessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=reassessment.family, record=reassessment)
    notify(
        recipients=[reassessment.recorded_by],
        kind=Kind.REUNIFICATION_OVERRIDE_APPROVED if approve else Kind.REUNIFICATION_OVERRIDE_REJECTED,
        family=reassessment.family,
        actor=by,
        link=reverse("safety_networks:reunification", args=[reassessment.family.public_id, reassessment.pk]),
    )
    if not approve:
        email_reunification_override_returned(reassessment)  # cannot wait for the morning's digest
    return reassessment


def reunification_override_waiting(family: Family) -> str:
    """Closing check (families.extensions): a reunification override not decided yet."""
    if ReunificationReassessment.objects.filter(
        family=family, override_status=OverrideStatus.PENDING
    ).exists():
        return _("A reunification override is waiting for the supervisor.")
    return ""
