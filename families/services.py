"""Every write to the case record goes through here: validated, in a transaction, audited.

Nothing is deleted: families close (and may reopen), people who leave the household are
marked so, assignments end and a new one starts.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.models import AuditAction
from audit.services import audit_family

from . import extensions
from .family_wording import FamilyWording, kind_of, wording_languages
from .models import (
    Assignment,
    Caregiver,
    CaregiverChild,
    CaseNumberCounter,
    Child,
    ClosureReason,
    ClosureRequest,
    ClosureStatus,
    Contact,
    ContactKind,
    Family,
    FamilyStatus,
    FamilyStatusChange,
)
from .person_services import person_link_member
from .search import family_search_text
from .versioning import claim_version

FAMILY_DETAIL_FIELDS = (
    "display_name",
    "referral_date",
    "response_priority",
    "first_contact_at",
    "first_contact_kind",
    "address",
    "primary_language",
    "interpreter_needed",
    "document_language",
    "icwa_applies",
)


class ClosedFamilyError(ValidationError):
    """A closed family is read-only until it is reopened."""


def require_open_record(family: Family) -> None:
    if family.is_closed:
        raise ClosedFamilyError(_("This family is closed. Reopen it before changing its record."))


def _audit(by, action: AuditAction, family: Family, record=None) -> None:
    audit_family(actor=by, action=action, family=family, record=record)


@transaction.atomic
def case_numbers_allocate(*, year: int, count: int = 1) -> list[str]:
    """Hand out `count` new case numbers for `year` ("2026-00042"); never reused.

    The counter row is locked, so two intakes at the same moment get different numbers."""
    CaseNumberCounter.objects.get_or_create(year=year)
    counter = CaseNumberCounter.objects.select_for_update().get(year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [f"{year}-{n:05d}" for n in range(first, first + count)]


def family_refresh_search(family: Family) -> None:
    """Recompute what search matches for this family from its current names."""
    names = [
        name
        for person in [*family.caregivers.all(), *family.children.all()]
        for name in (person.full_name, person.preferred_name)
    ]
    family.search_text = family_search_text(
        display_name=family.display_name, case_number=family.case_number, people_names=names
    )
    # A derived column: updated in place, so it makes no entry in the family's change history.
    Family.objects.filter(pk=family.pk).update(search_text=family.search_text)


@transaction.atomic
def family_open(*, by, assigned_caseworker=None, **details) -> Family:
    """Record a new family (a referral) with a new case number, assigned to a caseworker."""
    details.setdefault("referral_date", date.today())
    (case_number,) = case_numbers_allocate(year=details["referral_date"].year)
    family = Family(case_number=case_number, status=FamilyStatus.REFERRAL, **details)
    family.assigned_caseworker = assigned_caseworker
    family.full_clean()
    family.save()
    FamilyStatusChange.objects.create(
        family=family,
        from_status="",
        to_status=FamilyStatus.REFERRAL,
        effective_on=family.referral_date,
        changed_by=by,
    )
    if assigned_caseworker is not None:
        Assignment.objects.create(
            family=family,
            caseworker=assigned_caseworker,
            assigned_by=by,
            reason="Referral assigned at intake.",
            started_at=timezone.now(),
        )
    family_refresh_search(family)
    _audit(by, AuditAction.CREATE, family, family)
    if assigned_caseworker is not None:
        extensions.announce("family_assigned", family=family, caseworker=assigned_caseworker, by=by)
    return family


@transaction.atomic
def family_update(*, family: Family, by, expected_version: int | None = None, **details) -> Family:
    """Change the family's details (not its status or assignment: those have their own steps)."""
    require_open_record(family)
    unknown = set(details) - set(FAMILY_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"family_update does not change {sorted(unknown)}")
    if details.get("response_priority", family.response_priority) != family.response_priority and (
        set_by := extensions.priority_set_by(family)
    ):
        raise ValidationError(
            {
                "response_priority": _(
                    "The response priority was set by %(decision)s. It changes only by a new "
                    "screening decision of the supervisor."
                )
                % {"decision": set_by.label}
            }
        )
    claim_version(family, expected=expected_version, fields=list(details))
    for field, value in details.items():
        setattr(family, field, value)
    family.full_clean()
    family.save()
    family_refresh_search(family)
    _audit(by, AuditAction.UPDATE, family, family)
    return family


_ALLOWED_STEPS = {
    (FamilyStatus.REFERRAL, FamilyStatus.OPEN),
    (FamilyStatus.REFERRAL, FamilyStatus.CLOSED),
    (FamilyStatus.OPEN, FamilyStatus.CLOSED),
    (FamilyStatus.CLOSED, FamilyStatus.OPEN),
}


def _check_step_date(family: Family, effective_on: date) -> None:
    """A status step (or a closure asked for) happens between the referral and today."""
    if effective_on > date.today():
        raise ValidationError({"effective_on": _("The date can't be in the future.")})
    if effective_on < family.referral_date:
        raise ValidationError({"effective_on": _("The date can't be before the referral date.")})


@transaction.atomic
def family_change_status(
    *,
    family: Family,
    to_status: FamilyStatus,
    by,
    effective_on: date,
    reason: str = "",
    closure_reason: ClosureReason | str = "",
    expected_version: int | None = None,
) -> Family:
    """Open a referral as a case, close a family (with a reason), or reopen a closed one.

    Every step is kept in FamilyStatusChange, so reopening never loses how the family closed.
    `expected_version` is the family's version the page was opened from."""
    claim_version(family, expected=expected_version, fields=["status", "closed_on", "closure_reason"])
    step = (family.status, to_status)
    if step not in _ALLOWED_STEPS:
        raise ValidationError(
            _("A family that is %(status)s cannot become %(to_status)s.")
            % {
                "status": family.get_status_display().lower(),
                "to_status": FamilyStatus(to_status).label.lower(),
            }
        )
    _check_step_date(family, effective_on)
    if step == (FamilyStatus.REFERRAL, FamilyStatus.OPEN):
        extensions.check_opening(family)
    if to_status == FamilyStatus.CLOSED:
        extensions.check_closing(family)
        if not closure_reason:
            raise ValidationError({"closure_reason": _("Say why the family is closing.")})
        family.closed_on, family.closure_reason = effective_on, closure_reason
    else:
        family.closed_on, family.closure_reason = None, ""
    from_status = family.status
    family.status = to_status
    family.full_clean()
    family.save()
    FamilyStatusChange.objects.create(
        family=family,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        reason=" ".join(filter(None, [_stored_label(closure_reason), reason])),
        changed_by=by,
    )
    _audit(by, AuditAction.UPDATE, family, family)
    return family


def _stored_label(closure_reason: str) -> str:
    """The closure reason as the step's text keeps it: in the site's language, whatever the
    language of the person closing (the text is stored, not translated when read)."""
    if not closure_reason:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return str(ClosureReason(closure_reason).label)


def supervises(user, family: Family) -> bool:
    """Is `user` the supervisor of the unit of the caseworker who carries the family? That
    person approves the family's case plans, risk overrides and closure."""
    worker = family.assigned_caseworker
    return user.role == Role.SUPERVISOR and worker is not None and worker.unit_id == user.unit_id


@transaction.atomic
def family_closure_request(
    *, family: Family, by, closed_on: date, closure_reason: str, reason: str = ""
) -> ClosureRequest:
    """A caseworker asks to close the family; it closes when the supervisor approves."""
    family = Family.objects.select_for_update().get(pk=family.pk)
    if family.status == FamilyStatus.CLOSED:
        raise ValidationError(_("The family is already closed."))
    if ClosureRequest.objects.filter(family=family, status=ClosureStatus.PENDING).exists():
        raise ValidationError(_("Closing this family is already waiting for the supervisor."))
    _check_step_date(family, closed_on)
    if not closure_reason:
        raise ValidationError({"closure_reason": _("Say why the family is closing.")})
    extensions.check_closing(family)
    request = ClosureRequest(
        family=family,
        closed_on=closed_on,
        closure_reason=closure_reason,
        reason=reason.strip(),
        requested_by=by,
    )
    request.full_clean()
    request.save()
    _audit(by, AuditAction.CREATE, family, request)
    extensions.announce("closure_requested", request=request, by=by)
    return request


@transaction.atomic
def family_closure_decide(*, request: ClosureRequest, by, approve: bool, comment: str = "") -> ClosureRequest:
    """The supervisor of the caseworker's unit closes the family as asked, or returns the
    request with a comment saying what needs to happen first."""
    request = (
        ClosureRequest.objects.select_for_update(of=("self",))
        .select_related("family__assigned_caseworker")
        .get(pk=request.pk)
    )
    if not supervises(by, request.family):
        raise PermissionDenied(_("Only the supervisor of the caseworker's unit approves a closure."))
    if request.status != ClosureStatus.PENDING:
        raise ValidationError(_("This request is not waiting for a decision."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say what needs to happen before the family can close.")})
    if approve:
        family_change_status(
            family=request.family,
            to_status=FamilyStatus.CLOSED,
            by=by,
            effective_on=request.closed_on,
            reason=request.reason,
            closure_reason=request.closure_reason,
        )
    request.status = ClosureStatus.APPROVED if approve else ClosureStatus.RETURNED
    request.decided_by, request.decided_at, request.decision_comment = by, timezone.now(), comment.strip()
    request.save()
    _audit(by, AuditAction.UPDATE, request.family, request)
    extensions.announce("closure_decided", request=request, by=by)
    return request


@transaction.atomic
def family_reassign(
    *, family: Family, caseworker, by, reason: str, expected_version: int | None = None
) -> Assignment:
    """Hand the family to another caseworker of the same unit; the old assignment is ended,
    not removed. The new worker sees the family at once; the old one no longer does.
    `expected_version`: the family's version the reassigning page was opened from."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the family is being reassigned.")})
    if caseworker.role != Role.CASEWORKER or not caseworker.is_active:
        raise ValidationError({"caseworker": _("Choose an active caseworker.")})
    if by.role == Role.SUPERVISOR and caseworker.unit_id != by.unit_id:
        raise ValidationError({"caseworker": _("Choose a caseworker of your unit.")})
    if caseworker == family.assigned_caseworker:
        raise ValidationError({"caseworker": _("The family is already assigned to this caseworker.")})
    claim_version(family, expected=expected_version, fields=["assigned_caseworker"])
    now = timezone.now()
    Assignment.objects.filter(family=family, ended_at__isnull=True).update(ended_at=now)
    assignment = Assignment.objects.create(
        family=family, caseworker=caseworker, assigned_by=by, reason=reason.strip(), started_at=now
    )
    family.assigned_caseworker = caseworker
    family.save(update_fields=["assigned_caseworker", "version", "updated_at"])
    _audit(by, AuditAction.UPDATE, family, assignment)
    extensions.announce("family_assigned", family=family, caseworker=caseworker, by=by)
    return assignment


def _set_relationships(pairs: Iterable[tuple[Caregiver, Child, str]]) -> None:
    """Record how caregivers are related to children; a blank leaves a pair as it was."""
    for caregiver, child, relationship in pairs:
        if relationship:
            CaregiverChild.objects.update_or_create(
                caregiver=caregiver, child=child, defaults={"relationship": relationship}
            )


def _save_person(
    person: Caregiver | Child,
    *,
    family: Family,
    by,
    fields: Mapping,
    expected_version: int | None,
    pairs: Callable[[Caregiver | Child], Iterable[tuple[Caregiver, Child, str]]],
    same_person=None,
    birth_year: int | None = None,
) -> Caregiver | Child:
    """What adding or changing a caregiver or a child share: version check, validation,
    the relationships (`pairs` of the saved person), the link to the agency-wide person
    (`same_person`, a Person the worker chose among the likely matches; otherwise their own),
    search text, audit."""
    require_open_record(family)
    is_new = person.pk is None
    claim_version(person, expected=expected_version, fields=list(fields))
    for field, value in fields.items():
        setattr(person, field, value)
    person.family = family
    person.full_clean()
    person.save()
    person_link_member(member=person, by=by, same_person=same_person, birth_year=birth_year)
    _set_relationships(pairs(person))
    family_refresh_search(family)
    _audit(by, AuditAction.CREATE if is_new else AuditAction.UPDATE, family, person)
    return person


@transaction.atomic
def caregiver_save(
    *,
    family: Family,
    by,
    person: Caregiver | None = None,
    relationships: Mapping[Child, str],
    expected_version: int | None = None,
    same_person=None,
    birth_year: int | None = None,
    **fields,
) -> Caregiver:
    """Add a caregiver to the family (person=None), or change one, with their relationship to
    each child."""
    return _save_person(
        person or Caregiver(),
        family=family,
        by=by,
        fields=fields,
        expected_version=expected_version,
        same_person=same_person,
        birth_year=birth_year,
        pairs=lambda caregiver: ((caregiver, child, rel) for child, rel in relationships.items()),
    )


@transaction.atomic
def child_save(
    *,
    family: Family,
    by,
    person: Child | None = None,
    relationships: Mapping[Caregiver, str],
    expected_version: int | None = None,
    same_person=None,
    birth_year: int | None = None,
    **fields,
) -> Child:
    """Add a child to the family (person=None), or change one, with each caregiver's
    relationship to them."""
    return _save_person(
        person or Child(),
        family=family,
        by=by,
        fields=fields,
        expected_version=expected_version,
        same_person=same_person,
        birth_year=birth_year,
        pairs=lambda child: ((caregiver, child, rel) for caregiver, rel in relationships.items()),
    )


@transaction.atomic
def person_mark_left_household(
    *, person: Caregiver | Child, left_on: date, by, expected_version: int | None = None
) -> Caregiver | Child:
    """Someone left the household: they stay on the record, marked with the date."""
    require_open_record(person.family)
    if left_on > date.today():
        raise ValidationError({"left_household_on": _("The date can't be in the future.")})
    claim_version(person, expected=expected_version, fields=["left_household_on"])
    person.left_household_on = left_on
    person.full_clean()
    person.save(update_fields=["left_household_on", "version", "updated_at"])
    _audit(by, AuditAction.UPDATE, person.family, person)
    return person


def _check_contact(
    family: Family, occurred_at: datetime, kind: str, children_seen, caregivers_present
) -> None:
    errors = {}
    if occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = _("A contact can't be in the future. Record it once it has happened.")
    elif timezone.localdate(occurred_at) < family.referral_date:
        errors["occurred_at"] = _(
            "A contact can't be before the referral date (%(date)s). Check the date."
        ) % {"date": date_format(family.referral_date, "j F Y")}
    if children_seen and kind not in ContactKind.in_person():
        errors["children_seen"] = _(
            "A %(kind)s contact can't see a child in person. "
            "Untick the children, or choose an in-person kind of contact."
        ) % {"kind": ContactKind(kind).label.lower()}
    if any(child.family_id != family.pk for child in children_seen):
        errors["children_seen"] = _("Only this family's children can be seen on its visits.")
    if any(caregiver.family_id != family.pk for caregiver in caregivers_present):
        errors["caregivers_present"] = _("Only this family's caregivers can take part in its visits.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_save(
    *,
    family: Family,
    by,
    contact: Contact | None = None,
    occurred_at: datetime,
    kind: str,
    location: str = "",
    narrative: str = "",
    children_seen: Iterable[Child] = (),
    caregivers_present: Iterable[Caregiver] = (),
    expected_version: int | None = None,
) -> Contact:
    """Record a visit or other contact (or correct one): who was seen in person, who took part."""
    require_open_record(family)
    children_seen, caregivers_present = list(children_seen), list(caregivers_present)
    _check_contact(family, occurred_at, kind, children_seen, caregivers_present)
    is_new = contact is None
    if contact is not None:
        claim_version(
            contact,
            expected=expected_version,
            fields=["occurred_at", "kind", "location", "narrative", "children_seen", "caregivers_present"],
        )
    previous_at = contact.occurred_at if contact is not None else None
    contact = contact or Contact(family=family, recorded_by=by)
    contact.occurred_at, contact.kind, contact.location, contact.narrative = (
        occurred_at,
        kind,
        location,
        narrative,
    )
    contact.full_clean()
    contact.save()
    contact.children_seen.set(children_seen)
    contact.caregivers_present.set(caregivers_present)
    _audit(by, AuditAction.CREATE if is_new else AuditAction.UPDATE, family, contact)
    if children_seen and kind in ContactKind.in_person():
        _first_contact_from_visit(family, contact, by, previous_at=previous_at)
    return contact


def _first_contact_from_visit(family: Family, visit: Contact, by, *, previous_at: datetime | None) -> None:
    """A visit that saw a child in person reached the family: with no first contact recorded,
    it is the first contact. An earlier such visit, recorded (or corrected) later, moves back
    a first contact that was taken from a visit; one typed under Edit details stays."""
    family = Family.objects.select_for_update().get(pk=family.pk)
    current = family.first_contact_at
    if current is not None:
        if visit.occurred_at >= current:
            return
        seen_at_current = Contact.objects.filter(
            family=family, occurred_at=current, kind__in=ContactKind.in_person(), children_seen__isnull=False
        )
        if current != previous_at and not seen_at_current.exists():
            return
    claim_version(family, expected=None, fields=[])
    family.first_contact_at, family.first_contact_kind = visit.occurred_at, visit.kind
    family.save(update_fields=["first_contact_at", "first_contact_kind", "version", "updated_at"])
    _audit(by, AuditAction.UPDATE, family, family)


@transaction.atomic
def family_wording_set(
    *,
    family: Family,
    record: FamilyWording,
    by,
    wording: str,
    language: str,
    others: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> FamilyWording:
    """Keep the family's wording of a text staff wrote (a danger statement, a rule, a step...),
    typed by the person who translated it, as the page showing it at `expected_version` had
    it: `wording` of its first text, `others` of its other texts by name (a rule's
    "how_it_holds"; those not given stay as they are). Each translates its original as it
    reads now: when staff change the original later, that wording is out of date until
    someone saves it again. The earlier wording stays in the record's history; an empty
    wording takes it away (the documents print the original again, marked)."""
    if not kind_of(record).records(family).filter(pk=record.pk).exists():
        raise ValidationError(_("This text is not one of the family's."))
    if language not in dict(wording_languages()):
        raise ValidationError(
            {
                "family_wording_language": _(
                    "The family's wording is kept in a language documents are made in."
                )
            }
        )
    given = {record.worded_fields[0].name: wording, **(others or {})}
    names = {field.name for field in record.worded_fields[1:]}
    if set(others or {}) - names:
        raise ValidationError(_("This record has no such text to put in the family's words."))
    fields = {name: record.worded_field(name) for name in given}
    kept_in_another_language = [
        field
        for field in record.worded_fields
        if field.name not in given
        and getattr(record, field.wording)
        and language != record.family_wording_language
    ]
    if kept_in_another_language:
        raise ValidationError(_("Give the wording of every text of the record in the new language."))
    claim_version(
        record,
        expected=expected_version,
        fields=[f.wording for f in record.worded_fields] + ["family_wording_language"],
    )
    for name, field in fields.items():
        setattr(record, field.wording, "\n".join(line.rstrip() for line in given[name].strip().splitlines()))
        setattr(record, field.of, getattr(record, field.original))  # what it translates
    record.family_wording_language = language
    record.full_clean()
    record.save()
    _audit(by, AuditAction.UPDATE, family, record)
    return record
