"""Reads of notifications: the page, and the bell's count."""

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from families.models import Family

from .models import Notification
from .wording import sentence


def with_unread_count(users: QuerySet) -> QuerySet:
    """Users with `unread_notifications`, the bell's count, read in the same query as the
    user (a subquery over the partial index of unread notifications): the bell costs a page
    no query of its own (notifications.backends)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at=None)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return users.annotate(
        unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    )


def unread_count(user) -> int:
    """The bell's count for `user`: read with the user where it can be, else one query."""
    count = getattr(user, "unread_notifications", None)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at=None).count()
    return count


def notifications_for(user) -> QuerySet[Notification]:
    """`user`'s notifications, newest first, each with its family and actor and whether
    `user` may still see that family (`family_visible`), in one query per page."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("family", "actor")
        .annotate(family_visible=Exists(Family.objects.visible_to(user).filter(pk=OuterRef("family_id"))))
        .order_by("-created_at", "-id")
    )


def with_words(notifications) -> list[Notification]:
    """Each notification with its sentence (`text`) for its reader."""
    rows = list(notifications)
    for row in rows:
        row.text = sentence(row, visible=row.family_visible)
    return rows


def notification_of(user, public_id) -> Notification:
    """`user`'s own notification, or 404 (another person's is as if it did not exist)."""
    try:
        return Notification.objects.get(recipient=user, public_id=public_id)
    except Notification.DoesNotExist:
        raise Http404("No such notification.") from None
