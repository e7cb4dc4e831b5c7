"""The scored SDM safety assessment: every write (start, answer, submit, the override and
its decision) and the reads of its pages. The decision follows from the answers through the
instrument version's rule (safety_networks.sdm.safety_rule); answers change only while the
assessment is a draft.

An assessment is made on the instrument version loaded last when it is started, and keeps it:
loading a new version never changes an assessment made on an old one."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family
from families.models import Child, Family
from families.services import require_open_record, supervises
from families.versioning import claim_version
from notifications.models import Kind
from notifications.receivers import email_safety_override_returned
from notifications.services import notify, supervisors_of

from ..models import (
    OverrideStatus,
    PlanStatus,
    SafetyAssessment,
    SafetyAssessmentStatus,
    SafetyDecision,
    SafetyInstrument,
    SafetyInterventionAnswer,
    SafetyPlan,
    SafetyThreatAnswer,
)
from .safety_rule import Clause, decide_answers

# --- Writes ---------------------------------------------------------------------------------


def current_instrument() -> SafetyInstrument | None:
    """The version new assessments are made on: the one loaded last."""
    return SafetyInstrument.objects.order_by("-loaded_at", "-id").first()


def threat_field(child_id: int, threat: str) -> str:
    """The name of a threat's answer for a child, in the form and in the submit's errors."""
    return f"threat-{child_id}-{threat}"


def intervention_field(threat: str, intervention: str) -> str:
    return f"intervention-{threat}-{intervention}"


@transaction.atomic
def safety_assessment_start(
    *, family: Family, by, instrument: SafetyInstrument | None = None, assessed_on: date | None = None
) -> SafetyAssessment:
    """A draft on `instrument` (default: current_instrument), with an unanswered question for
    each threat and each child living in the household."""
    require_open_record(family)
    instrument = instrument or current_instrument()
    if instrument is None:
        raise ValidationError(_("No safety-assessment instrument is loaded (manage.py load_instrument)."))
    children = list(Child.objects.filter(family=family, left_household_on__isnull=True))
    if not children:
        raise ValidationError(_("Add the family’s children first: the threats are answered for each child."))
    assessment = SafetyAssessment(
        family=family,
        recorded_by=by,
        instrument=instrument,
        status=SafetyAssessmentStatus.DRAFT,
        assessed_on=assessed_on or timezone.localdate(),
    )
    assessment.full_clean()
    assessment.save()
    SafetyThreatAnswer.objects.bulk_create(
        SafetyThreatAnswer(assessment=assessment, child=child, threat=threat["code"])
        for child in children
        for threat in instrument.threats
    )
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=assessment)
    return assessment


def _lock_draft(assessment: SafetyAssessment, expected_version: int | None) -> SafetyAssessment:
    """The stored row, locked, of the version the page was opened on, and still a draft."""
    claim_version(
        assessment, expected=expected_version, fields=["notes", "override_decision", "override_reason"]
    )
    stored = SafetyAssessment.objects.get(pk=assessment.pk)
    if stored.status != SafetyAssessmentStatus.DRAFT:
        raise ValidationError(_("This safety assessment is submitted; its answers can no longer change."))
    return stored


def _check_override(decision: str, reason: str) -> None:
    if decision and not reason.strip():
        raise ValidationError({"override_reason": _("Say why you disagree with the tool’s decision.")})


@transaction.atomic
def safety_assessment_save(
    *,
    assessment: SafetyAssessment,
    by,
    expected_version: int | None,
    threats: Mapping[tuple[int, str], bool | None],
    interventions: Mapping[tuple[str, str], str],
    notes: str = "",
    assessed_on: date | None = None,
    override_decision: str = "",
    override_reason: str = "",
) -> SafetyAssessment:
    """Save a draft's answers: `threats` {(child id, threat code): present or None},
    `interventions` {(threat code, intervention code): "" | "considered" | "in_place"}."""
    require_open_record(assessment.family)
    _lock_draft(assessment, expected_version)  # moves `assessment` to the next version
    _check_override(override_decision, override_reason)
    instrument = assessment.instrument
    known_threats = {t["code"] for t in instrument.threats}
    known_interventions = {i["code"] for i in instrument.interventions}
    for answer in SafetyThreatAnswer.objects.filter(assessment=assessment):
        key = (answer.child_id, answer.threat)
        if key in threats and threats[key] != answer.present:
            answer.present = threats[key]
            answer.save(update_fields=["present"])
    stored = {
        (a.threat, a.intervention): a for a in SafetyInterventionAnswer.objects.filter(assessment=assessment)
    }
    for (threat, code), state in interventions.items():
        if threat not in known_threats or code not in known_interventions:
            continue
        considered, in_place = state in ("considered", "in_place"), state == "in_place"
        row = stored.get((threat, code))
        if row is None:
            if considered:
                SafetyInterventionAnswer.objects.create(
                    assessment=assessment,
                    threat=threat,
                    intervention=code,
                    considered=True,
                    in_place=in_place,
                )
        elif (row.considered, row.in_place) != (considered, in_place):
            row.considered, row.in_place = considered, in_place
            row.save(update_fields=["considered", "in_place"])
    assessment.notes = notes
    assessment.assessed_on = assessed_on or assessment.assessed_on
    assessment.override_decision = override_decision
    assessment.override_reason = override_reason.strip() if override_decision else ""
    assessment.full_clean()
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    return assessment


def present_threats(assessment: SafetyAssessment) -> dict[str, set[str]]:
    """{threat code present for any child: codes of the interventions in place for it}."""
    present = {a.threat for a in SafetyThreatAnswer.objects.filter(assessment=assessment, present=True)}
    in_place = SafetyInterventionAnswer.objects.filter(
        assessment=assessment, in_place=True, threat__in=present
    )
    result: dict[str, set[str]] = {code: set() for code in present}
    for row in in_place:
        result[row.threat].add(row.intervention)
    return result


def scored_decision(instrument: SafetyInstrument, present: Mapping[str, set[str]]) -> str:
    rule = [Clause(c["when"], c["decision"]) for c in instrument.decision_rule]
    return decide_answers(present, rule, placement_codes=instrument.placement_codes)


def has_active_plan(family: Family) -> bool:
    return SafetyPlan.objects.filter(family=family, status=PlanStatus.ACTIVE).exists()


@transaction.atomic
def safety_assessment_submit(*, assessment: SafetyAssessment, by, expected_version: int | None = None):
    """Submit a draft: every threat answered for every child; the decision follows from the
    answers; “conditionally safe” needs the family's active safety plan; an override (with its
    reason) waits for the supervisor, the tool's decision in force until approved."""
    require_open_record(assessment.family)
    stored = _lock_draft(assessment, expected_version)
    unanswered = SafetyThreatAnswer.objects.filter(assessment=assessment, present__isnull=True)
    if unanswered:
        raise ValidationError(
            {threat_field(a.child_id, a.threat): _("Answer yes or no before submitting.") for a in unanswered}
        )
    _check_override(stored.override_decision, stored.override_reason)
    decision = scored_decision(assessment.instrument, present := present_threats(assessment))
    if stored.override_decision == decision:
        raise ValidationError({"override_decision": _("An override must change the decision.")})
    needs_plan = SafetyDecision.CONDITIONALLY_SAFE in (decision, stored.override_decision)
    if needs_plan and not has_active_plan(assessment.family):
        raise ValidationError(
            _(
                "“Conditionally safe” needs the family’s active safety plan. Activate the safety "
                "plan first (Safety plan), then submit."
            ),
            code="needs_safety_plan",
        )
    placed = any(codes & assessment.instrument.placement_codes for codes in present.values())
    assessment.status = SafetyAssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.scored_decision = decision
    assessment.decision = decision
    assessment.placement_made = placed
    assessment.notes, assessment.assessed_on = stored.notes, stored.assessed_on
    assessment.override_decision, assessment.override_reason = (
        stored.override_decision,
        stored.override_reason,
    )
    assessment.override_status = OverrideStatus.PENDING if stored.override_decision else OverrideStatus.NONE
    assessment.full_clean()
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    if stored.override_decision:
        notify(
            recipients=supervisors_of(assessment.family),
            kind=Kind.SAFETY_OVERRIDE_REQUESTED,
            family=assessment.family,
            actor=by,
            link=reverse("supervision:approvals"),
        )
    return assessment


@transaction.atomic
def safety_override_decide(*, assessment: SafetyAssessment, by, approve: bool, comment: str = ""):
    """The supervisor of the caseworker's unit approves the override (its decision is then in
    force), or does not, saying why (the tool's decision stays in force)."""
    if not supervises(by, assessment.family):
        raise PermissionDenied("Only the supervisor of the caseworker's unit decides a safety override.")
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the override is not approved.")})
    claim_version(assessment, expected=None, fields=[])
    if assessment.override_status != OverrideStatus.PENDING:
        raise ValidationError(_("This override is not waiting for a decision."))
    assessment.override_status = OverrideStatus.APPROVED if approve else OverrideStatus.REJECTED
    assessment.override_decided_by, assessment.override_decided_at = by, timezone.now()
    assessment.override_decision_comment = comment.strip()
    if approve:
        assessment.decision = assessment.override_decision
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    notify(
        recipients=[assessment.recorded_by],
        kind=Kind.SAFETY_OVERRIDE_APPROVED if approve else Kind.SAFETY_OVERRIDE_REJECTED,
        family=assessment.family,
        actor=by,
        link=reverse("safety_networks:safety_assessment", args=[assessment.family.public_id, assessment.pk]),
    )
    if not approve:
        email_safety_override_returned(assessment)  # cannot wait for the morning's digest
    return assessment


def safety_override_waiting(family: Family) -> str:
    """Closing check (families.extensions): a safety override the supervisor has not decided."""
    if SafetyAssessment.objects.filter(family=family, override_status=OverrideStatus.PENDING).exists():
        return _("A safety override is waiting for the supervisor.")
    return ""


def load_from_file(path) -> str:
    """`manage.py load_instrument` for a file with "tool": "sdm_safety"."""
    from .safety_file import load_safety_instrument

    instrument, created = load_safety_instrument(path, SafetyInstrument=SafetyInstrument)
    if created:
        return (
            f"Loaded {instrument}: {len(instrument.threats)} threats, "
            f"{len(instrument.interventions)} interventions."
        )
    return f"{instrument} is already loaded with this content; nothing changed."


# --- Reads ----------------------------------------------------------------------------------


@dataclass
class ThreatRow:
    code: str
    wording: str
    answers: list  # SafetyThreatAnswer per child, in the children's order
    interventions: list = field(default_factory=list)  # (code, wording, placement, state)
    present: bool = False
    before: str = ""  # "present", "absent" or "" (no assessment before)
    bound: list = field(default_factory=list)  # the form's fields of the answers (a draft's page)
    bound_interventions: list = field(default_factory=list)


def assessment_for_page(family: Family, pk: int) -> SafetyAssessment:
    """One scored assessment of the family with what its page reads. Queries: 3."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        SafetyAssessment.objects.filter(family=family, instrument__isnull=False)
        .select_related("instrument", "recorded_by", "override_decided_by")
        .prefetch_related(
            Prefetch("threat_answers", queryset=SafetyThreatAnswer.objects.select_related("child")),
            "intervention_answers",
        ),
        pk=pk,
    )


def previous_assessment(assessment: SafetyAssessment) -> SafetyAssessment | None:
    """The family's last submitted safety assessment before this one (scored or not), with
    what the comparison reads. Queries: 2 (3 with one)."""
    return (
        SafetyAssessment.objects.filter(
            family_id=assessment.family_id, status=SafetyAssessmentStatus.SUBMITTED
        )
        .exclude(pk=assessment.pk)
        .filter(assessed_on__lte=assessment.assessed_on)
        .order_by("-assessed_on", "-id")
        .prefetch_related(
            "threats", Prefetch("threat_answers", queryset=SafetyThreatAnswer.objects.filter(present=True))
        )
        .first()
    )


def present_codes(assessment: SafetyAssessment) -> set[str]:
    """The threat codes found present: from the answers of a scored assessment, from the
    checklist of one recorded before the scored tool (its threats have the same codes)."""
    if assessment.is_scored:
        return {a.threat for a in assessment.threat_answers.all() if a.present}
    return {t.code for t in assessment.threats.all()}


def threat_rows(assessment: SafetyAssessment, previous: SafetyAssessment | None) -> list[ThreatRow]:
    """Each threat of the instrument with its answers per child, its interventions (for a
    threat present) and how it stood in the previous assessment. No query of its own."""
    instrument = assessment.instrument
    answers: dict[str, list] = {}
    for answer in sorted(
        assessment.threat_answers.all(), key=lambda a: (a.child.date_of_birth or date.min, a.child_id)
    ):
        answers.setdefault(answer.threat, []).append(answer)
    chosen = {(a.threat, a.intervention): a for a in assessment.intervention_answers.all()}
    before = present_codes(previous) if previous is not None else None
    rows = []
    for threat in instrument.threats:
        code = threat["code"]
        row = ThreatRow(code, instrument.wording(threat), answers.get(code, []))
        row.present = any(a.present for a in row.answers)
        if before is not None:
            row.before = "present" if code in before else "absent"
        for intervention in instrument.interventions:
            stored = chosen.get((code, intervention["code"]))
            state = (
                "in_place"
                if stored and stored.in_place
                else "considered"
                if stored and stored.considered
                else ""
            )
            row.interventions.append(
                (
                    intervention["code"],
                    instrument.wording(intervention),
                    intervention.get("placement", False),
                    state,
                )
            )
        rows.append(row)
    return rows


def danger_draft(family: Family, query: Mapping) -> dict | None:
    """The danger statement composer's first draft from a threat present in one of the
    family's scored assessments (`?safety_assessment=<pk>&threat=<code>`): the threat as the
    worry, the children it was found for. None when the query names no such threat."""
    pk, code = query.get("safety_assessment", ""), query.get("threat", "")
    if not pk.isdigit() or not code:
        return None
    assessment = (
        SafetyAssessment.objects.filter(family=family, pk=int(pk), instrument__isnull=False)
        .select_related("instrument")
        .first()
    )
    threat = (
        next((t for t in assessment.instrument.threats if t["code"] == code), None) if assessment else None
    )
    if threat is None:
        return None
    children = [
        a.child_id
        for a in SafetyThreatAnswer.objects.filter(assessment=assessment, threat=code, present=True)
    ]
    return {
        "who_is_worried": _("The agency"),
        "caregiver_behaviour": assessment.instrument.wording(threat),
        "children": children,
    }
