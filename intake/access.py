"""Who may see a reporter's identity, and who screens: the one guard for each.

The reporter's identity is confidential by law (DOMAIN.md): it is shown only to the
caseworker the family is assigned to, the supervisor of that caseworker's unit and program
administrators, never in a family-facing document, export or API answer, and every showing
is audited. Being able to open a family is not enough: anyone else who may read the family
(e.g. through an access granted for a time) sees "Confidential reporter".

Templates never read Reporter themselves: views call `reporter_shown` and pass what it
returns to intake/_reporter.html."""

from accounts.models import Role
from audit.models import AuditAction
from audit.services import audit_family
from families.models import Family

from .models import Referral, Reporter


def may_see_reporter(user, family: Family) -> bool:
    """The assigned worker, the supervisor of the worker's unit, program administrators."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.role == Role.PROGRAM_ADMINISTRATOR:
        return True
    worker = family.assigned_caseworker
    if worker is None:
        return False
    if user.pk == worker.pk:
        return True
    return user.role == Role.SUPERVISOR and user.unit_id is not None and user.unit_id == worker.unit_id


def may_screen(user, family: Family) -> bool:
    """Screening is a supervisor's decision (the agency has no screener role): the supervisor
    of the assigned worker's unit, or a program administrator."""
    if user.role == Role.PROGRAM_ADMINISTRATOR:
        return True
    worker = family.assigned_caseworker
    return (
        user.role == Role.SUPERVISOR
        and user.unit_id is not None
        and (worker is None or worker.unit_id == user.unit_id or worker.pk == user.pk)
    )


def reporter_shown(user, referral: Referral) -> Reporter | None:
    """The reporter's identity for `user` to see now, audited; None when the user may not
    see it or the report is anonymous (the page then says "Confidential reporter" or
    "Anonymous"). Call it only where the identity is about to be shown."""
    family = referral.family
    if not may_see_reporter(user, family):
        return None
    reporter = Reporter.objects.filter(referral=referral).first()
    if reporter is not None:
        audit_family(actor=user, action=AuditAction.VIEW, family=family, record=reporter)
    return reporter


def reporter_words(family: Family) -> list[str]:
    """The names of the family's reporters, for a document to keep out (court.withholding:
    a court report must never name a reporter). Never shown, so not audited. Queries: 1."""
    names = Reporter.objects.filter(referral__family=family).values_list("name", flat=True)
    return [name.strip() for name in names if name and name.strip()]
