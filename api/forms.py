from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from .models import TokenAccess
from .services import MAX_DAYS

DAYS_CHOICES = [(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (MAX_DAYS, _("1 year"))]


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “Phone app”.")
    )
    access = forms.ChoiceField(label=_("Access"), choices=TokenAccess.choices, initial=TokenAccess.READ)
    days = forms.TypedChoiceField(label=_("Expires after"), choices=DAYS_CHOICES, coerce=int, initial=90)


class ServiceAccountForm(PersonalTokenForm):
    description = forms.CharField(label=_("What it is for"), max_length=300, required=False)
    agency_wide = forms.BooleanField(label=_("Every family of the agency"), required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Or the families of these units"),
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["name", "description", "agency_wide", "units", "access", "days"]


class RevokeForm(forms.Form):
    token = forms.IntegerField(widget=forms.HiddenInput)
