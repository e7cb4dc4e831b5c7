"""Every write of placements, resource families and family time: in a transaction,
validated (full_clean), versioned (claim_version) and audited. Nothing is deleted."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family, audit_record
from families.models import Child, Family
from families.services import require_open_record
from families.versioning import claim_version

from .models import (
    IN_CARE,
    PERSON_CARER,
    Answer,
    FamilyTimePlan,
    FamilyTimeVisit,
    Placement,
    ResourceFamily,
    Setting,
    VisitStatus,
)


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _audit(by, action, family, record):
    audit_family(actor=by, action=action, family=family, record=record)


# --- Resource families -----------------------------------------------------------------


@transaction.atomic
def resource_family_save(
    *, by, existing: ResourceFamily | None = None, expected_version: int | None = None, **fields
) -> ResourceFamily:
    household = existing or ResourceFamily()
    is_new = household.pk is None
    claim_version(household, expected=expected_version, fields=list(fields))
    for name, value in fields.items():
        setattr(household, name, value)
    household.full_clean()
    household.save()
    audit_record(actor=by, action=AuditAction.CREATE if is_new else AuditAction.UPDATE, record=household)
    return household


# --- Placements --------------------------------------------------------------------------


def _check_placement(placement: Placement, *, today: date) -> None:
    """What makes a placement possible: the dates (not before the child's birth, not in the
    future, never overlapping another placement of the child), the carer the setting needs,
    and the relative-first question answered for a child in care."""
    errors: dict[str, list[str]] = {}
    child = placement.child
    start, end = placement.started_on, placement.ended_on
    if start is not None:
        if start > today:
            errors.setdefault("started_on", []).append(
                _("A placement can't start in the future: record it on the day the child moves.")
            )
        if child.date_of_birth and start < child.date_of_birth:
            errors.setdefault("started_on", []).append(
                _("%(name)s was born on %(born)s: a placement can't start before that.")
                % {"name": child.called, "born": _day(child.date_of_birth)}
            )
        if end is not None and end > today:
            errors.setdefault("ended_on", []).append(_("A placement can't end in the future."))
        others = Placement.objects.filter(child=child).exclude(pk=placement.pk)
        for other in others:
            if (
                other.started_on < (end or date.max)
                and start < (other.ended_on or date.max)
                or (start == other.started_on)
            ):
                until = _day(other.ended_on) if other.ended_on else _("now")
                errors.setdefault("started_on", []).append(
                    _(
                        "These dates overlap another placement of %(name)s (from %(from)s until "
                        "%(until)s): a child lives in one place at a time."
                    )
                    % {"name": child.called, "from": _day(other.started_on), "until": until}
                )
                break
    if placement.setting in PERSON_CARER and not placement.carer_name.strip():
        errors.setdefault("carer_name", []).append(_("Name the person the child lives with."))
    if placement.setting == Setting.RESOURCE_FAMILY and placement.resource_family_id is None:
        errors.setdefault("resource_family", []).append(_("Choose the resource family."))
    if placement.setting != Setting.RESOURCE_FAMILY and placement.resource_family_id is not None:
        errors.setdefault("resource_family", []).append(
            _("A resource family is chosen only for a placement in one.")
        )
    if (
        placement.setting in IN_CARE
        and placement.setting != Setting.RELATIVE
        and placement.relatives_considered == Answer.NO
        and not placement.relatives_not_considered_why.strip()
    ):
        errors.setdefault("relatives_not_considered_why", []).append(
            _("Say why relatives were not considered first.")
        )
    if placement.icwa_reason_to_know == Answer.YES and placement.tribe_notified_on and not placement.tribe:
        errors.setdefault("tribe", []).append(_("Name the tribe that was notified."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def placement_start(*, family: Family, child: Child, by, **fields) -> Placement:
    """Where `child` lives from `started_on`. If the child lives somewhere else now, that
    placement ends on the same day: this is a move, and `reason` says why it happened."""
    require_open_record(family)
    if child.family_id != family.pk:
        raise ValidationError({"child": _("Choose a child of this family.")})
    Child.objects.select_for_update().get(pk=child.pk)  # one change of a child's placements at a time
    today = timezone.localdate()
    placement = Placement(family=family, child=child, recorded_by=by, **fields)
    moved_from = None
    start = placement.started_on
    if start is not None:
        current = (
            Placement.objects.filter(child=child, ended_on__isnull=True, started_on__lt=start)
            .order_by("-started_on")
            .first()
        )
        if current is not None:
            moved_from = current
            claim_version(current, expected=None, fields=[])
            current.ended_on = start
            current.end_reason = current.end_reason or placement.reason
    if moved_from is not None:  # saved first, so the check sees where the child lived until now
        moved_from.full_clean()
        moved_from.save()
        _audit(by, AuditAction.UPDATE, family, moved_from)
    _check_placement(placement, today=today)
    placement.full_clean()
    placement.save()
    _audit(by, AuditAction.CREATE, family, placement)
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, by, expected_version: int | None = None, **fields) -> Placement:
    """Correct a placement's record (its dates are checked again against the child's others)."""
    require_open_record(placement.family)
    Child.objects.select_for_update().get(pk=placement.child_id)
    claim_version(placement, expected=expected_version, fields=list(fields))
    for name, value in fields.items():
        setattr(placement, name, value)
    _check_placement(placement, today=timezone.localdate())
    placement.full_clean()
    placement.save()
    _audit(by, AuditAction.UPDATE, placement.family, placement)
    return placement


@transaction.atomic
def placement_end(
    *, placement: Placement, by, ended_on: date, end_reason: str, expected_version: int | None = None
) -> Placement:
    """The child no longer lives here from `ended_on` (and where they went is not known to
    the agency yet, or the case closes): the placement ends with the reason, and is kept."""
    require_open_record(placement.family)
    if not end_reason.strip():
        raise ValidationError({"end_reason": _("Say why the placement ended.")})
    Child.objects.select_for_update().get(pk=placement.child_id)
    claim_version(placement, expected=expected_version, fields=["ended_on", "end_reason"])
    placement.ended_on, placement.end_reason = ended_on, end_reason.strip()
    try:
        _check_placement(placement, today=timezone.localdate())
    except ValidationError as error:  # the page asks only for the end: its errors show there
        raise ValidationError({"ended_on": error.messages}) from error
    placement.full_clean()
    placement.save()
    _audit(by, AuditAction.UPDATE, placement.family, placement)
    return placement


# --- Family time ----------------------------------------------------------------------------


@transaction.atomic
def family_time_plan_save(
    *,
    family: Family,
    by,
    existing: FamilyTimePlan | None = None,
    expected_version: int | None = None,
    **fields,
) -> FamilyTimePlan:
    require_open_record(family)
    plan = existing or FamilyTimePlan(family=family, recorded_by=by)
    is_new = plan.pk is None
    child = fields.get("child", plan.child if plan.child_id else None)
    if child is not None and child.family_id != family.pk:
        raise ValidationError({"child": _("Choose a child of this family.")})
    claim_version(plan, expected=expected_version, fields=list(fields))
    for name, value in fields.items():
        setattr(plan, name, value)
    if not plan.supervised:
        plan.supervised_by = ""
    if plan.ended_on and plan.started_on and plan.ended_on < plan.started_on:
        raise ValidationError({"ended_on": _("The plan can't end before it starts.")})
    plan.full_clean()
    plan.save()
    _audit(by, AuditAction.CREATE if is_new else AuditAction.UPDATE, family, plan)
    return plan


def _check_visit(visit: FamilyTimeVisit, now, *, when_field: str = "scheduled_at") -> None:
    """`when_field`: where an error about the visit's time is shown (the recording form has
    no field for the time: there it shows beside what happened)."""
    errors: dict[str, str] = {}
    if visit.status == VisitStatus.SCHEDULED and visit.scheduled_at < now:
        errors[when_field] = _(
            "This time has passed, so the visit can't be scheduled: record whether it was held, "
            "cancelled or missed."
        )
    if visit.status in (VisitStatus.HELD, VisitStatus.MISSED) and visit.scheduled_at > now:
        errors["status"] = _("The visit is still to come: record what happened once it has.")
    if visit.status == VisitStatus.CANCELLED and not visit.cancelled_by:
        errors["cancelled_by"] = _("Say who cancelled the visit.")
    if visit.status != VisitStatus.CANCELLED:
        visit.cancelled_by = ""
    plan = visit.plan
    day = timezone.localdate(visit.scheduled_at) if visit.scheduled_at else None
    if day is not None and (day < plan.started_on or (plan.ended_on and day > plan.ended_on)):
        errors[when_field] = _("This day is outside the family time plan's dates.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def family_time_visit_add(*, plan: FamilyTimePlan, by, **fields) -> FamilyTimeVisit:
    """A visit to come (scheduled) or one that already happened (held, cancelled, missed).
    A visit in the past can't be "scheduled"."""
    require_open_record(plan.family)
    visit = FamilyTimeVisit(plan=plan, family_id=plan.family_id, recorded_by=by, **fields)
    _check_visit(visit, timezone.now())
    visit.full_clean()
    visit.save()
    _audit(by, AuditAction.CREATE, plan.family, visit)
    return visit


@transaction.atomic
def family_time_visit_record(
    *, visit: FamilyTimeVisit, by, expected_version: int | None = None, **fields
) -> FamilyTimeVisit:
    """What happened: held, cancelled (by whom) or missed, with notes."""
    require_open_record(visit.plan.family)
    claim_version(visit, expected=expected_version, fields=list(fields))
    for name, value in fields.items():
        setattr(visit, name, value)
    _check_visit(visit, timezone.now(), when_field="status")
    visit.full_clean()
    visit.save()
    _audit(by, AuditAction.UPDATE, visit.plan.family, visit)
    return visit
