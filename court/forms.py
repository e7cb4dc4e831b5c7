from django import forms
from django.utils.translation import gettext_lazy as _

from families.forms import DATE
from families.models import Child
from families.plausible import HappenedDateField, PlannedDateField
from families.versioning import VersionedFormMixin

from .models import CourtOrder, CourtReport, Hearing


class HearingForm(VersionedFormMixin, forms.ModelForm):
    """Enters a hearing (no instance) or changes one."""

    children = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Children it is about")
    )

    class Meta:
        model = Hearing
        fields = ("kind", "kind_other", "hearing_on", "children", "outcome")
        widgets = {"hearing_on": DATE, "outcome": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"hearing_on": PlannedDateField}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = family.children.order_by("date_of_birth", "id")
        self.fields["children"].label_from_instance = lambda c: c.full_name

    def hearing_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "kind_other", "hearing_on", "children", "outcome")
        }


class HearingWithdrawForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why it is withdrawn"), widget=forms.Textarea(attrs={"rows": 2}))


class OrderForm(forms.ModelForm):
    class Meta:
        model = CourtOrder
        fields = ("kind", "text", "children")
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "children": forms.CheckboxSelectMultiple}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Child.objects.filter(family=family)


class OrderEndForm(VersionedFormMixin, forms.Form):
    ended_on = HappenedDateField(label=_("The court ended it on"))


class NarrativeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CourtReport
        fields = ("summary", "assessment", "recommendation")
        widgets = {
            name: forms.Textarea(attrs={"rows": 5}) for name in ("summary", "assessment", "recommendation")
        }
