"""Every write of the protective-factors work: validated, versioned, audited."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import AuditAction
from audit.services import audit_family
from families.models import Caregiver, Child, Family, document_languages
from families.services import require_open_record
from families.versioning import claim_version

from . import scoring
from .models import (
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    FactorScore,
    Instrument,
    Item,
    ProtectiveFactor,
    Respondent,
    WellBeingGoal,
)


def items_for(instrument: Instrument, *, caregiver: Caregiver | None, child: Child | None) -> list[Item]:
    """The items of one person's assessment: for a caregiver, their own answers and the
    caseworker's observations of them; for a child, the caregiver's answers about the child
    for the child's age band."""
    items = instrument.items.select_related("factor").order_by("position")
    if caregiver is not None:
        return list(items.filter(respondent__in=[Respondent.CAREGIVER_SELF, Respondent.CASEWORKER]))
    age = child.age if child is not None else None
    return [
        item
        for item in items.filter(respondent=Respondent.CAREGIVER_ABOUT_CHILD)
        if age is None or item.age_min is None or item.age_min <= age <= (item.age_max or 200)
    ]


def default_language(family: Family, instrument: Instrument) -> str:
    """The language a new assessment asks its questions in: the family's document language
    when the instrument has its questions in it, else English."""
    return family.document_language if family.document_language in instrument.languages else "en"


def _check_language(instrument: Instrument, language: str) -> None:
    if language not in instrument.languages:
        names = dict(document_languages())
        raise ValidationError(
            {
                "language": _("This instrument has no questions in %(language)s. It has: %(languages)s.")
                % {
                    "language": names.get(language, language),
                    "languages": ", ".join(names.get(code, code) for code in instrument.languages),
                }
            }
        )


@transaction.atomic
def assessment_start(
    *,
    family: Family,
    by,
    instrument: Instrument,
    caregiver: Caregiver | None = None,
    child: Child | None = None,
    kind: AssessmentKind = AssessmentKind.PRE,
    assessed_on: date | None = None,
    language: str | None = None,
) -> Assessment:
    """A draft assessment of one person, with an empty answer for each of their items, asked
    in `language` (default: default_language)."""
    require_open_record(family)
    language = language or default_language(family, instrument)
    _check_language(instrument, language)
    for person in (caregiver, child):
        if person is not None and person.family_id != family.pk:
            raise ValidationError({"person": _("Choose someone of this family.")})
    assessment = Assessment(
        family=family,
        instrument=instrument,
        caregiver=caregiver,
        child=child,
        kind=kind,
        assessed_on=assessed_on or timezone.localdate(),
        language=language,
        recorded_by=by,
    )
    assessment.full_clean()
    items = items_for(instrument, caregiver=caregiver, child=child)
    if not items:
        raise ValidationError(
            {"person": _("This instrument has no items for this person (check the child's age).")}
        )
    assessment.save()
    Answer.objects.bulk_create([Answer(assessment=assessment, item=item) for item in items])
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=assessment)
    return assessment


def _lock_draft(assessment: Assessment) -> Assessment:
    """The assessment's row, locked, and still a draft. Answers are saved one by one as they
    are chosen, so the test is the stored status, not the version a page was loaded with: a
    caseworker's own autosave must not stop their submit, and a late autosave must not
    reopen a submitted assessment."""
    locked = (
        Assessment.objects.select_for_update().select_related("instrument", "family").get(pk=assessment.pk)
    )
    if not locked.is_draft:
        raise ValidationError(_("This assessment is submitted; its answers can no longer change."))
    return locked


@transaction.atomic
def assessment_save_answers(*, assessment: Assessment, by, answers: Mapping[int, int | None]) -> Assessment:
    """Save a draft's answers (item id → value, or None for unanswered)."""
    assessment = _lock_draft(assessment)
    require_open_record(assessment.family)
    low, high = assessment.instrument.scale_min, assessment.instrument.scale_max
    stored = {answer.item_id: answer for answer in assessment.answers.all()}
    changed = []
    for item_id, value in answers.items():
        if value is not None and not low <= value <= high:
            raise ValidationError(
                {
                    f"item_{item_id}": _("Choose an answer from %(low)s to %(high)s.")
                    % {"low": low, "high": high}
                }
            )
        answer = stored.get(item_id)
        if answer is not None and answer.value != value:
            answer.value = value
            changed.append(answer)
    Answer.objects.bulk_update(changed, ["value"])
    assessment.version += 1
    assessment.save(update_fields=["version", "updated_at"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    return assessment


@transaction.atomic
def assessment_set_language(*, assessment: Assessment, by, language: str) -> Assessment:
    """Ask a draft's questions in another language (the caregiver reads Spanish better, say).
    The answers chosen so far stay: they are values, the same in every language."""
    assessment = _lock_draft(assessment)
    require_open_record(assessment.family)
    _check_language(assessment.instrument, language)
    if assessment.language != language:
        assessment.language = language
        assessment.version += 1
        assessment.save(update_fields=["language", "version", "updated_at"])
        audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> Assessment:
    """Score the draft and submit it: each factor's mean and band are kept with it."""
    assessment = _lock_draft(assessment)
    require_open_record(assessment.family)
    instrument = assessment.instrument
    answers = list(assessment.answers.select_related("item__factor"))
    bands: dict[str, list[scoring.BandSpec]] = {}
    for band in instrument.bands.select_related("factor"):
        bands.setdefault(band.factor.code, []).append(scoring.BandSpec(band.band, band.low, band.high))
    try:
        results = scoring.score(
            {a.item.code: a.value for a in answers},
            [scoring.ItemSpec(a.item.code, a.item.factor.code, a.item.reverse_scored) for a in answers],
            bands=bands,
            scale_min=instrument.scale_min,
            scale_max=instrument.scale_max,
            max_unanswered=instrument.max_unanswered,
        )
    except scoring.TooManyUnanswered as error:
        factor = ProtectiveFactor.objects.get(code=error.factor).label
        raise ValidationError(
            ngettext(
                "%(factor)s: %(unanswered)s question is unanswered; at most %(allowed)s may be left. "
                "Answer more of them, or save the draft and come back.",
                "%(factor)s: %(unanswered)s questions are unanswered; at most %(allowed)s may be left. "
                "Answer more of them, or save the draft and come back.",
                error.unanswered,
            )
            % {"factor": factor, "unanswered": error.unanswered, "allowed": error.allowed}
        ) from error
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    FactorScore.objects.bulk_create(
        [
            FactorScore(
                assessment=assessment,
                factor=factors[r.factor],
                mean=r.mean,
                band=r.band,
                answered=r.answered,
                items=r.items,
            )
            for r in results
        ]
    )
    assessment.status, assessment.submitted_at = AssessmentStatus.SUBMITTED, timezone.now()
    assessment.version += 1
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    return assessment


@transaction.atomic
def well_being_goal_save(
    *, family: Family, by, existing: WellBeingGoal | None = None, expected_version=None, **fields
) -> WellBeingGoal:
    """A well-being goal for a caregiver, a child, or the whole family, building one factor."""
    require_open_record(family)
    for person in (fields.get("caregiver"), fields.get("child")):
        if person is not None and person.family_id != family.pk:
            raise ValidationError({"person": _("Choose someone of this family.")})
    goal = existing or WellBeingGoal(family=family, recorded_by=by)
    is_new = goal.pk is None
    claim_version(
        goal, expected=expected_version, fields=[f for f in fields if f not in ("caregiver", "child")]
    )
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    audit_family(
        actor=by, action=AuditAction.CREATE if is_new else AuditAction.UPDATE, family=family, record=goal
    )
    return goal
