from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.forms import DATE, DATETIME
from families.models import Family
from families.plausible import PlannedDateField, PlannedDateTimeField
from families.versioning import VersionedFormMixin
from safety_networks.forms import children_old_enough
from safety_networks.models import NetworkMember

from .models import ActionItem, Meeting

TEXT = forms.Textarea(attrs={"rows": 3})


class ScheduleForm(forms.ModelForm):
    # A link typed without a scheme is taken as https (as Django 6 will do).
    video_link = forms.URLField(required=False, assume_scheme="https", label=_("Video link"))
    caregivers = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Caregivers")
    )
    children = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Children (12 and older)"),
    )
    network_members = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("From the safety network")
    )
    professionals = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Professionals"),
        help_text=_("One a line: name, agency, role. e.g. “Dr. Ruth Mensah, County Health, therapist”."),
    )

    class Meta:
        model = Meeting
        fields = (
            "meeting_type",
            "scheduled_at",
            "place",
            "video_link",
            "facilitator",
            "purpose",
            "desired_outcome",
        )
        widgets = {"scheduled_at": DATETIME, "purpose": TEXT, "desired_outcome": TEXT}
        labels = {
            "place": _("Place"),
            "facilitator": _("Facilitator"),
            "purpose": _("Purpose"),
            "desired_outcome": _("Desired outcome"),
        }
        field_classes = {"scheduled_at": PlannedDateTimeField}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregivers"].queryset = family.caregivers.filter(left_household_on__isnull=True)
        self.fields["children"].queryset = children_old_enough(family)
        self.fields["network_members"].queryset = NetworkMember.objects.filter(
            family=family, left_on__isnull=True
        )
        for name in ("caregivers", "children"):
            self.fields[name].label_from_instance = lambda person: person.full_name

    def clean_scheduled_at(self):
        when = self.cleaned_data["scheduled_at"]
        if when < timezone.now():
            raise forms.ValidationError(
                gettext(
                    "A meeting can't be scheduled in the past. To record one that was held, use "
                    "“Record a meeting that was held” on the family’s meetings page."
                )
            )
        return when

    def clean_professionals(self):
        people = []
        for number, line in enumerate(self.cleaned_data["professionals"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            if not parts[0]:
                raise forms.ValidationError(
                    gettext("Line %(number)s: a name is needed first.") % {"number": number}
                )
            people.append(
                {"name": parts[0], "agency": parts[1] if len(parts) > 1 else "", "role": ", ".join(parts[2:])}
            )
        return people

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


STAGES = ("group_agreements", "worries", "working_well", "needs_to_happen", "decisions")
STAGE_LABELS = {"group_agreements": _("Group agreements"), "decisions": _("Decisions")}


class HeldMeetingForm(ScheduleForm):
    """A meeting that was held without being scheduled here first: when, who took part, and
    what was said and decided."""

    class Meta(ScheduleForm.Meta):
        fields = ScheduleForm.Meta.fields + STAGES
        widgets = {**ScheduleForm.Meta.widgets, **{name: TEXT for name in STAGES}}
        labels = {**ScheduleForm.Meta.labels, **STAGE_LABELS, "scheduled_at": _("When it was held")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (
            ("caregivers", _("Caregivers who took part")),
            ("children", _("Children who took part (12 and older)")),
            ("network_members", _("Network members who took part")),
        ):
            self.fields[name].label = label
        self.fields["professionals"].label = _("Professionals who took part")
        self.fields["scheduled_at"].help_text = _("The day and time the meeting began.")

    def clean_scheduled_at(self):
        when = self.cleaned_data["scheduled_at"]
        if when > timezone.now():
            raise forms.ValidationError(
                gettext("This is still to come: schedule the meeting, and record it once it is held.")
            )
        return when


class RecordForm(VersionedFormMixin, forms.ModelForm):
    """Attendance (one tick per participant) and the stages."""

    class Meta:
        model = Meeting
        fields = STAGES
        widgets = {name: TEXT for name in fields}
        labels = STAGE_LABELS

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            self.fields[f"attended_{participant.pk}"] = forms.BooleanField(
                label=gettext("%(name)s (%(kind)s) attended")
                % {"name": participant.name, "kind": participant.get_kind_display().lower()},
                required=False,
                initial=participant.attended if participant.attended is not None else True,
            )
        self.order_fields([f"attended_{p.pk}" for p in self.participants] + list(self._meta.fields))

    def attended(self) -> dict[int, bool]:
        return {p.pk: self.cleaned_data[f"attended_{p.pk}"] for p in self.participants}

    def stages(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the meeting cancelled?"), widget=TEXT)


class MeetingScalingForm(forms.Form):
    participant = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("The caseworker (me)"), label=_("Participant")
    )
    score = forms.IntegerField(label=_("Number (0 to 10)"), min_value=0, max_value=10)
    note = forms.CharField(required=False, label=_("Note"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = meeting.participants.all()


class ActionItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ("what", "who", "due_on", "status")
        widgets = {"what": TEXT, "due_on": DATE}
        labels = {"what": _("What"), "who": _("Who"), "status": _("Status")}
        help_texts = {"who": _("A person, by name: a caregiver, a network member, the worker, a provider.")}
        field_classes = {"due_on": PlannedDateField}
