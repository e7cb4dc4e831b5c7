"""Every write of intake: validated, in a transaction, audited; nothing is deleted.

The order of a referral's dates is kept here: received ≤ screened ≤ first contact ≤ findings,
each refused beside the field that breaks it."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family
from families.models import ClosureReason, Family, FamilyStatus
from families.services import (
    family_change_status,
    family_closure_request,
    family_open,
    require_open_record,
)
from families.versioning import claim_version
from notifications.models import Kind
from notifications.services import notify, supervisors_of

from .access import may_screen
from .models import Allegation, Referral, Reporter, ReporterType, ScreeningDecision

REFERRAL_FIELDS = ["received_at", "channel", "reporter_type", "reporter_mandated", "what_was_reported"]
SCREENING_FIELDS = [
    "screening",
    "response_time",
    "screened_on",
    "screen_out_reason",
    "community_services",
    "community_services_to",
]


def _day(value: datetime) -> date:
    return timezone.localdate(value)


def _shown(day: date) -> str:
    return date_format(day, "j F Y")


def _check_received(received_at: datetime) -> None:
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("A referral can't be received in the future.")})


def _add_allegation(referral: Referral, *, child, kind: str, alleged_caregiver=None, alleged_other: str = "",
                    what_was_reported: str = "") -> Allegation:  # fmt: skip
    family = referral.family
    if child.family_id != family.pk:
        raise ValidationError({"child": _("Choose a child of this family.")})
    if alleged_caregiver is not None and alleged_caregiver.family_id != family.pk:
        raise ValidationError({"alleged_caregiver": _("Choose a caregiver of this family.")})
    alleged_other = alleged_other.strip()
    if alleged_caregiver is not None and alleged_other:
        raise ValidationError(
            {"alleged_other": _("Choose a caregiver or name someone outside the household, not both.")}
        )
    if alleged_caregiver is None and not alleged_other:
        raise ValidationError(
            {"alleged_caregiver": _("Choose a caregiver, or name someone outside the household.")}
        )
    allegation = Allegation(
        referral=referral,
        family=family,
        child=child,
        alleged_caregiver=alleged_caregiver,
        alleged_other=alleged_other,
        kind=kind,
        what_was_reported=what_was_reported.strip(),
    )
    allegation.full_clean()
    allegation.save()
    return allegation


def _record(*, family: Family, by, reporter_name: str, reporter_contact: str, allegations: list[dict],
            **fields) -> Referral:  # fmt: skip
    _check_received(fields["received_at"])
    reporter_name = reporter_name.strip()
    if fields["reporter_type"] == ReporterType.ANONYMOUS:
        reporter_name, reporter_contact = "", ""
    elif not reporter_name:
        raise ValidationError(
            {"reporter_name": _("Give the reporter's name, or choose “Anonymous” as the reporter.")}
        )
    referral = Referral(family=family, recorded_by=by, **fields)
    referral.full_clean()
    referral.save()
    if reporter_name:
        Reporter.objects.create(referral=referral, name=reporter_name, contact=reporter_contact.strip())
    for allegation in allegations:
        _add_allegation(referral, **allegation)
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=referral)
    notify(
        recipients=supervisors_of(family),
        kind=Kind.REFERRAL_TO_SCREEN,
        family=family,
        actor=by,
        link=reverse("supervision:screening"),
    )
    return referral


@transaction.atomic
def referral_record(
    *, family: Family, by, reporter_name: str = "", reporter_contact: str = "",
    allegations: list[dict] = (), **fields,
) -> Referral:  # fmt: skip
    """A new referral about a family the agency already knows, with its allegations."""
    require_open_record(family)
    return _record(
        family=family, by=by, reporter_name=reporter_name, reporter_contact=reporter_contact,
        allegations=list(allegations), **fields,
    )  # fmt: skip


@transaction.atomic
def referral_open_family(
    *, by, assigned_caseworker, family_details: dict, reporter_name: str = "", reporter_contact: str = "",
    **fields,
) -> Referral:  # fmt: skip
    """A referral about a family new to the agency: the family is opened from it (its referral
    date is the day the referral was received), then the referral is recorded. Allegations
    are added once the children are on the record."""
    _check_received(fields["received_at"])
    family = family_open(
        by=by,
        assigned_caseworker=assigned_caseworker,
        referral_date=_day(fields["received_at"]),
        **family_details,
    )
    return _record(
        family=family, by=by, reporter_name=reporter_name, reporter_contact=reporter_contact,
        allegations=[], **fields,
    )  # fmt: skip


@transaction.atomic
def allegation_add(*, referral: Referral, by, **fields) -> Allegation:
    require_open_record(referral.family)
    if referral.findings_on:
        raise ValidationError(_("Findings are recorded for this referral: it takes no new allegation."))
    allegation = _add_allegation(referral, **fields)
    audit_family(actor=by, action=AuditAction.CREATE, family=referral.family, record=allegation)
    return allegation


@transaction.atomic
def referral_screen(
    *, referral: Referral, by, screening: str, screened_on: date, response_time: str = "",
    screen_out_reason: str = "", community_services: bool = False, community_services_to: str = "",
    expected_version: int | None = None,
) -> Referral:  # fmt: skip
    """A supervisor screens the referral in (with the response time, which the first-contact
    deadline then reads) or out (with the reason and any referral to community services).
    A decision can be corrected; a referral with findings stays screened in."""
    family = referral.family
    require_open_record(family)
    if not may_screen(by, family):
        raise PermissionDenied(_("Referrals are screened by the supervisor of the family's unit."))
    claim_version(referral, expected=expected_version, fields=SCREENING_FIELDS)
    errors = {}
    if screened_on > timezone.localdate():
        errors["screened_on"] = _("The screening date can't be in the future.")
    elif screened_on < _day(referral.received_at):
        errors["screened_on"] = _("The referral can't be screened before it was received (%(date)s).") % {
            "date": _shown(_day(referral.received_at))
        }
    elif (contact := _first_contact_after(referral)) and screened_on > contact:
        errors["screened_on"] = _(
            "The screening can't be after the first contact with the family (%(date)s)."
        ) % {"date": _shown(contact)}
    if screening == ScreeningDecision.SCREENED_IN:
        if not response_time:
            errors["response_time"] = _("Choose how fast the agency responds.")
        screen_out_reason, community_services, community_services_to = "", False, ""
    elif screening == ScreeningDecision.SCREENED_OUT:
        if referral.findings_on:
            errors["screening"] = _("Findings are recorded for this referral, so it stays screened in.")
        if not screen_out_reason.strip():
            errors["screen_out_reason"] = _("Say why the referral is screened out.")
        if community_services and not community_services_to.strip():
            errors["community_services_to"] = _("Say which community service the family is referred to.")
        if not community_services:
            community_services_to = ""
        response_time = ""
    else:
        errors["screening"] = _("Screen the referral in or out.")
    if errors:
        raise ValidationError(errors)
    referral.screening, referral.response_time, referral.screened_on = screening, response_time, screened_on
    referral.screen_out_reason = screen_out_reason.strip()
    referral.community_services, referral.community_services_to = (
        community_services,
        community_services_to.strip(),
    )
    referral.screened_by = by
    referral.full_clean()
    referral.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=family, record=referral)
    if screening == ScreeningDecision.SCREENED_IN and family.response_priority != response_time:
        # The first-contact deadline (families.deadlines, supervision.compliance) reads the
        # family's response priority: the screening decision is now its source.
        family = Family.objects.select_for_update().get(pk=family.pk)
        claim_version(family, expected=None, fields=[])
        family.response_priority = response_time
        family.save(update_fields=["response_priority", "version", "updated_at"])
        audit_family(actor=by, action=AuditAction.UPDATE, family=family, record=family)
    return referral


def _first_contact_after(referral: Referral) -> date | None:
    """The day of the family's first contact, when it answers this referral (it came after
    the referral was received; a family known before has its first contact from then)."""
    contact = referral.family.first_contact_at
    if contact is None or contact < referral.received_at:
        return None
    return _day(contact)


class Outcome:
    OPEN = "open"
    CLOSE = "close"
    LATER = "later"


@transaction.atomic
def findings_record(
    *, referral: Referral, by, findings_on: date, findings: dict[int, str], outcome: str = Outcome.LATER,
    expected_version: int | None = None,
) -> Referral:  # fmt: skip
    """The end of the investigation: one finding per allegation (substantiated, inconclusive,
    unfounded), the date and who decided; then the family opens for ongoing services, or
    closing it is asked for (a supervisor approves, as every closure), or that is decided later."""
    family = referral.family
    require_open_record(family)
    claim_version(referral, expected=expected_version, fields=["findings_on"])
    if not referral.is_screened_in:
        message = (
            _("This referral was screened out: no finding can be recorded for its allegations.")
            if referral.is_screened_out
            else _("Screen the referral in before recording findings.")
        )
        raise ValidationError(message, code="not_screened_in")
    errors = {}
    if findings_on > timezone.localdate():
        errors["findings_on"] = _("The findings date can't be in the future.")
    elif findings_on < referral.screened_on:
        errors["findings_on"] = _("The findings can't be dated before the screening (%(date)s).") % {
            "date": _shown(referral.screened_on)
        }
    elif family.first_contact_at is None:
        errors["findings_on"] = _("Record the first contact with the family before the findings.")
    elif (contact := _first_contact_after(referral)) and findings_on < contact:
        errors["findings_on"] = _("The findings can't be dated before the first contact (%(date)s).") % {
            "date": _shown(contact)
        }
    allegations = list(Allegation.objects.filter(referral=referral).select_for_update().order_by("id"))
    if not allegations:
        errors.setdefault("findings_on", _("The referral has no allegation to record a finding for."))
    missing = [a for a in allegations if not findings.get(a.pk)]
    if missing:
        errors[f"finding_{missing[0].pk}"] = _("Record a finding for every allegation.")
    if errors:
        raise ValidationError(errors)
    for allegation in allegations:
        allegation.finding, allegation.found_on, allegation.found_by = (
            findings[allegation.pk],
            findings_on,
            by,
        )
        allegation.version += 1
        allegation.full_clean()
        allegation.save()
    referral.findings_on, referral.findings_by = findings_on, by
    referral.full_clean()
    referral.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=family, record=referral)
    if outcome == Outcome.OPEN and family.status == FamilyStatus.REFERRAL:
        family_change_status(family=family, to_status=FamilyStatus.OPEN, by=by, effective_on=findings_on,
                             reason=_stored("Opened for ongoing services after the findings."))  # fmt: skip
    elif outcome == Outcome.CLOSE:
        substantiated = any(a.finding == "substantiated" for a in allegations)
        family_closure_request(
            family=family, by=by, closed_on=findings_on,
            closure_reason=ClosureReason.OTHER if substantiated else ClosureReason.UNFOUNDED,
            reason=_stored("Closing after the findings of the investigation."),
        )  # fmt: skip
    return referral


def _stored(text: str) -> str:
    """Text kept in a record (not translated when read)."""
    return text


def check_family_may_open(family: Family) -> None:
    """Registered with families.extensions: a family whose referrals were all screened out
    can't become an open case until one is screened in. (A family with no referral recorded
    here, from before intake, opens as it always did.)"""
    decisions = set(Referral.objects.filter(family=family).values_list("screening", flat=True))
    if decisions and ScreeningDecision.SCREENED_IN not in decisions:
        if ScreeningDecision.SCREENED_OUT in decisions:
            raise ValidationError(
                _(
                    "The referral was screened out. It must be screened in before the family "
                    "can open as a case."
                )
            )
        raise ValidationError(
            _("The referral is not screened yet. Screen it in before the family opens as a case.")
        )
