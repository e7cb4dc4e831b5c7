from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from families.forms import DATE, DATETIME
from families.models import Family
from families.plausible import PlannedDateField, PlannedDateTimeField
from families.versioning import VersionedFormMixin

from .models import FamilyTimePlan, FamilyTimeVisit, Placement, ResourceFamily, Setting, VisitStatus

TEXT = forms.Textarea(attrs={"rows": 2})

PLACEMENT_FIELDS = (
    "setting",
    "started_on",
    "carer_name",
    "carer_relationship",
    "resource_family",
    "address",
    "reason",
    "relatives_considered",
    "relatives_not_considered_why",
    "icwa_reason_to_know",
    "tribe",
    "tribe_notified_on",
)


def court_order_note(kept: list) -> str:
    """What the address field says of the court's orders: whose address the court ordered kept
    from the parents, from which day (the order is the source; it is recorded on the hearing,
    not here), or where such an order is recorded."""
    if not kept:
        return _(
            "If the court orders an address kept from the parents, record the order on the hearing "
            "(Court): the address then never appears in anything made for the family."
        )
    return " ".join(
        _(
            "The court ordered the address of %(name)s kept from the parents from %(day)s: it never "
            "appears in anything made for the family."
        )
        % {"name": child.called, "day": date_format(child.court_kept_since)}
        for child in kept
    )


class _PlacementFields(forms.ModelForm):
    def __init__(self, *args, kept_from_parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource_family"].queryset = ResourceFamily.objects.filter(takes_children=True)
        self.fields["resource_family"].help_text = _("Only for a placement in a resource family.")
        self.fields["address"].help_text = court_order_note(list(kept_from_parents))

    def clean(self):
        # Said beside the field here, before the model's constraint would say it above the form.
        cleaned = super().clean()
        in_one = cleaned.get("setting") == Setting.RESOURCE_FAMILY
        if in_one and not cleaned.get("resource_family"):
            self.add_error("resource_family", _("Choose the resource family."))
        elif not in_one and cleaned.get("resource_family"):
            self.add_error("resource_family", _("A resource family is chosen only for a placement in one."))
        return cleaned

    def edited(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("version", "child")}


class PlacementForm(_PlacementFields):
    """Where a child lives from a day: a new placement, or a move from the current one."""

    child = forms.ModelChoiceField(queryset=None, label=_("Child"))

    class Meta:
        model = Placement
        fields = PLACEMENT_FIELDS
        widgets = {
            "started_on": DATE,
            "tribe_notified_on": DATE,
            "address": TEXT,
            "reason": TEXT,
            "relatives_not_considered_why": TEXT,
        }
        field_classes = {"started_on": PlannedDateField, "tribe_notified_on": PlannedDateField}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = family.children.filter(left_household_on__isnull=True)
        self.fields["child"].label_from_instance = lambda child: child.full_name
        self.order_fields(["child"])


class PlacementEditForm(VersionedFormMixin, _PlacementFields):
    """Correct a placement's record."""

    class Meta(PlacementForm.Meta):
        fields = (*PLACEMENT_FIELDS, "ended_on", "end_reason")
        widgets = {**PlacementForm.Meta.widgets, "ended_on": DATE, "end_reason": TEXT}
        field_classes = {**PlacementForm.Meta.field_classes, "ended_on": PlannedDateField}


class PlacementEndForm(VersionedFormMixin, forms.Form):
    ended_on = PlannedDateField(label=_("The child moved on"), widget=DATE)
    end_reason = forms.CharField(label=_("Why the placement ended"), widget=TEXT)


class ResourceFamilyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ResourceFamily
        fields = (
            "name",
            "licence",
            "capacity",
            "youngest_age",
            "oldest_age",
            "languages",
            "address",
            "phone",
            "takes_children",
        )
        widgets = {"address": TEXT}


class FamilyTimePlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyTimePlan
        fields = (
            "child",
            "with_whom",
            "with_kind",
            "times",
            "per",
            "supervised",
            "supervised_by",
            "place",
            "started_on",
            "ended_on",
        )
        widgets = {"started_on": DATE, "ended_on": DATE}
        field_classes = {"started_on": PlannedDateField, "ended_on": PlannedDateField}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = family.children.filter(left_household_on__isnull=True)
        self.fields["child"].label_from_instance = lambda child: child.full_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("supervised") and not (cleaned.get("supervised_by") or "").strip():
            self.add_error("supervised_by", _("Say who supervises the visits."))
        return cleaned


class _WhoCancelled(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == VisitStatus.CANCELLED and not cleaned.get("cancelled_by"):
            self.add_error("cancelled_by", _("Say who cancelled the visit."))
        return cleaned


class VisitAddForm(_WhoCancelled):
    """A visit to come, or one that already happened."""

    class Meta:
        model = FamilyTimeVisit
        fields = ("scheduled_at", "status", "cancelled_by", "notes")
        widgets = {"scheduled_at": DATETIME, "notes": TEXT}
        field_classes = {"scheduled_at": PlannedDateTimeField}


class VisitRecordForm(VersionedFormMixin, _WhoCancelled):
    """What happened at a scheduled visit."""

    class Meta:
        model = FamilyTimeVisit
        fields = ("status", "cancelled_by", "notes")
        widgets = {"notes": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in VisitStatus.choices if value != VisitStatus.SCHEDULED
        ]
