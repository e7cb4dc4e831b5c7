"""Every write of the family strengths and needs assessment: started (a blank rating for each
domain of each caregiver and child living in the household), rated while a draft, submitted
once every domain is rated. Nothing is deleted; a submitted assessment no longer changes."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import audit_family
from families.models import Family
from families.services import require_open_record
from families.versioning import claim_version

from .fsna_models import DomainRating, FsnaInstrument, FsnaStatus, Rating, Side, StrengthsAndNeedsAssessment

NOT_RATED = gettext_lazy("Rate this domain before submitting.")
SUBMITTED = gettext_lazy("This assessment is submitted; its ratings can no longer change.")


def latest_instrument() -> FsnaInstrument | None:
    """The version a new assessment is rated on: the newest of the newest-loaded file (an
    agency's licensed file, once loaded, over the demonstration)."""
    return FsnaInstrument.objects.order_by("is_demonstration", "-loaded_at", "-version").first()


@transaction.atomic
def fsna_start(
    *, family: Family, by, instrument: FsnaInstrument, assessed_on: date | None = None
) -> StrengthsAndNeedsAssessment:
    require_open_record(family)
    caregivers = list(family.caregivers.filter(left_household_on=None))
    children = list(family.children.filter(left_household_on=None))
    if not caregivers and not children:
        raise ValidationError(
            _("Add the family's caregivers and children before assessing their strengths and needs.")
        )
    assessment = StrengthsAndNeedsAssessment(
        family=family, recorded_by=by, instrument=instrument, assessed_on=assessed_on or timezone.localdate()
    )
    assessment.full_clean()
    assessment.save()
    rows = []
    for side, people in ((Side.CAREGIVER, caregivers), (Side.CHILD, children)):
        for person in people:
            for position, domain in enumerate(instrument.domains(side)):
                rows.append(
                    DomainRating(
                        assessment=assessment,
                        side=side,
                        domain=domain["code"],
                        position=position,
                        **{side: person},
                    )
                )
    DomainRating.objects.bulk_create(rows)
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=assessment)
    return assessment


def _lock(
    assessment: StrengthsAndNeedsAssessment, expected_version: int | None
) -> StrengthsAndNeedsAssessment:
    locked = (
        StrengthsAndNeedsAssessment.objects.select_for_update().select_related("family").get(pk=assessment.pk)
    )
    if not locked.is_draft:
        raise ValidationError(SUBMITTED)
    require_open_record(locked.family)
    claim_version(locked, expected=expected_version, fields=["assessed_on", "notes"])
    return locked


@transaction.atomic
def fsna_save(
    *,
    assessment: StrengthsAndNeedsAssessment,
    by,
    ratings: Mapping[int, tuple[str, str]],
    assessed_on: date | None = None,
    notes: str | None = None,
    expected_version: int | None = None,
) -> StrengthsAndNeedsAssessment:
    """Save the draft's ratings ({rating row id: (rating or "", note)}). Only while a draft."""
    assessment = _lock(assessment, expected_version)
    rows = {row.pk: row for row in DomainRating.objects.filter(assessment=assessment)}
    changed = []
    for pk, (rating, note) in ratings.items():
        row = rows.get(pk)
        if row is None:
            raise ValidationError(_("That rating is not part of this assessment."))
        if rating and rating not in Rating.values:
            raise ValidationError({f"rating_{pk}": _("Choose A, B, C or D.")})
        if (row.rating, row.note) != (rating, note):
            row.rating, row.note = rating, note
            changed.append(row)
    for row in changed:
        row.save(update_fields=["rating", "note"])  # one by one: each keeps its history
    if assessed_on is not None:
        assessment.assessed_on = assessed_on
    if notes is not None:
        assessment.notes = notes
    assessment.full_clean()
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    return assessment


@transaction.atomic
def fsna_submit(
    *, assessment: StrengthsAndNeedsAssessment, by, expected_version: int | None = None
) -> StrengthsAndNeedsAssessment:
    """Every domain rated, else refused with a message on each one not rated."""
    assessment = _lock(assessment, expected_version)
    unrated = DomainRating.objects.filter(assessment=assessment, rating="").values_list("pk", flat=True)
    if unrated:
        raise ValidationError({f"rating_{pk}": NOT_RATED for pk in unrated})
    assessment.status = FsnaStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    return assessment
