"""Writes to the agency-wide person index and to access requests: validated, in a
transaction, audited. Links are never silently overwritten: PersonLinkChange keeps each
link, confirmation and unlink; access requests keep their decision."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.models import AuditAction
from audit.services import audit_family

from .models import (
    ACCESS_LONGEST_DAYS,
    AccessRequest,
    AccessStatus,
    Caregiver,
    Child,
    Family,
    Person,
    PersonLinkAction,
    PersonLinkChange,
)
from .persons import person_keys
from .signals import access_requested

NEW_PERSON = "new"  # what the worker answers when a likely match is a different person


def _member_of(member) -> dict:
    return {"caregiver": member} if isinstance(member, Caregiver) else {"child": member}


def _keys_of(member, birth_year: int | None, person: Person | None) -> dict:
    if member.date_of_birth is None and birth_year is None and person is not None:
        birth_year = person.birth_year  # a year known before is not forgotten
    return person_keys(
        first_name=member.first_name,
        last_name=member.last_name,
        date_of_birth=member.date_of_birth,
        birth_year=birth_year,
    )


def person_link_member(
    *, member: Caregiver | Child, by, same_person=None, birth_year: int | None = None
) -> Person:
    """Point a saved caregiver or child at their person in the agency's index (called by
    families.services._save_person, inside its transaction):

    - `same_person`, a Person: the worker said this is someone already known (linked);
    - `same_person` == NEW_PERSON: the worker said the likely matches are someone else;
    - None: no likely match was offered; the member keeps (or gets) a person of their own.

    The person's name and date of birth become those just saved."""
    before = member.person
    if isinstance(same_person, Person):
        person = same_person
    elif before is not None and same_person != NEW_PERSON:
        person = before
    else:
        person = Person()
    for field, value in _keys_of(member, birth_year, person if person.pk else before).items():
        setattr(person, field, value)
    person.save()
    if person != before:
        type(member).objects.filter(pk=member.pk).update(person=person)
        member.person = person
        if same_person is not None:
            PersonLinkChange.objects.create(
                **_member_of(member),
                action=PersonLinkAction.LINKED if isinstance(same_person, Person) else PersonLinkAction.NEW,
                from_person=before,
                to_person=person,
                changed_by=by,
            )
            audit_family(actor=by, action=AuditAction.UPDATE, family=member.family, record=person)
    return person


@transaction.atomic
def person_unlink(*, member: Caregiver | Child, by, reason: str) -> Person:
    """A supervisor (or program administrator) undoes a wrong link: the caregiver or child
    gets a person of their own again; the link and the reason are kept."""
    if by.role not in (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR):
        raise PermissionDenied(_("Only a supervisor can unlink people."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these people are not the same person.")})
    before = member.person
    person = Person.objects.create(**_keys_of(member, None, before))
    type(member).objects.filter(pk=member.pk).update(person=person)
    member.person = person
    change = PersonLinkChange(
        **_member_of(member),
        action=PersonLinkAction.UNLINKED,
        from_person=before,
        to_person=person,
        reason=reason,
        changed_by=by,
    )
    change.full_clean()
    change.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=member.family, record=change)
    return person


@transaction.atomic
def access_request_make(*, family: Family, from_family: Family, by, reason: str) -> AccessRequest:
    """`by`, who works on `from_family`, asks to read `family`, where a person of theirs was
    involved. The callers check that the two families share a person (families.views)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why your work needs this family's record.")})
    if AccessRequest.objects.filter(family=family, requested_by=by, status=AccessStatus.PENDING).exists():
        raise ValidationError(
            _("You have already asked for access to this family; it is waiting for a decision.")
        )
    request = AccessRequest(family=family, from_family=from_family, requested_by=by, reason=reason)
    request.full_clean()
    request.save()
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=request)
    access_requested.send(sender=AccessRequest, request=request)
    return request


def may_decide(user, request: AccessRequest) -> bool:
    """The family's supervisor, or a program administrator (never the requester)."""
    if user.pk == request.requested_by_id or user.role not in (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR):
        return False
    return Family.objects.visible_to(user, granted=False).filter(pk=request.family_id).exists()


@transaction.atomic
def access_request_decide(
    *, request: AccessRequest, by, grant: bool, reason: str, until: date | None = None
) -> AccessRequest:
    """Grant (until the end of `until`, at most ACCESS_LONGEST_DAYS days ahead) or refuse,
    with the reason."""
    request = AccessRequest.objects.select_for_update().get(pk=request.pk)
    if not may_decide(by, request):
        raise PermissionDenied(_("Only the family's supervisor or a program administrator decides."))
    if request.status != AccessStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say why.")
    today = timezone.localdate()
    if grant:
        if until is None or until < today:
            errors["until"] = _("Give the last day of access: today or later.")
        elif until > today + timedelta(days=ACCESS_LONGEST_DAYS):
            errors["until"] = _("Access is granted for at most %(days)s days.") % {
                "days": ACCESS_LONGEST_DAYS
            }
    if errors:
        raise ValidationError(errors)
    request.status = AccessStatus.GRANTED if grant else AccessStatus.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_reason = reason
    if grant:
        request.expires_at = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    request.full_clean()
    request.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=request.family, record=request)
    return request
