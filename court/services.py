"""Every write to the court's records: hearings, orders, and the court report's versions
(start, edit, submit, the supervisor's decision). Nothing is deleted."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family
from documents.services import document_request
from families.services import require_open_record, supervises
from families.versioning import claim_version
from notifications.models import Kind
from notifications.services import notify, supervisors_of

from .models import NARRATIVE_FIELDS, CourtOrder, CourtReport, Hearing, HearingKind, ReportStatus
from .withholding import holds_a_secret, refusal, secrets_of

HEARING_FIELDS = ["kind", "kind_other", "hearing_on", "outcome", "children"]
ORDER_FIELDS = ["ended_on"]


# --- Hearings and orders ---------------------------------------------------------------------


def _check_hearing(hearing: Hearing, children) -> None:
    today = timezone.localdate()
    if hearing.outcome.strip() and hearing.hearing_on > today:
        raise ValidationError(
            {"outcome": _("The hearing has not been held yet: record its outcome on or after its date.")}
        )
    if hearing.kind != HearingKind.OTHER:
        hearing.kind_other = ""
    if not children:
        raise ValidationError({"children": _("Choose the children the hearing is about.")})
    if any(child.family_id != hearing.family_id for child in children):
        raise ValidationError({"children": _("Choose children of this family.")})


@transaction.atomic
def hearing_save(
    *,
    family,
    by,
    kind: str,
    hearing_on: date,
    children,
    outcome: str = "",
    kind_other: str = "",
    hearing: Hearing | None = None,
    expected_version: int | None = None,
) -> Hearing:
    """Enter a hearing (`hearing` None) or change one, as the page showing it at
    `expected_version` had it. An outcome is recorded only once the hearing was held."""
    require_open_record(family)
    if hearing is None:
        hearing = Hearing(family=family, recorded_by=by)
    else:
        if hearing.family_id != family.pk:
            raise ValidationError(_("That is not a hearing of this family."))
        claim_version(hearing, expected=expected_version, fields=HEARING_FIELDS)
        if Hearing.objects.filter(pk=hearing.pk, withdrawn_at__isnull=False).exists():
            raise ValidationError(_("This hearing was withdrawn and can no longer change."))
    created = hearing.pk is None
    hearing.kind, hearing.kind_other, hearing.hearing_on = kind, kind_other.strip(), hearing_on
    hearing.outcome = outcome.strip()
    children = list(children)
    _check_hearing(hearing, children)
    hearing.full_clean()
    hearing.save()
    hearing.children.set(children)
    audit_family(
        actor=by, action=AuditAction.CREATE if created else AuditAction.UPDATE, family=family, record=hearing
    )
    return hearing


@transaction.atomic
def hearing_withdraw(*, hearing: Hearing, by, reason: str, expected_version: int | None = None) -> Hearing:
    """A hearing entered by mistake (or vacated) is withdrawn with a reason; it stays on the
    record. One with a final court report stays: the court has that report."""
    require_open_record(hearing.family)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the hearing is withdrawn.")})
    claim_version(hearing, expected=expected_version, fields=["withdrawn_reason"])
    if Hearing.objects.filter(pk=hearing.pk, withdrawn_at__isnull=False).exists():
        raise ValidationError(_("This hearing is already withdrawn."))
    if CourtReport.objects.filter(hearing=hearing, status=ReportStatus.FINAL).exists():
        raise ValidationError(_("The court has the final report for this hearing: it can't be withdrawn."))
    hearing.withdrawn_at, hearing.withdrawn_by, hearing.withdrawn_reason = timezone.now(), by, reason.strip()
    hearing.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "version", "updated_at"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=hearing.family, record=hearing)
    return hearing


@transaction.atomic
def court_order_add(*, hearing: Hearing, by, kind: str, text: str, children=()) -> CourtOrder:
    """An order the court made at a hearing held (not one still to come), about `children` of
    the family (none: every child)."""
    require_open_record(hearing.family)
    if hearing.is_withdrawn:
        raise ValidationError(_("This hearing was withdrawn."))
    if hearing.hearing_on > timezone.localdate():
        raise ValidationError(_("The hearing has not been held yet: record its orders on or after its date."))
    order = CourtOrder(
        hearing=hearing, family_id=hearing.family_id, kind=kind, text=text.strip(), recorded_by=by
    )
    order.full_clean()
    if any(child.family_id != hearing.family_id for child in children):
        raise ValidationError({"children": _("Choose children of this family.")})
    order.save()
    order.children.set(children)
    audit_family(actor=by, action=AuditAction.CREATE, family=hearing.family, record=order)
    return order


@transaction.atomic
def court_order_end(
    *, order: CourtOrder, by, ended_on: date, expected_version: int | None = None
) -> CourtOrder:
    """The court ended an order (it stays on the record with the day it ended)."""
    require_open_record(order.family)
    claim_version(order, expected=expected_version, fields=ORDER_FIELDS)
    if ended_on < order.hearing.hearing_on:
        raise ValidationError({"ended_on": _("An order ends on or after the hearing that made it.")})
    order.ended_on = ended_on
    order.full_clean()
    order.save(update_fields=["ended_on", "version"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=order.family, record=order)
    return order


# --- The court report --------------------------------------------------------------------------


def _lock_changeable(report: CourtReport, *, claim: bool = False, expected_version=None) -> CourtReport:
    """Lock the report; refuse unless it is a draft (or returned). With `claim`, refuse a
    change made on an older version than the stored one."""
    locked = CourtReport.objects.select_for_update().get(pk=report.pk)
    if not locked.can_change:
        raise ValidationError(
            _("Version %(number)s of the court report is %(status)s and can no longer change.")
            % {"number": locked.number, "status": locked.get_status_display().lower()}
        )
    if claim:
        claim_version(report, expected=expected_version, fields=NARRATIVE_FIELDS)
        locked.version = report.version
    return locked


@transaction.atomic
def court_report_start(*, hearing: Hearing, by) -> CourtReport:
    """A new draft of the report for `hearing`, with the narrative of the version before (if
    any). The final version, if there is one, stays final until this one is approved."""
    require_open_record(hearing.family)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.is_withdrawn:
        raise ValidationError(_("This hearing was withdrawn."))
    reports = CourtReport.objects.filter(hearing=hearing)
    if reports.filter(
        status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.SUBMITTED]
    ).exists():
        raise ValidationError(_("A version of this court report is open already: finish that one."))
    previous = reports.order_by("-number").first()
    report = CourtReport.objects.create(
        family_id=hearing.family_id,
        hearing=hearing,
        number=(reports.aggregate(n=Max("number"))["n"] or 0) + 1,
        recorded_by=by,
        **{name: getattr(previous, name) for name in NARRATIVE_FIELDS} if previous else {},
    )
    audit_family(actor=by, action=AuditAction.CREATE, family=hearing.family, record=report)
    return report


@transaction.atomic
def court_report_update(
    *, report: CourtReport, by, expected_version: int | None = None, **narrative
) -> CourtReport:
    """Change the narrative of a draft, as the page showing it at `expected_version` had it.
    Refused once the report is submitted or final, and when it names the reporter or gives an
    address the court kept from the parents."""
    require_open_record(report.family)
    secrets = secrets_of(report.family)
    errors = {name: refusal() for name, text in narrative.items() if holds_a_secret(text, secrets)}
    if errors:
        raise ValidationError(errors)
    report = _lock_changeable(report, claim=True, expected_version=expected_version)
    for name in NARRATIVE_FIELDS:
        if name in narrative:
            setattr(report, name, narrative[name].strip())
    report.full_clean()
    report.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=report.family, record=report)
    return report


def _report_link(report: CourtReport) -> str:
    return reverse("court:report", args=[report.family.public_id, report.pk])


@transaction.atomic
def court_report_submit(*, report: CourtReport, by) -> CourtReport:
    require_open_record(report.family)
    report = _lock_changeable(report)
    problems = []
    if not report.summary.strip():
        problems.append(_("Write the summary for the court."))
    if not report.recommendation.strip():
        problems.append(_("Write the recommendation."))
    if any(holds_a_secret(getattr(report, n), secrets_of(report.family)) for n in NARRATIVE_FIELDS):
        problems.append(refusal())
    if problems:
        raise ValidationError(problems)
    report.status, report.submitted_at = ReportStatus.SUBMITTED, timezone.now()
    report.version += 1
    report.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=report.family, record=report)
    notify(
        recipients=supervisors_of(report.family),
        kind=Kind.COURT_REPORT_SUBMITTED,
        family=report.family,
        actor=by,
        link=_report_link(report),
    )
    return report


@transaction.atomic
def court_report_decide(*, report: CourtReport, by, approve: bool, comment: str) -> CourtReport:
    """The supervisor of the caseworker's unit approves the report, which makes it final (the
    final version before is superseded, and the PDF the court gets is made once, now), or
    returns it for changes with a comment."""
    report = (
        CourtReport.objects.select_for_update(of=("self",))
        .select_related("family__assigned_caseworker", "hearing")
        .get(pk=report.pk)
    )
    if not supervises(by, report.family):
        raise PermissionDenied(_("Only the supervisor of the caseworker's unit approves the court report."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("This version is not waiting for a decision."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    if approve:
        CourtReport.objects.filter(hearing=report.hearing, status=ReportStatus.FINAL).update(
            status=ReportStatus.SUPERSEDED, version=F("version") + 1
        )
    report.status = ReportStatus.FINAL if approve else ReportStatus.RETURNED
    report.decided_by, report.decided_at, report.decision_comment = by, timezone.now(), comment.strip()
    report.version += 1
    report.save()
    if approve:
        report.final_document = document_request(
            family=report.family,
            by=by,
            kind="court_report",
            source_id=report.pk,
            language=settings.LANGUAGE_CODE,
        )
        report.save(update_fields=["final_document"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=report.family, record=report)
    notify(
        recipients=[report.family.assigned_caseworker],
        kind=Kind.COURT_REPORT_APPROVED if approve else Kind.COURT_REPORT_RETURNED,
        family=report.family,
        actor=by,
        link=_report_link(report),
    )
    return report


def court_report_waiting(family) -> str:
    """Closing check (families.extensions): a court report submitted and not yet decided."""
    if CourtReport.objects.filter(family=family, status=ReportStatus.SUBMITTED).exists():
        return _("A court report is waiting for the supervisor's approval.")
    return ""
