"""Every non-trivial read of the court's records."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from families.models import Family

from .deadlines import report_due
from .models import (
    REPORT_DUE_DAYS_BEFORE,
    CourtOrder,
    CourtReport,
    Hearing,
    HearingKind,
    OrderKind,
    ReportStatus,
)


def family_hearings(family: Family) -> list[Hearing]:
    """The family's hearings, latest first, each with its children, orders and report
    versions (withdrawn ones too, marked), and the children each order is about. Queries: 5."""
    return list(
        Hearing.objects.filter(family=family)
        .order_by("-hearing_on", "-id")
        .prefetch_related(
            "children",
            Prefetch("orders", queryset=CourtOrder.objects.order_by("id").prefetch_related("children")),
            Prefetch("reports", queryset=CourtReport.objects.order_by("-number")),
        )
    )


def orders_in_force(
    family: Family, *, kind: OrderKind | str | None = None, on: date | None = None
) -> QuerySet:
    """The family's court orders in force on `on` (today): made at a hearing held by then,
    not withdrawn, not ended. For other apps to read (e.g. an address kept from the parents)."""
    on = on or timezone.localdate()
    orders = CourtOrder.objects.filter(
        family=family, hearing__withdrawn_at__isnull=True, hearing__hearing_on__lte=on
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    return orders.filter(kind=kind) if kind else orders


def address_kept_from_parents(family: Family, *, on: date | None = None) -> bool:
    """Whether an order keeping an address from the parents stands for the family (for any of
    its children). The court report then prints no address at all."""
    return orders_in_force(family, kind=OrderKind.ADDRESS_KEPT_FROM_PARENTS, on=on).exists()


def address_kept_since(*, family_ref, child_ref, on: date | None = None) -> Subquery:
    """The one rule of "the court ordered this child's address kept from the parents", as a
    subquery correlated to a family and a child (OuterRefs): the date of the earliest hearing
    whose order of that kind is in force on `on` (today) and is about the child (or names no
    child: the whole family); NULL when none is. placements reads it for every placement."""
    on = on or timezone.localdate()
    orders = (
        CourtOrder.objects.filter(
            kind=OrderKind.ADDRESS_KEPT_FROM_PARENTS,
            family=family_ref,
            hearing__withdrawn_at__isnull=True,
            hearing__hearing_on__lte=on,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .filter(Q(children__isnull=True) | Q(children=child_ref))
    )
    return Subquery(orders.order_by("hearing__hearing_on").values("hearing__hearing_on")[:1])


def reports_of(hearing: Hearing) -> list[CourtReport]:
    return list(CourtReport.objects.filter(hearing=hearing).select_related("decided_by", "final_document"))


# --- The caseload's column: the next hearing and its report ---------------------------------


def _upcoming(family_ref, today: date) -> QuerySet:
    return Hearing.objects.filter(
        family=family_ref, withdrawn_at__isnull=True, hearing_on__gte=today
    ).order_by("hearing_on", "id")


def with_court_columns(families: QuerySet) -> QuerySet:
    """The next hearing (today or later: date and kind) and whether its report is final: three
    correlated subqueries in the families' own query, whatever the number of rows."""
    today = timezone.localdate()
    upcoming = _upcoming(OuterRef("pk"), today)
    next_id = _upcoming(OuterRef(OuterRef("pk")), today).values("pk")[:1]
    return families.annotate(
        next_hearing_on=Subquery(upcoming.values("hearing_on")[:1]),
        next_hearing_kind=Subquery(upcoming.values("kind")[:1]),
        next_hearing_report_final=Exists(
            CourtReport.objects.filter(status=ReportStatus.FINAL, hearing_id=Subquery(next_id))
        ),
    )


def next_hearing_of(family):
    """(date, kind code, ReportDue) of the family's next hearing, from with_court_columns;
    None when none is set."""
    if family.next_hearing_on is None:
        return None
    due = report_due(
        hearing_on=family.next_hearing_on, final=family.next_hearing_report_final, today=timezone.localdate()
    )
    return family.next_hearing_on, family.next_hearing_kind, due


# --- Supervision's rule, and the approvals inbox ------------------------------------------


def reports_overdue(today: date) -> QuerySet:
    """The outer family's hearings whose report is overdue on `today`: the edge of
    court.deadlines.report_due in SQL (due < today <= hearing)."""
    final = CourtReport.objects.filter(hearing=OuterRef("pk"), status=ReportStatus.FINAL)
    return Hearing.objects.filter(
        family_id=OuterRef("pk"),
        withdrawn_at__isnull=True,
        hearing_on__gte=today,
        hearing_on__lt=today + timedelta(days=REPORT_DUE_DAYS_BEFORE),
    ).filter(~Exists(final))


def reports_waiting(families: QuerySet) -> QuerySet:
    return CourtReport.objects.filter(family__in=families, status=ReportStatus.SUBMITTED).select_related(
        "family__assigned_caseworker", "recorded_by", "hearing"
    )


def overview_summary(*, family, user) -> dict:
    """The court panel of the family overview, from a row annotated by with_court_columns.
    Queries: none."""
    upcoming = next_hearing_of(family) if family.status != "closed" else None
    if upcoming is None:
        return {"next": None}
    on, kind, due = upcoming
    return {
        "next": {
            "on": on,
            "kind": HearingKind(kind).label,
            "due": due,
            "final": family.next_hearing_report_final,
        }
    }
