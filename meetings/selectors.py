"""Reads of the meeting work, each with a fixed number of queries."""

from datetime import date

from django.db.models import Count, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from families.family_row import FirstRecord
from families.models import Family, FamilyStatus
from families.selectors import count_of, with_opened_on
from notifications.models import Kind
from notifications.services import Due

from .deadlines import first_meeting_state
from .models import ActionItem, ActionStatus, Meeting, MeetingScaling, MeetingStatus


def family_meetings(family) -> dict:
    """Upcoming, held and cancelled meetings, and the open action items. Queries: 2."""
    meetings = list(Meeting.objects.filter(family=family).annotate(people=Count("participants")))
    items = list(ActionItem.objects.filter(family=family).select_related("meeting"))
    return {
        "upcoming": sorted(
            (m for m in meetings if m.status == MeetingStatus.SCHEDULED), key=lambda m: m.scheduled_at
        ),
        "held": [m for m in meetings if m.status == MeetingStatus.HELD],
        "cancelled": [m for m in meetings if m.status == MeetingStatus.CANCELLED],
        "open_items": [i for i in items if i.status == ActionStatus.OPEN],
    }


def meeting_detail(meeting: Meeting) -> Meeting:
    """The meeting with its participants, action items and scaling. Queries: 4."""
    return (
        Meeting.objects.select_related("recorded_by")
        .prefetch_related(
            "participants",
            "action_items",
            Prefetch("scaling_links", queryset=MeetingScaling.objects.select_related("scaling_score")),
        )
        .get(pk=meeting.pk)
    )


def with_meeting_columns(families: QuerySet) -> QuerySet:
    """The caseload's first-meeting and overdue-action columns: three subqueries."""
    first_held = (
        Meeting.objects.filter(family=OuterRef("pk"), status=MeetingStatus.HELD)
        .order_by()
        .values("family")
        .annotate(first=Min(TruncDate("scheduled_at")))
        .values("first")
    )
    overdue = (
        ActionItem.objects.filter(
            family=OuterRef("pk"), status=ActionStatus.OPEN, due_on__lt=timezone.localdate()
        )
        .order_by()
        .values("family")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return with_opened_on(families).annotate(
        first_meeting_held_on=Subquery(first_held[:1]),
        overdue_action_items=Subquery(overdue[:1]),
    )


def with_action_items_due_between(families: QuerySet, first: date, last: date) -> QuerySet:
    """The open action items of each family due from `first` to `last` (both included): how
    many (`action_items_due`) and the earliest date (`action_items_due_first`, None when
    none). Two subqueries, no query of their own (the caseworker's digest)."""
    due = ActionItem.objects.filter(
        family=OuterRef("pk"), status=ActionStatus.OPEN, due_on__gte=first, due_on__lte=last
    )
    earliest = due.order_by().values("family").annotate(first=Min("due_on")).values("first")
    return families.annotate(action_items_due=count_of(due), action_items_due_first=Subquery(earliest[:1]))


def first_meeting_of(family):
    """For one row annotated by with_meeting_columns."""
    return first_meeting_state(
        opened_on=family.opened_on,
        icwa=family.icwa_applies,
        first_held_on=family.first_meeting_held_on,
        today=timezone.localdate(),
        closed=family.is_closed,
    )


NEXT_MEETING = FirstRecord(
    "next_meeting",
    Meeting.objects.filter(family=OuterRef("pk"), status=MeetingStatus.SCHEDULED).order_by(
        "scheduled_at", "id"
    ),
    ("id", "meeting_type", "scheduled_at"),  # the link, and what Meeting.__str__ reads
)


def with_meeting_panel(families: QuerySet) -> QuerySet:
    """The overview panel's facts on the family row: the caseload's columns, the next
    meeting and the open action items."""
    open_items = ActionItem.objects.filter(family=OuterRef("pk"), status=ActionStatus.OPEN)
    return with_meeting_columns(families).annotate(
        open_action_items=count_of(open_items), **NEXT_MEETING.annotations()
    )


def overview_summary(*, family, user) -> dict:
    """The meetings panel of the family overview, for a row annotated by with_meeting_panel.
    Queries: none."""
    return {
        "first_meeting": first_meeting_of(family),
        "upcoming": NEXT_MEETING.of(family),
        "open": family.open_action_items,
        "overdue": family.overdue_action_items or 0,
    }


def upcoming_for(user) -> dict:
    """Meetings to come in the families the user may see (a caseworker: their own; a
    supervisor: the unit's), and overdue action items. Queries: 2."""
    return {"meetings": list(upcoming_meetings(user)), "overdue_items": list(overdue_action_items(user))}


def upcoming_meetings(user) -> QuerySet:
    """Meetings to come in the families the user may see, soonest first. Queries: 1."""
    families = Family.objects.visible_to(user, granted=False)
    return (
        Meeting.objects.filter(
            family__in=families, status=MeetingStatus.SCHEDULED, scheduled_at__gte=timezone.now()
        )
        .select_related("family", "family__assigned_caseworker")
        .annotate(people=Count("participants"))
        .order_by("scheduled_at")
    )


def overdue_action_items(user) -> QuerySet:
    """Open action items past their day in the families the user may see, oldest first.
    Queries: 1."""
    families = Family.objects.visible_to(user, granted=False)
    return (
        ActionItem.objects.filter(
            family__in=families, status=ActionStatus.OPEN, due_on__lt=timezone.localdate()
        )
        .select_related("family", "family__assigned_caseworker", "meeting")
        .order_by("due_on", "id")
    )


def meeting_texts(family, meeting_id) -> list:
    """The meeting's action items, whose texts staff wrote, as its summary prints them
    (families.family_wording). Queries: 1."""
    return list(ActionItem.objects.filter(family=family, meeting_id=meeting_id).order_by("due_on", "id"))


def action_items_due(day):
    """The daily reminder (notifications.services.notify_due_tomorrow): the open action items
    of open families due on `day`, each for the family's caseworker, who follows them up.
    One query."""
    items = ActionItem.objects.filter(
        due_on=day, status=ActionStatus.OPEN, family__assigned_caseworker__isnull=False
    ).exclude(family__status=FamilyStatus.CLOSED)
    for item_id, meeting_id, family_id, public_id, worker_id in items.values_list(
        "pk", "meeting_id", "family_id", "family__public_id", "family__assigned_caseworker_id"
    ):
        yield Due(
            recipient_id=worker_id,
            family_id=family_id,
            kind=Kind.ACTION_ITEM_DUE,
            link=reverse("meetings:meeting", args=[public_id, meeting_id]),
            item=f"meetings.ActionItem:{item_id}",
        )
