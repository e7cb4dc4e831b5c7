"""Family Team Meetings (with who took part) and their action items on the family's Changes
page and on each one's own (families/history.py). The fields shown are the models' own;
only how a record is named is said here."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from families.extensions import HistorySource, record_kind

from .models import ActionItem, Meeting, Participant


def _meeting(row, names) -> str:
    return gettext("%(type)s Family Team Meeting of %(date)s") % {
        "type": row.get_meeting_type_display(),
        "date": date_format(timezone.localtime(row.scheduled_at), "j M Y"),
    }


def _participant(row, names) -> str:
    return gettext("Taking part in the meeting: %(name)s") % {"name": row.name}


def _action(row, names) -> str:
    return gettext("Action item: %(what)s") % {"what": Truncator(row.what).chars(50)}


SOURCES = [
    HistorySource(Meeting, label=_meeting),
    HistorySource(
        Participant,
        lambda family: Participant.history.filter(meeting__family_id=family.pk),
        _participant,
        kind=record_kind(Meeting),
        record_field="meeting_id",
    ),
    HistorySource(ActionItem, label=_action),
]
