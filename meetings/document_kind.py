"""How a meeting's summary is printed: the kind "meeting_summary" of documents' pipeline
(documents.kinds), registered in MeetingsConfig.ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.kinds import DocumentSpec
from safety_networks.statements import names_joined

from .models import Meeting
from .selectors import meeting_detail, meeting_texts


def _meeting_summary(family, source_id) -> dict:
    """The meeting, and who signs it: those who came once it is recorded as held; before
    that, everyone invited (the sheet is signed at the meeting)."""
    meeting = meeting_detail(Meeting.objects.get(family=family, pk=source_id))
    held = meeting.status == "held"
    participants = list(meeting.participants.all())
    present = [p for p in participants if p.attended] if held else participants
    return {
        "meeting": meeting,
        "draft": not held,
        "present": present,
        "who_came": names_joined([p.name for p in present]) if held else "",
    }


MEETING_SUMMARY = DocumentSpec(
    key="meeting_summary",
    label=gettext_lazy("Meeting summary"),
    template="pdf/meeting_summary.html",
    context=_meeting_summary,
    title=lambda c: _("Summary of the %(meeting)s") % {"meeting": c["meeting"]},
    texts=meeting_texts,
)
