"""Action items of meetings may be in the family's own words (families.family_wording).
Registered from MeetingsConfig.ready()."""

from django.utils.translation import gettext_lazy

from families.family_wording import WordingKind, register_wording_kind

from .models import ActionItem, MeetingStatus


def _items(family):
    return ActionItem.objects.filter(family=family).select_related("meeting")


def _of_meetings_not_cancelled(records):
    return records.exclude(meeting__status=MeetingStatus.CANCELLED).order_by(
        "-meeting__scheduled_at", "due_on", "id"
    )


def _meeting_of(item) -> str:
    return str(item.meeting)


def register() -> None:
    register_wording_kind(
        WordingKind(
            "action-item",
            gettext_lazy("Action items of meetings"),
            ActionItem,
            _items,
            _of_meetings_not_cancelled,
            about=_meeting_of,
            order=60,
        )
    )
