"""Every write of supervision: consultations and their agreed actions, reassigning several
families at once. Validated, in a transaction, audited; nothing is deleted."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.models import AuditAction
from audit.services import audit_family
from families.models import Family
from families.services import family_reassign, require_open_record
from families.versioning import claim_version
from meetings.models import ActionStatus
from notifications.models import Kind
from notifications.services import notify

from .models import Consultation, ConsultationAction

CONSULTATION_FIELDS = ["held_on", "worried_about", "working_well", "needs_to_happen", "others_present"]


def _check_staff(staff, allowed) -> None:
    outside = set(staff) - set(allowed)
    if outside:
        raise ValidationError({"staff_present": _("Choose people of the family's unit.")})


@transaction.atomic
def consultation_record(
    *, family: Family, by, staff_present, allowed_staff, actions: list[dict], **fields
) -> Consultation:
    """A consultation on the family: the three questions, who took part, the agreed actions."""
    require_open_record(family)
    _check_staff(staff_present, allowed_staff)
    consultation = Consultation(family=family, recorded_by=by, **fields)
    consultation.full_clean()
    consultation.save()
    consultation.staff_present.set(staff_present)
    for action in actions:
        _add_action(consultation, by=by, allowed_staff=allowed_staff, **action)
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=consultation)
    return consultation


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, by, staff_present, allowed_staff, expected_version=None, **fields
) -> Consultation:
    require_open_record(consultation.family)
    _check_staff(staff_present, allowed_staff)
    claim_version(consultation, expected=expected_version, fields=CONSULTATION_FIELDS)
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.full_clean()
    consultation.save()
    consultation.staff_present.set(staff_present)
    audit_family(actor=by, action=AuditAction.UPDATE, family=consultation.family, record=consultation)
    return consultation


def _add_action(consultation: Consultation, *, by, allowed_staff, owner, what: str, due_on: date):
    if owner not in allowed_staff:
        raise ValidationError({"owner": _("Choose someone of the family's unit.")})
    action = ConsultationAction(
        consultation=consultation,
        family_id=consultation.family_id,
        owner=owner,
        what=what.strip(),
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    notify(
        recipients=[owner],
        kind=Kind.CONSULTATION_ACTION_ASSIGNED,
        family=consultation.family,
        actor=by,
        link=consultation_link(consultation.family),
    )
    return action


def consultation_link(family) -> str:
    return reverse("supervision:consultations", args=[family.public_id])


@transaction.atomic
def consultation_action_add(*, consultation: Consultation, by, allowed_staff, **fields) -> ConsultationAction:
    require_open_record(consultation.family)
    action = _add_action(consultation, by=by, allowed_staff=allowed_staff, **fields)
    audit_family(actor=by, action=AuditAction.CREATE, family=consultation.family, record=action)
    return action


@transaction.atomic
def consultation_action_finish(*, action: ConsultationAction, by, status: str) -> ConsultationAction:
    """Mark an agreed action done (today) or no longer needed; it is kept either way."""
    require_open_record(action.family)
    if status not in (ActionStatus.DONE, ActionStatus.DROPPED):
        raise ValidationError(_("An action is finished as done or as no longer needed."))
    claim_version(action, expected=None, fields=[])
    if action.status != ActionStatus.OPEN:
        raise ValidationError(_("This action is already finished."))
    action.status = status
    action.done_on = timezone.localdate() if status == ActionStatus.DONE else None
    action.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=action.family, record=action)
    return action


@transaction.atomic
def families_reassign(*, families, caseworker, by, reason: str) -> int:
    """Hand several families to one caseworker, for one reason: all or none."""
    if by.role not in (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR):
        raise ValidationError(_("Supervisors reassign families."))
    families = list(families)
    if not families:
        raise ValidationError({"families": _("Choose at least one family.")})
    already = [f.display_name for f in families if f.assigned_caseworker_id == caseworker.pk]
    if already:
        raise ValidationError(
            {
                "families": _("Already with %(caseworker)s: %(families)s.")
                % {"caseworker": caseworker, "families": ", ".join(already)}
            }
        )
    for family in families:
        family_reassign(family=family, caseworker=caseworker, by=by, reason=reason)
    return len(families)
