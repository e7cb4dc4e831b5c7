"""The bell on a real day: each person's notifications, made from the demo's own records
(a plan returned or approved, plans, overrides, closures and referrals waiting for the
supervisor, documents ready, what falls due tomorrow). Each person's newest few, and
anything of the last two days, are still unread."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from case_plans.models import CasePlan, PlanStatus
from documents.models import Document, DocumentState
from families.models import ClosureRequest, ClosureStatus, Family
from intake.models import Referral
from notifications.models import Kind, Notification
from notifications.services import notify_due_tomorrow
from safety_networks.models import OverrideStatus, RiskAssessment, SafetyAssessment

READ_AFTER = timedelta(days=2)
UNREAD_NEWEST = 3


def seed_notifications(*, households, agency, today: date) -> int:
    """Notifications for the people who work on these families; returns how many."""
    families = {family.pk: family for family, _, _ in households}
    ids = list(families)
    now = timezone.make_aware(datetime.combine(today, time(8, 30)))
    rows: list[Notification] = []

    def add(recipient, kind, family_id, *, at, link, actor=None):
        if recipient is None or at is None:
            return
        rows.append(
            Notification(
                recipient=recipient,
                kind=kind,
                family_id=family_id,
                actor=actor,
                link=link,
                created_at=min(at, now),
            )
        )

    def supervisor(family_id):
        worker = families[family_id].assigned_caseworker
        return agency.supervisor_of(worker) if worker else None

    def overview(family_id):
        return reverse("families:overview", args=[families[family_id].public_id])

    for plan in CasePlan.objects.filter(family_id__in=ids).select_related("decided_by"):
        link = reverse("case_plans:plan", args=[families[plan.family_id].public_id, plan.pk])
        worker = families[plan.family_id].assigned_caseworker
        if plan.status == PlanStatus.SUBMITTED:
            add(
                supervisor(plan.family_id),
                Kind.PLAN_SUBMITTED,
                plan.family_id,
                at=plan.submitted_at,
                link=link,
                actor=worker,
            )
        elif plan.status == PlanStatus.RETURNED:
            add(
                worker,
                Kind.PLAN_RETURNED,
                plan.family_id,
                at=plan.decided_at,
                link=link,
                actor=plan.decided_by,
            )
        elif plan.status == PlanStatus.ACTIVE and plan.decided_at:
            add(
                worker,
                Kind.PLAN_APPROVED,
                plan.family_id,
                at=plan.decided_at,
                link=link,
                actor=plan.decided_by,
            )
    for risk in RiskAssessment.objects.filter(family_id__in=ids, override_status=OverrideStatus.PENDING):
        add(
            supervisor(risk.family_id),
            Kind.OVERRIDE_REQUESTED,
            risk.family_id,
            at=risk.created_at,
            link=reverse("supervision:approvals"),
            actor=families[risk.family_id].assigned_caseworker,
        )
    pending_safety = SafetyAssessment.objects.filter(
        family_id__in=ids, override_status=OverrideStatus.PENDING
    )
    for safety in pending_safety.select_related("recorded_by"):
        add(
            supervisor(safety.family_id),
            Kind.SAFETY_OVERRIDE_REQUESTED,
            safety.family_id,
            at=safety.submitted_at or safety.created_at,
            link=reverse("supervision:approvals"),
            actor=safety.recorded_by,
        )
    for request in ClosureRequest.objects.filter(family_id__in=ids).select_related(
        "requested_by", "decided_by"
    ):
        if request.status == ClosureStatus.PENDING:
            add(
                supervisor(request.family_id),
                Kind.CLOSURE_REQUESTED,
                request.family_id,
                at=request.requested_at,
                link=reverse("supervision:approvals"),
                actor=request.requested_by,
            )
        elif request.status == ClosureStatus.RETURNED:
            add(
                request.requested_by,
                Kind.CLOSURE_RETURNED,
                request.family_id,
                at=request.decided_at,
                link=overview(request.family_id),
                actor=request.decided_by,
            )
    for referral in Referral.objects.filter(family_id__in=ids, screening="").select_related("recorded_by"):
        add(
            supervisor(referral.family_id),
            Kind.REFERRAL_TO_SCREEN,
            referral.family_id,
            at=referral.received_at,
            link=reverse("supervision:screening"),
            actor=referral.recorded_by,
        )
    for document in Document.objects.filter(family_id__in=ids, state=DocumentState.READY):
        add(
            document.requested_by,
            Kind.DOCUMENT_READY,
            document.family_id,
            at=document.finished_at,
            link=reverse(
                "documents:document", args=[families[document.family_id].public_id, document.public_id]
            ),
        )
    # Each caseworker's newest family came to them from their supervisor.
    newest = {}
    for family in Family.objects.filter(pk__in=ids, assigned_caseworker__isnull=False).order_by(
        "referral_date"
    ):
        newest[family.assigned_caseworker_id] = family
    for family in newest.values():
        worker = family.assigned_caseworker
        add(
            worker,
            Kind.FAMILY_ASSIGNED,
            family.pk,
            link=overview(family.pk),
            actor=agency.supervisor_of(worker),
            at=timezone.make_aware(datetime.combine(family.referral_date, time(9, 15))),
        )
    # Each person has not yet opened their three newest, nor anything of the last two days;
    # the rest they read a few hours after it came.
    rows.sort(key=lambda row: row.created_at, reverse=True)
    seen: dict[int, int] = {}
    for row in rows:
        seen[row.recipient.pk] = newer = seen.get(row.recipient.pk, 0) + 1
        if newer > UNREAD_NEWEST and now - row.created_at > READ_AFTER:
            row.read_at = row.created_at + timedelta(hours=3)
    Notification.objects.bulk_create(rows, batch_size=2000)
    # And this morning's reminders of what falls due tomorrow, as the daily task makes them.
    return len(rows) + notify_due_tomorrow(today=today)
