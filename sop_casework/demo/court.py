"""Hearings and court reports for the demo families (issue 23). Which families go to court,
and when, follows their place in the batch, not a random draw, so the demo shows the same
things every day: the worked example has its jurisdiction hearing behind it (held, with its
orders and the final report) and its six-month review in 8 days with the report still a draft,
two days late (Unit review's "Court report late"); one family in four of the open ones has a
hearing coming, some with a final report, some submitted to the supervisor, some not begun."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from court.models import CourtOrder, CourtReport, Hearing, HearingKind, OrderKind, ReportStatus
from families.models import Child, Family, FamilyStatus

COMING = [
    HearingKind.SIX_MONTH_REVIEW,
    HearingKind.DISPOSITION,
    HearingKind.TWELVE_MONTH_REVIEW,
    HearingKind.JURISDICTION,
    HearingKind.PERMANENCY,
]

HELD_EXAMPLE = (
    "The court took jurisdiction; the children stay with their aunt while the parents work the plan."
)
HELD_OTHER = "The children were detained and placed with a relative."
SUMMARY = "The children came into care after the referral; the family has worked with the agency since."
ASSESSMENT = "The caregivers have kept to the safety plan; the network checks on the children every day."
RECOMMENDATION = "Continue family reunification services and increase family time."


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_court(*, households: list[tuple[Family, list], list[Child]], agency, today: date) -> None:
    hearings, links, orders, reports = [], [], [], []
    about = []  # (order, the child it is about)
    candidates = [
        (family, children)
        for family, _caregivers, children in households
        if family.status == FamilyStatus.OPEN and children
    ]
    for index, (family, children) in enumerate(candidates):
        example = family.display_name == "Okafor-Reyes"
        if not example and index % 4:
            continue
        worker = family.assigned_caseworker
        supervisor = agency.supervisor_of(worker)
        held_on = today - timedelta(days=100 if example else 60 + index % 50)
        held = Hearing(
            family=family,
            kind=HearingKind.JURISDICTION if example else HearingKind.DETENTION,
            hearing_on=held_on,
            outcome=HELD_EXAMPLE if example else HELD_OTHER,
            recorded_by=worker,
        )
        days_ahead = 8 if example else 3 + (index * 7) % 55
        coming = Hearing(
            family=family,
            kind=HearingKind.SIX_MONTH_REVIEW if example else COMING[index % len(COMING)],
            hearing_on=today + timedelta(days=days_ahead),
            recorded_by=worker,
        )
        hearings += [held, coming]
        links += [(held, children), (coming, children)]
        orders += [
            CourtOrder(
                hearing=held,
                family=family,
                kind=OrderKind.REUNIFICATION_SERVICES,
                text="Family reunification services for both parents.",
                recorded_by=worker,
            ),
            CourtOrder(
                hearing=held,
                family=family,
                kind=OrderKind.SUPERVISED_VISITS,
                text="Family time twice a week, supervised by the agency or the aunt.",
                recorded_by=worker,
            ),
        ]
        if not example and (index // 4) % 2 == 1:
            # the court kept the youngest child's address (where the child is placed) from the parents
            kept = CourtOrder(
                hearing=held,
                family=family,
                kind=OrderKind.ADDRESS_KEPT_FROM_PARENTS,
                text="The address where the child lives is not to be given to the parents.",
                recorded_by=worker,
            )
            orders.append(kept)
            about.append((kept, children[-1]))
        if supervisor is not None:
            reports.append(
                _report(held, worker, supervisor, ReportStatus.FINAL, held_on - timedelta(days=12))
            )
        # the coming hearing's report: a draft for the worked example (late), otherwise by turn
        turn = None if example else (index // 4) % 4
        if example or turn == 1:
            reports.append(_report(coming, worker, None, ReportStatus.DRAFT, None))
        elif turn == 2 and supervisor is not None:
            reports.append(_report(coming, worker, None, ReportStatus.SUBMITTED, None))
        elif turn == 3 and supervisor is not None:
            reports.append(_report(coming, worker, supervisor, ReportStatus.FINAL, today - timedelta(days=2)))
    Hearing.objects.bulk_create(hearings)
    Hearing.children.through.objects.bulk_create(
        [Hearing.children.through(hearing_id=h.pk, child_id=c.pk) for h, kids in links for c in kids]
    )
    for order in orders:
        order.hearing_id = order.hearing.pk
    CourtOrder.objects.bulk_create(orders)
    CourtOrder.children.through.objects.bulk_create(
        [CourtOrder.children.through(courtorder_id=o.pk, child_id=c.pk) for o, c in about]
    )
    for report in reports:
        report.hearing_id = report.hearing.pk
    CourtReport.objects.bulk_create(reports)


def _report(hearing, worker, supervisor, status, decided_on) -> CourtReport:
    return CourtReport(
        family=hearing.family,
        hearing=hearing,
        number=1,
        status=status,
        summary=SUMMARY,
        assessment=ASSESSMENT if status != ReportStatus.DRAFT else "",
        recommendation=RECOMMENDATION,
        recorded_by=worker,
        submitted_at=timezone.now() - timedelta(days=1)
        if status == ReportStatus.SUBMITTED
        else (_moment(decided_on) - timedelta(days=1) if decided_on else None),
        decided_by=supervisor,
        decided_at=_moment(decided_on) if decided_on else None,
    )
