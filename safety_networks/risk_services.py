"""Every write of the scored SDM risk tools (safety_networks.sdm.risk scores; the models are
in safety_networks.risk_models): a draft started, answered, submitted (scored into a
RiskAssessment), and a discretionary override asked for. The supervisor decides the override
through the flow every risk override takes (safety_networks.services.risk_override_decide,
the supervision approvals inbox, the closing check)."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family
from families.models import Family
from families.services import require_open_record
from families.versioning import claim_version
from notifications.models import Kind
from notifications.services import notify, supervisors_of

from .models import OverrideStatus, RiskAssessment, RiskLevel
from .risk_models import DraftStatus, RiskAssessmentDraft, RiskInstrument
from .sdm import risk


def latest_instrument(tool: str) -> RiskInstrument | None:
    """The version a new assessment is answered on: the newest of the newest-loaded code of
    the tool (an agency's licensed file, once loaded, over the demonstration)."""
    return (
        RiskInstrument.objects.filter(tool=tool)
        .order_by("is_demonstration", "-loaded_at", "-version")
        .first()
    )


def last_scored(family: Family, *, before: RiskAssessment | None = None) -> RiskAssessment | None:
    """The family's last risk assessment or reassessment scored with a tool: what a new one
    is compared with, item by item."""
    rows = RiskAssessment.objects.filter(family=family, instrument__isnull=False).select_related("instrument")
    if before is not None:
        rows = rows.exclude(pk=before.pk)
    return rows.order_by("-assessed_on", "-id").first()


@transaction.atomic
def risk_draft_start(
    *, family: Family, by, instrument: RiskInstrument, assessed_on: date | None = None
) -> RiskAssessmentDraft:
    """A draft risk assessment or reassessment, every item still to answer."""
    require_open_record(family)
    draft = RiskAssessmentDraft(
        family=family,
        recorded_by=by,
        instrument=instrument,
        assessed_on=assessed_on or timezone.localdate(),
    )
    draft.full_clean()
    draft.save()
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=draft)
    return draft


def _lock_draft(draft: RiskAssessmentDraft, expected_version: int | None) -> RiskAssessmentDraft:
    locked = (
        RiskAssessmentDraft.objects.select_for_update()
        .select_related("instrument", "family")
        .get(pk=draft.pk)
    )
    if not locked.is_draft:
        raise ValidationError(_("This assessment is submitted; its answers can no longer change."))
    claim_version(locked, expected=expected_version, fields=["assessed_on", "notes"])
    return locked


@transaction.atomic
def risk_draft_save(
    *,
    draft: RiskAssessmentDraft,
    by,
    answers: Mapping[str, str],
    assessed_on: date | None = None,
    notes: str | None = None,
    expected_version: int | None = None,
) -> RiskAssessmentDraft:
    """Save a draft's answers ({question code: answer code}; an empty answer: not answered
    yet). Only while it is a draft."""
    draft = _lock_draft(draft, expected_version)
    require_open_record(draft.family)
    definition = draft.instrument.definition
    known = set(risk.questions(definition))
    kept = {}
    for code, answer in answers.items():
        if code not in known:
            raise ValidationError(_("%(code)s is not a question of this tool.") % {"code": code})
        if answer:
            if not risk.valid_answer(definition, code, answer):
                raise ValidationError({code: _("Choose one of the answers.")})
            kept[code] = answer
    draft.answers = kept
    if assessed_on is not None:
        draft.assessed_on = assessed_on
    if notes is not None:
        draft.notes = notes
    draft.full_clean()
    draft.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=draft.family, record=draft)
    return draft


@transaction.atomic
def risk_draft_submit(
    *, draft: RiskAssessmentDraft, by, expected_version: int | None = None
) -> RiskAssessment:
    """Score the draft: every item and policy override answered, else refused with a message
    on each unanswered one. The assessment keeps every answer, each index's total, the level
    from the indices and the level after the policy overrides; the draft closes."""
    draft = _lock_draft(draft, expected_version)
    require_open_record(draft.family)
    instrument = draft.instrument
    try:
        result = risk.score(instrument.definition, draft.answers)
    except risk.Unanswered as error:
        raise ValidationError(
            {code: _("Answer this question before submitting.") for code in error.codes}
        ) from error
    assessment = RiskAssessment(
        family=draft.family,
        recorded_by=by,
        assessed_on=draft.assessed_on,
        scored_level=result.level,
        index_level=result.index_level,
        index_scores=result.index_scores,
        policy_overrides=result.policy_overrides,
        answers=dict(draft.answers),
        instrument=instrument,
        kind=instrument.tool,
        compared_with=last_scored(draft.family),
        notes=draft.notes,
    )
    assessment.full_clean()
    assessment.save()
    draft.status, draft.assessment = DraftStatus.SUBMITTED, assessment
    draft.save()
    audit_family(actor=by, action=AuditAction.CREATE, family=draft.family, record=assessment)
    return assessment


@transaction.atomic
def risk_override_request(
    *,
    assessment: RiskAssessment,
    by,
    override_level: str,
    override_reason: str,
    expected_version: int | None = None,
) -> RiskAssessment:
    """A discretionary override of a scored level: one level up or down (the tool's steps),
    never below a policy override's level, with a reason; it waits for the supervisor's
    approval, and until then the tool's level is in force."""
    require_open_record(assessment.family)
    claim_version(assessment, expected=expected_version, fields=["override_level", "override_reason"])
    if assessment.instrument_id is None:
        raise ValidationError(_("This risk assessment was recorded before the scored tool."))
    if assessment.override_status in (OverrideStatus.PENDING, OverrideStatus.APPROVED):
        raise ValidationError(_("This assessment already has an override."))
    allowed = risk.discretionary_levels(
        assessment.instrument.definition,
        assessment.scored_level,
        policy_applied=bool(assessment.policy_overrides),
    )
    if override_level not in allowed:
        raise ValidationError(
            {
                "override_level": _("Choose one of: %(levels)s.")
                % {"levels": ", ".join(str(RiskLevel(level).label) for level in allowed) or "—"}
            }
        )
    if not (override_reason or "").strip():
        raise ValidationError({"override_reason": _("Say why the level is overridden.")})
    assessment.override_level = override_level
    assessment.override_reason = override_reason.strip()
    assessment.override_status = OverrideStatus.PENDING
    assessment.override_decided_by, assessment.override_decided_at = None, None
    assessment.override_decision_comment = ""
    assessment.full_clean()
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    notify(
        recipients=supervisors_of(assessment.family),
        kind=Kind.OVERRIDE_REQUESTED,
        family=assessment.family,
        actor=by,
        link=reverse("supervision:approvals"),
    )
    return assessment
