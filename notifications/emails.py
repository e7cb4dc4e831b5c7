"""Sending an email once: the delivery record, the claim on it, the message in the
recipient's language, the hand-over to the mail server.

Each email has a row of EmailDelivery, unique per (recipient, kind, period). Whoever wants
to send it (a beat that fired twice, a retried task, a second worker) first makes sure the
row exists, then moves it to "sending" with one conditional UPDATE; PostgreSQL lets exactly
one of them do that, and only that one sends. A send that fails leaves the row "failed" with
the error, for the task to try again with backoff; a worker that died while sending leaves
it "sending", which another try may take over once it is CLAIM_EXPIRES old.

The messages carry case numbers, counts, dates and links only (issue 20).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User

from .models import DeliveryStatus, EmailDelivery, EmailKind

# A claim older than this is taken to belong to a worker that died while sending.
CLAIM_EXPIRES = timedelta(minutes=10)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class SendFailed(Exception):
    """The mail server refused or could not be reached; the delivery is marked failed."""


def language_of(user: User) -> str:
    """The language the person chose in their menu, or the site's."""
    return user.language or settings.LANGUAGE_CODE


def render_email(template: str, context: dict, *, language: str) -> Rendered:
    """templates/notifications/email/<template>.txt and .html, with the subject the text
    template's first line gives (`Subject: …`), in `language`."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    first, _, body = text.partition("\n")
    subject = first.removeprefix("Subject:").strip()
    return Rendered(subject=subject, text=body.lstrip("\n"), html=html)


def claim(*, recipient: User, kind: str, period: str) -> EmailDelivery | None:
    """The delivery row, moved to "sending" for this caller; None when someone else sent it,
    is sending it, or there was nothing to send."""
    delivery, _ = EmailDelivery.objects.get_or_create(recipient=recipient, kind=kind, period=period)
    now = timezone.now()
    claimable = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_EXPIRES
    )
    taken = EmailDelivery.objects.filter(claimable, pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    return delivery if taken else None


def _finish(delivery: EmailDelivery, **fields) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk).update(**fields)


def send_once(
    *, recipient: User, kind: str, period: str, build: Callable[[], Rendered | None], connection=None
) -> str:
    """Send the email `build` makes to `recipient`, unless it was already sent for this
    `period`. Returns the delivery's status afterwards ("sent", "skipped" when `build` found
    nothing to say, or "taken" when another caller has it). Raises SendFailed when the mail
    server fails (the row is then "failed", with the error)."""
    delivery = claim(recipient=recipient, kind=kind, period=period)
    if delivery is None:
        return "taken"
    rendered = build()
    if rendered is None or not recipient.email:
        _finish(delivery, status=DeliveryStatus.SKIPPED, last_error="" if recipient.email else "no address")
        return DeliveryStatus.SKIPPED
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(rendered.html, "text/html")
    try:
        message.send()
    except Exception as error:  # smtplib's and socket's errors: any refusal is retried
        _finish(delivery, status=DeliveryStatus.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000])
        raise SendFailed(str(error)) from error
    _finish(delivery, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    return DeliveryStatus.SENT


def give_up(*, recipient_id: int, kind: str, period: str) -> None:
    """After the last retry: the row says so, for the admin page."""
    EmailDelivery.objects.filter(
        recipient_id=recipient_id, kind=kind, period=period, status=DeliveryStatus.FAILED
    ).update(status=DeliveryStatus.GAVE_UP)


def give_up_event(*, kind: str, prefix: str) -> None:
    """give_up for an immediate email, whose period names the record it is about."""
    EmailDelivery.objects.filter(kind=kind, period__startswith=prefix, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.GAVE_UP
    )


# --- Periods ---------------------------------------------------------------------------------


def digest_period(kind: str, today: date) -> str:
    """The period a digest covers, as its delivery row records it: the day ("2026-12-07") or
    the ISO week ("2026-W50")."""
    if kind == EmailKind.WEEKLY_DIGEST:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def open_connection():
    """One connection to the mail server for many emails (the morning's digests)."""
    return get_connection()


# --- The emails ------------------------------------------------------------------------------


def digest_send(*, user_id: int, kind: str, period: str, today: date, connection=None) -> str:
    """A person's digest for `period`, once. Nothing is sent when nothing is due (the row
    says "skipped"), or when the person turned digests off after it was queued."""
    from .preferences import preference_of

    user = User.objects.select_related("unit").get(pk=user_id)
    frequency = preference_of(user).digest

    def build() -> Rendered | None:
        if not user.is_active or kind != DIGEST_KIND_OF.get(frequency):
            return None
        return digest_email(user, today=today, frequency=frequency)

    return send_once(recipient=user, kind=kind, period=period, build=build, connection=connection)


DIGEST_KIND_OF = {"daily": EmailKind.DAILY_DIGEST, "weekly": EmailKind.WEEKLY_DIGEST}


def digest_email(user: User, *, today: date, frequency: str) -> Rendered | None:
    """The digest of `user`, in their language; None when there is nothing to say."""
    from .digests import digest_for

    language = language_of(user)
    with translation.override(language):
        digest = digest_for(user, today=today, frequency=frequency)
    if digest is None or digest.is_empty:
        return None
    return render_email("digest", {"digest": digest}, language=language)


def plan_returned_email(plan, *, language: str) -> Rendered:
    """The email: the case number, the version and the day, and a link to the plan; the
    supervisor's comment stays in the app."""
    from django.urls import reverse

    from .digests import site_url

    context = {
        "case_number": plan.family.case_number,
        "number": plan.number,
        "on": timezone.localdate(plan.decided_at) if plan.decided_at else timezone.localdate(),
        "url": site_url(reverse("case_plans:plan", args=[plan.family.public_id, plan.pk])),
    }
    return render_email("plan_returned", context, language=language)


def plan_returned_send(*, plan_id: int) -> str:
    """To the caseworker of the family: the supervisor returned a version of its case plan."""
    from case_plans.models import CasePlan, PlanStatus

    plan = CasePlan.objects.select_related("family__assigned_caseworker").get(pk=plan_id)
    worker = plan.family.assigned_caseworker
    if worker is None:
        return DeliveryStatus.SKIPPED

    return _returned_once(
        worker,
        kind=EmailKind.PLAN_RETURNED,
        period=f"case_plan:{plan.pk}:v{plan.version}",
        still_returned=plan.status == PlanStatus.RETURNED,  # not submitted again before this went out
        email=lambda language: plan_returned_email(plan, language=language),
    )


def _returned_once(worker, *, kind, period: str, still_returned: bool, email) -> str:
    """An approval the worker asked for was returned: the email, once, unless they left, turned
    it off ("when an approval I asked for is returned") or it is no longer returned."""
    from .preferences import preference_of

    def build() -> Rendered | None:
        if not worker.is_active or not preference_of(worker).plan_returned or not still_returned:
            return None
        return email(language_of(worker))

    return send_once(recipient=worker, kind=kind, period=period, build=build)


# --- An override the supervisor did not approve (a risk or safety assessment's, a reunification
# reassessment's): one email, its own template and link for each tool -------------------------


def _override_returned_email(record, *, template: str, url: str, language: str) -> Rendered:
    """The case number, the day of the assessment and of the decision, and a link to it; the
    levels or decisions, the child, the reasons and the supervisor's comment stay in the app."""
    from .digests import site_url

    decided_at = record.override_decided_at
    context = {
        "case_number": record.family.case_number,
        "assessed_on": record.assessed_on,
        "on": timezone.localdate(decided_at) if decided_at else timezone.localdate(),
        "url": site_url(url),
    }
    return render_email(template, context, language=language)


def _override_returned_send(model, record_id: int, *, kind: str, period: str, email) -> str:
    """To the worker who recorded the assessment: its override was not approved (once, as
    _returned_once says; `period` names the record, e.g. "risk_override")."""
    from safety_networks.models import OverrideStatus

    record = model.objects.select_related("family", "recorded_by__email_preference").get(pk=record_id)
    return _returned_once(
        record.recorded_by,
        kind=kind,
        period=f"{period}:{record.pk}:returned",
        still_returned=record.override_status == OverrideStatus.REJECTED,
        email=lambda language: email(record, language=language),
    )


def override_returned_email(assessment, *, language: str) -> Rendered:
    """A risk assessment's: the link goes to the family's safety decisions."""
    from django.urls import reverse

    url = reverse("safety_networks:decisions", args=[assessment.family.public_id])
    return _override_returned_email(assessment, template="override_returned", url=url, language=language)


def override_returned_send(*, assessment_id: int) -> str:
    from safety_networks.models import RiskAssessment

    return _override_returned_send(
        RiskAssessment, assessment_id, kind=EmailKind.OVERRIDE_RETURNED, period="risk_override",
        email=override_returned_email,
    )  # fmt: skip


def safety_override_returned_email(assessment, *, language: str) -> Rendered:
    """A scored safety assessment's: the link goes to the assessment."""
    from django.urls import reverse

    url = reverse("safety_networks:safety_assessment", args=[assessment.family.public_id, assessment.pk])
    return _override_returned_email(
        assessment, template="safety_override_returned", url=url, language=language
    )


def safety_override_returned_send(*, assessment_id: int) -> str:
    from safety_networks.models import SafetyAssessment

    return _override_returned_send(
        SafetyAssessment, assessment_id, kind=EmailKind.SAFETY_OVERRIDE_RETURNED, period="safety_override",
        email=safety_override_returned_email,
    )  # fmt: skip


def reunification_override_returned_email(reassessment, *, language: str) -> Rendered:
    """A reunification reassessment's: the link goes to the reassessment."""
    from django.urls import reverse

    url = reverse("safety_networks:reunification", args=[reassessment.family.public_id, reassessment.pk])
    return _override_returned_email(
        reassessment, template="reunification_override_returned", url=url, language=language
    )


def reunification_override_returned_send(*, reassessment_id: int) -> str:
    from safety_networks.reunification_models import ReunificationReassessment

    return _override_returned_send(
        ReunificationReassessment, reassessment_id, kind=EmailKind.REUNIFICATION_OVERRIDE_RETURNED,
        period="reunification_override", email=reunification_override_returned_email,
    )  # fmt: skip


def closure_returned_email(request, *, language: str) -> Rendered:
    """The email: the case number, the day, and a link to the family; the reason given and
    the supervisor's comment stay in the app."""
    from django.urls import reverse

    from .digests import site_url

    context = {
        "case_number": request.family.case_number,
        "on": timezone.localdate(request.decided_at) if request.decided_at else timezone.localdate(),
        "url": site_url(reverse("families:overview", args=[request.family.public_id])),
    }
    return render_email("closure_returned", context, language=language)


def closure_returned_send(*, request_id: int) -> str:
    """To the worker who asked to close the family: the supervisor returned the request."""
    from families.models import ClosureRequest, ClosureStatus

    request = ClosureRequest.objects.select_related("family", "requested_by__email_preference").get(
        pk=request_id
    )
    return _returned_once(
        request.requested_by,
        kind=EmailKind.CLOSURE_RETURNED,
        period=f"closure:{request.pk}:returned",
        still_returned=request.status == ClosureStatus.RETURNED,
        email=lambda language: closure_returned_email(request, language=language),
    )


def access_requested_email(request, *, language: str) -> Rendered:
    """The email: the case number, the day and a link to the requests; not who asked, nor
    the reason they gave."""
    from django.urls import reverse

    from .digests import site_url

    context = {
        "case_number": request.family.case_number,
        "on": timezone.localdate(request.requested_at),
        "url": site_url(reverse("families:access_requests")),
    }
    return render_email("access_requested", context, language=language)


def access_requested_send(*, request_id: int) -> list[str]:
    """To whoever grants it (the family's supervisor; program administrators when its unit
    has none): a worker asked to read a family."""
    from accounts.selectors import program_administrators, supervisor_of_unit
    from families.models import AccessRequest

    from .preferences import preference_of

    request = AccessRequest.objects.select_related("family__assigned_caseworker").get(pk=request_id)
    worker = request.family.assigned_caseworker
    supervisor = supervisor_of_unit(worker.unit_id if worker else None)
    deciders = [supervisor] if supervisor else list(program_administrators())
    statuses = []
    for decider in deciders:
        if decider.pk == request.requested_by_id:
            continue

        def build(decider=decider) -> Rendered | None:
            if not decider.is_active or not preference_of(decider).access_requested:
                return None
            return access_requested_email(request, language=language_of(decider))

        statuses.append(
            send_once(
                recipient=decider,
                kind=EmailKind.ACCESS_REQUESTED,
                period=f"access:{request.pk}:requested",
                build=build,
            )
        )
    return statuses


def delivery_retry(*, delivery: EmailDelivery) -> bool:
    """From the admin page: a failed email is queued again (its row goes back to "failed",
    which the task may claim). Returns whether it was queued."""
    from . import tasks

    if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP):
        return False
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    kind, period = delivery.kind, delivery.period
    if kind == EmailKind.DAILY_DIGEST:
        tasks.send_digest.delay(delivery.recipient_id, kind, period, period)
    elif kind == EmailKind.WEEKLY_DIGEST:
        monday = date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
        tasks.send_digest.delay(delivery.recipient_id, kind, period, monday.isoformat())
    elif kind == EmailKind.PLAN_RETURNED:
        tasks.send_plan_returned.delay(int(period.split(":")[1]))
    elif kind == EmailKind.OVERRIDE_RETURNED:
        tasks.send_override_returned.delay(int(period.split(":")[1]))
    elif kind == EmailKind.SAFETY_OVERRIDE_RETURNED:
        tasks.send_safety_override_returned.delay(int(period.split(":")[1]))
    elif kind == EmailKind.REUNIFICATION_OVERRIDE_RETURNED:
        tasks.send_reunification_override_returned.delay(int(period.split(":")[1]))
    elif kind == EmailKind.CLOSURE_RETURNED:
        tasks.send_closure_returned.delay(int(period.split(":")[1]))
    else:
        tasks.send_access_requested.delay(int(period.split(":")[1]))
    return True
