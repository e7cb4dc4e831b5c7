from django import forms
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from families.forms import DATE
from families.models import Family
from families.plausible import HappenedDateField, PlannedDateField
from families.versioning import VersionedFormMixin

from .models import Consultation, ConsultationAction

TEXT = forms.Textarea(attrs={"rows": 3})


class ConsultationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = (
            "held_on",
            "worried_about",
            "working_well",
            "needs_to_happen",
            "staff_present",
            "others_present",
        )
        widgets = {
            "held_on": DATE,
            "worried_about": TEXT,
            "working_well": TEXT,
            "needs_to_happen": TEXT,
            "staff_present": forms.CheckboxSelectMultiple,
        }
        field_classes = {"held_on": HappenedDateField}

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_present"].queryset = staff


class AgreedActionForm(forms.ModelForm):
    """One agreed action: alone (adding one to a consultation) every field is required. As a
    row of a new consultation's actions it may be left blank and is then ignored, so no field
    is marked required there; a row begun needs all three, and says which is missing."""

    MISSING = {
        "what": _("Say what was agreed."),
        "owner": _("Say who will do it."),
        "due_on": _("Say by when."),
    }

    class Meta:
        model = ConsultationAction
        fields = ("what", "owner", "due_on")
        widgets = {"what": forms.TextInput, "due_on": DATE}
        labels = {"what": _("Agreed action"), "owner": _("Who")}
        field_classes = {"due_on": PlannedDateField}

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
        for name, field in self.fields.items():
            field.error_messages["required"] = self.MISSING[name]
            field.required = not self.empty_permitted  # a formset's extra row may stay blank

    def clean(self):
        data = super().clean()
        if self.empty_permitted and any(data.get(name) for name in self.MISSING):
            for name, message in self.MISSING.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class BaseAgreedActions(forms.BaseFormSet):
    def agreed(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.has_changed() and f.cleaned_data]


AgreedActions = forms.formset_factory(AgreedActionForm, formset=BaseAgreedActions, extra=3, max_num=20)


class ReassignFamiliesForm(forms.Form):
    families = forms.ModelMultipleChoiceField(
        queryset=Family.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Families"),
        error_messages={"required": _("Choose at least one family.")},
    )
    caseworker = forms.ModelChoiceField(queryset=User.objects.none(), label=_("New caseworker"))
    reason = forms.CharField(widget=TEXT, label=_("Why"))

    def __init__(self, *args, families, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = families
        self.fields["caseworker"].queryset = caseworkers
        self.fields["caseworker"].label_from_instance = lambda worker: (
            ngettext(
                "%(worker)s (%(count)s family now)", "%(worker)s (%(count)s families now)", worker.caseload
            )
            % {"worker": worker, "count": worker.caseload}
        )
        self.fields["families"].label_from_instance = lambda f: (
            gettext_now("%(family)s (%(case_number)s), %(caseworker)s")
            % {
                "family": f.display_name,
                "case_number": f.case_number,
                "caseworker": f.assigned_caseworker or gettext_now("no caseworker"),
            }
        )
