"""Pages of a family's Family Team Meetings, reached through the access rule."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from audit.exports import CHUNK, Column, export_response
from documents.selectors import files_belonging_to
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form
from families.selectors import document_wording
from sop_casework.replica import reads_replica

from . import selectors, services
from .forms import (
    ActionItemForm,
    CancelForm,
    HeldMeetingForm,
    MeetingScalingForm,
    RecordForm,
    ScheduleForm,
)
from .models import ActionItem, Meeting, MeetingStatus

FORM_PAGE = "families/form_page.html"


def _meeting(family, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.filter(family=family), pk=pk)


def _to_meeting(family, meeting):
    return redirect("meetings:meeting", family.public_id, meeting.pk)


@family_view
def meeting_list(request, family):
    return render(
        request,
        "meetings/list.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family),
            "today": timezone.localdate(),
            **selectors.family_meetings(family),
        },
    )


def _new_meeting_page(request, family, *, form_class, save, done: str, title: str):
    """Schedule a meeting, or record one that was held: when, who, and (held) what was said."""
    form = form_class(request.POST or None, family=family)
    if request.method == "POST":
        meeting = save_form(
            form,
            lambda: save(
                family=family,
                by=request.user,
                caregivers=form.cleaned_data["caregivers"],
                children=form.cleaned_data["children"],
                network_members=form.cleaned_data["network_members"],
                professionals=form.cleaned_data["professionals"],
                **form.meeting_fields(),
            ),
        )
        if meeting:
            messages.success(request, done)
            return _to_meeting(family, meeting)
    return render(request, FORM_PAGE, {"form": form, "family": family, "title": title})


@family_edit_view
def meeting_schedule(request, family):
    return _new_meeting_page(
        request,
        family,
        form_class=ScheduleForm,
        save=services.meeting_schedule,
        done=_("The meeting is scheduled."),
        title=_("Schedule a Family Team Meeting"),
    )


@family_edit_view
def meeting_record_held(request, family):
    return _new_meeting_page(
        request,
        family,
        form_class=HeldMeetingForm,
        save=services.meeting_record_held,
        done=_("The meeting is recorded as held."),
        title=_("Record a Family Team Meeting that was held"),
    )


def _not_recordable_yet(meeting) -> str:
    """Why a meeting can't be recorded now, known before any form is shown ("" when it can)."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting was cancelled: record the meeting that was held instead.")
    if meeting.scheduled_at > timezone.now():
        return _("The meeting is still to come: it can be recorded once it has begun, from %(when)s.") % {
            "when": date_format(timezone.localtime(meeting.scheduled_at), "j F Y, H:i")
        }
    return ""


@family_view
def meeting_page(request, family, pk):
    meeting = selectors.meeting_detail(_meeting(family, pk))
    editable = can_change_record(request.user, family)
    return render(
        request,
        "meetings/meeting.html",
        {
            "family": family,
            "meeting": meeting,
            "editable": editable,
            "not_recordable_yet": _not_recordable_yet(meeting),
            "files": files_belonging_to(
                family=family, user=request.user, kind="meeting", record_id=meeting.pk
            ),
        },
    )


@family_edit_view
def meeting_record(request, family, pk):
    meeting = _meeting(family, pk)
    why_not = _not_recordable_yet(meeting)
    if why_not:
        messages.info(request, why_not)
        return _to_meeting(family, meeting)
    participants = list(meeting.participants.all())
    form = RecordForm(request.POST or None, instance=meeting, participants=participants)
    if request.method == "POST" and save_form(
        form,
        lambda: services.meeting_record(
            meeting=meeting,
            by=request.user,
            expected_version=form.loaded_version(),
            attended=form.attended(),
            **form.stages(),
        ),
    ):
        messages.success(request, _("The meeting is recorded as held."))
        return _to_meeting(family, meeting)
    return render(
        request,
        FORM_PAGE,
        {"form": form, "family": family, "title": _("Record the %(meeting)s") % {"meeting": meeting}},
    )


@family_edit_view
def meeting_cancel(request, family, pk):
    meeting = _meeting(family, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: services.meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]),
    ):
        messages.success(request, _("The meeting is cancelled; it stays on the record with the reason."))
        return redirect("meetings:list", family.public_id)
    return render(
        request,
        FORM_PAGE,
        {"form": form, "family": family, "title": _("Cancel the %(meeting)s") % {"meeting": meeting}},
    )


@family_edit_view
def meeting_scaling(request, family, pk):
    meeting = _meeting(family, pk)
    why_not = _not_recordable_yet(meeting)
    if why_not:  # a scaling number is given at the meeting
        messages.info(request, why_not)
        return _to_meeting(family, meeting)
    form = MeetingScalingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and save_form(
        form, lambda: services.meeting_scaling_record(meeting=meeting, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The scaling number is recorded for the family."))
        return _to_meeting(family, meeting)
    return render(request, FORM_PAGE, {"form": form, "family": family, "title": _("Scaling at the meeting")})


@family_edit_view
def action_item_add(request, family, pk):
    return _action_page(request, family, _meeting(family, pk), None)


@family_edit_view
def action_item_edit(request, family, pk, item_pk):
    meeting = _meeting(family, pk)
    return _action_page(
        request, family, meeting, get_object_or_404(ActionItem.objects.filter(meeting=meeting), pk=item_pk)
    )


def _action_page(request, family, meeting, item):
    form = ActionItemForm(request.POST or None, instance=item)
    if request.method == "POST" and save_form(
        form,
        lambda: services.action_item_save(
            meeting=meeting,
            by=request.user,
            existing=item,
            expected_version=form.loaded_version(),
            **form.edited(),
        ),
    ):
        messages.success(request, _("The action item is saved."))
        return _to_meeting(family, meeting)
    return render(
        request, FORM_PAGE, {"form": form, "family": family, "title": _("Action item: who does what by when")}
    )


@family_edit_view
@require_POST
def meeting_carry_to_map(request, family, pk):
    meeting = _meeting(family, pk)
    try:
        added = services.meeting_carry_to_map(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_meeting(family, meeting)
    messages.success(
        request,
        ngettext("%(n)d line added to the map.", "%(n)d lines added to the map.", len(added))
        % {"n": len(added)},
    )
    return redirect("safety_networks:map", family.public_id)


@family_view
def meeting_summary(request, family, pk):
    """The plain-language summary for the family: what we talked about, what we decided, who
    does what by when. Printable."""
    meeting = selectors.meeting_detail(_meeting(family, pk))
    pdf_texts = document_wording(
        family, lambda: selectors.meeting_texts(family, meeting.pk), request.GET.get("language")
    )
    return render(
        request, "meetings/summary.html", {"family": family, "meeting": meeting, "pdf_texts": pdf_texts}
    )


def my_meetings(request):
    """The caseworker's upcoming meetings (and the unit's, for a supervisor)."""
    return render(request, "meetings/upcoming.html", selectors.upcoming_for(request.user))


@reads_replica
def upcoming_export(request, fmt: str):
    """The meetings to come that the page lists (the unit's, for a supervisor), as CSV or Excel."""
    return export_response(
        request=request,
        fmt=fmt,
        name="meetings",
        columns=MEETING_COLUMNS,
        rows=selectors.upcoming_meetings(request.user).iterator(chunk_size=CHUNK),
    )


@reads_replica
def overdue_export(request, fmt: str):
    """The overdue action items that the page lists (the unit's, for a supervisor)."""
    return export_response(
        request=request,
        fmt=fmt,
        name="action-items-overdue",
        columns=ACTION_ITEM_COLUMNS,
        rows=selectors.overdue_action_items(request.user).iterator(chunk_size=CHUNK),
    )


FAMILY_COLUMNS = [
    Column(gettext_lazy("Family"), lambda record: record.family.display_name),
    Column(gettext_lazy("Case number"), lambda record: record.family.case_number),
    Column(gettext_lazy("Caseworker"), lambda record: str(record.family.assigned_caseworker or "")),
]
MEETING_COLUMNS = [
    Column(gettext_lazy("When"), lambda meeting: meeting.scheduled_at),
    *FAMILY_COLUMNS,
    Column(gettext_lazy("Type"), lambda meeting: meeting.get_meeting_type_display()),
    Column(gettext_lazy("Where"), lambda meeting: meeting.place),
    Column(gettext_lazy("Invited"), lambda meeting: meeting.people),
]
ACTION_ITEM_COLUMNS = [
    Column(gettext_lazy("Due on"), lambda item: item.due_on),
    *FAMILY_COLUMNS,
    Column(gettext_lazy("Who"), lambda item: item.who),
    Column(gettext_lazy("What"), lambda item: item.what),
    Column(gettext_lazy("Meeting"), lambda item: item.meeting.scheduled_at),
]
