"""Every write of the Family Team Meeting work: validated, versioned, audited."""

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
from notifications.services import notify
from safety_networks.models import EntryKind, MapEntry, ScalingGiver
from safety_networks.services import map_entry_save, scaling_record

from .models import (
    ActionItem,
    ActionStatus,
    Meeting,
    MeetingScaling,
    MeetingStatus,
    Participant,
    ParticipantKind,
)

PARTICIPANT_GIVER = {
    ParticipantKind.CAREGIVER: ScalingGiver.CAREGIVER,
    ParticipantKind.CHILD: ScalingGiver.CHILD,
    ParticipantKind.NETWORK_MEMBER: ScalingGiver.NETWORK_MEMBER,
    ParticipantKind.PROFESSIONAL: ScalingGiver.OTHER,
}


def _audit(by, action, meeting_or_family, record):
    family = meeting_or_family if isinstance(meeting_or_family, Family) else meeting_or_family.family
    audit_family(actor=by, action=action, family=family, record=record)


def _new_meeting(
    *,
    family: Family,
    by,
    attended: bool | None,
    caregivers=(),
    children=(),
    network_members=(),
    professionals: list[Mapping] = (),
    **fields,
) -> Meeting:
    """A new meeting and its people (who attended: None until it is recorded)."""
    for people in (caregivers, children, network_members):
        if any(p.family_id != family.pk for p in people):
            raise ValidationError(_("Invite people of this family."))
    meeting = Meeting(family=family, recorded_by=by, **fields)
    meeting.full_clean()
    meeting.save()
    Participant.objects.bulk_create(
        [
            Participant(meeting=meeting, kind=kind, name=name, attended=attended, **extra)
            for kind, name, extra in (
                *((ParticipantKind.CAREGIVER, c.full_name, {"caregiver": c}) for c in caregivers),
                *((ParticipantKind.CHILD, c.full_name, {"child": c}) for c in children),
                *((ParticipantKind.NETWORK_MEMBER, m.name, {"network_member": m}) for m in network_members),
                *(
                    (
                        ParticipantKind.PROFESSIONAL,
                        p["name"],
                        {"agency": p.get("agency", ""), "role": p.get("role", "")},
                    )
                    for p in professionals
                ),
            )
        ]
    )
    _audit(by, AuditAction.CREATE, family, meeting)
    return meeting


@transaction.atomic
def meeting_schedule(*, family: Family, by, **fields) -> Meeting:
    """Schedule a meeting and invite people (caregivers, children, network_members,
    professionals). A meeting can't be scheduled in the past: one that was held is recorded
    with meeting_record_held."""
    require_open_record(family)
    if fields.get("scheduled_at") and fields["scheduled_at"] < timezone.now():
        raise ValidationError(
            {
                "scheduled_at": _(
                    "A meeting can't be scheduled in the past. Record a meeting that was held instead."
                )
            }
        )
    return _new_meeting(family=family, by=by, attended=None, **fields)


@transaction.atomic
def meeting_record_held(*, family: Family, by, **fields) -> Meeting:
    """Record a meeting that was held without being scheduled here first: when it was, who
    took part (everyone listed attended) and, if written now, the stages. It is held."""
    require_open_record(family)
    if fields.get("scheduled_at") and fields["scheduled_at"] > timezone.now():
        raise ValidationError(
            {"scheduled_at": _("This is still to come: schedule the meeting, and record it once it is held.")}
        )
    return _new_meeting(family=family, by=by, attended=True, status=MeetingStatus.HELD, **fields)


@transaction.atomic
def meeting_record(
    *, meeting: Meeting, by, expected_version: int | None = None, attended: Mapping[int, bool], **stages
) -> Meeting:
    """Record the meeting as it ran: attendance and the stages. It is then held."""
    require_open_record(meeting.family)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled; record a new one instead."))
    if meeting.scheduled_at > timezone.now():
        raise ValidationError(_("The meeting is still to come: record it once it has happened."))
    claim_version(meeting, expected=expected_version, fields=list(stages))
    for name, value in stages.items():
        setattr(meeting, name, value)
    meeting.status = MeetingStatus.HELD
    meeting.full_clean()
    meeting.save()
    participants = list(meeting.participants.all())
    for participant in participants:
        participant.attended = bool(attended.get(participant.pk))
    Participant.objects.bulk_update(participants, ["attended"])
    _audit(by, AuditAction.UPDATE, meeting, meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str) -> Meeting:
    """Cancel with the reason; the meeting stays on the record."""
    require_open_record(meeting.family)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only a meeting still to come can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    claim_version(meeting, expected=None, fields=[])
    meeting.status, meeting.cancelled_reason = MeetingStatus.CANCELLED, reason.strip()
    meeting.save()
    _audit(by, AuditAction.UPDATE, meeting, meeting)
    return meeting


@transaction.atomic
def meeting_scaling_record(
    *, meeting: Meeting, by, participant: Participant | None, name: str = "", score: int, note=""
):
    """A participant's scaling number: a scaling entry of the family, linked to the meeting.
    It is given at the meeting, so not before the meeting has begun."""
    if meeting.scheduled_at > timezone.now():
        raise ValidationError(_("The meeting is still to come: a scaling number is given at the meeting."))
    if participant is not None and participant.meeting_id != meeting.pk:
        raise ValidationError({"participant": _("Choose someone at this meeting.")})
    # the number is linked to the person, as on the family's scaling page: one line each
    if participant is not None:
        person = {k: getattr(participant, k) for k in ("caregiver", "child", "network_member")}
    else:
        person = {"staff": by if not name and by.role in ScalingGiver.values else None}
    entry = scaling_record(
        family=meeting.family,
        by=by,
        score=score,
        given_by=PARTICIPANT_GIVER[participant.kind] if participant else ScalingGiver.CASEWORKER,
        name=participant.name if participant else (name or by.get_full_name()),
        **person,
        scored_on=timezone.localdate(meeting.scheduled_at),
        occasion=str(meeting),
        note=note,
    )
    MeetingScaling.objects.create(meeting=meeting, scaling_score=entry)
    return entry


@transaction.atomic
def action_item_save(
    *, meeting: Meeting, by, existing: ActionItem | None = None, expected_version=None, **fields
) -> ActionItem:
    """Who does what by when. An owner and a date are required."""
    require_open_record(meeting.family)
    item = existing or ActionItem(meeting=meeting, family=meeting.family)
    is_new = item.pk is None
    claim_version(item, expected=expected_version, fields=list(fields))
    for name, value in fields.items():
        setattr(item, name, value)
    if item.status == ActionStatus.DONE and item.done_on is None:
        item.done_on = date.today()
    item.full_clean()
    item.save()
    _audit(by, AuditAction.CREATE if is_new else AuditAction.UPDATE, meeting, item)
    if is_new:  # the family's caseworker follows up every action the meeting agreed
        notify(
            recipients=[meeting.family.assigned_caseworker],
            kind=Kind.ACTION_ITEM_ASSIGNED,
            family=meeting.family,
            actor=by,
            link=meeting_link(meeting),
        )
    return item


def meeting_link(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.family.public_id, meeting.pk])


CARRIED = {
    "worries": EntryKind.COMPLICATING_FACTOR,
    "working_well": EntryKind.STRENGTH,
    "needs_to_happen": EntryKind.NEXT_STEP,
}


@transaction.atomic
def meeting_carry_to_map(*, meeting: Meeting, by) -> list[MapEntry]:
    """What the meeting added to the worries, what is working well and what needs to happen,
    carried into the family's map in one step: a map entry per line, dated the meeting's
    day. A line already on the map is not added twice."""
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Only a held meeting's record can be carried into the map."))
    day = timezone.localdate(meeting.scheduled_at)
    existing = set(
        MapEntry.objects.filter(family=meeting.family, status="active").values_list("kind", "text")
    )
    added = []
    for field_name, kind in CARRIED.items():
        for line in getattr(meeting, field_name).splitlines():
            text = line.strip(" -•\t")
            if text and (kind, text) not in existing:
                added.append(map_entry_save(family=meeting.family, by=by, kind=kind, text=text, noted_on=day))
                existing.add((kind, text))
    return added
