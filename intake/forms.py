"""Forms of intake: they validate and convert; intake.services saves."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from families.forms import DATE, DATETIME
from families.models import Family, ResponsePriority
from families.plausible import HappenedDateField, HappenedDateTimeField
from families.versioning import VersionedFormMixin

from .models import Allegation, Finding, Referral, ScreeningDecision
from .services import Outcome

TEXT = forms.Textarea(attrs={"rows": 3})


class ReferralForm(forms.ModelForm):
    """A new referral: when and how it came, who reported (confidential) and what."""

    reporter_name = forms.CharField(
        label=_("Reporter's name"),
        required=False,
        max_length=200,
        help_text=_("Confidential: never shown to the family, nor in any document made for it."),
    )
    reporter_contact = forms.CharField(
        label=_("How to reach the reporter"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Referral
        fields = (
            "received_at",
            "channel",
            "reporter_type",
            "reporter_mandated",
            "reporter_name",
            "reporter_contact",
            "what_was_reported",
        )
        widgets = {"received_at": DATETIME, "what_was_reported": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"received_at": HappenedDateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class NewFamilyFromReferralForm(forms.Form):
    """The family a referral opens: its name, where it lives, its language; for a supervisor,
    which caseworker takes it."""

    display_name = forms.CharField(
        label=_("Family name"), max_length=200, help_text=Family._meta.get_field("display_name").help_text
    )
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    primary_language = forms.CharField(label=_("Primary language"), max_length=60, initial="English")
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    assigned_caseworker = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Caseworker"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.CASEWORKER:
            del self.fields["assigned_caseworker"]  # a caseworker's new family is their own
        else:
            workers = User.objects.filter(role=Role.CASEWORKER, is_active=True)
            if user.role == Role.SUPERVISOR:
                workers = workers.filter(unit_id=user.unit_id)
            self.fields["assigned_caseworker"].queryset = workers.order_by("last_name", "first_name")


class AllegationForm(forms.ModelForm):
    """One allegation. As a row of a new referral it may stay blank and is then ignored; a
    row begun needs the child and the type, and says which is missing."""

    MISSING = {"child": _("Choose the child."), "kind": _("Choose the type of allegation.")}

    class Meta:
        model = Allegation
        fields = ("child", "kind", "alleged_caregiver", "alleged_other", "what_was_reported")
        widgets = {"what_was_reported": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = family.children.filter(left_household_on__isnull=True)
        self.fields["alleged_caregiver"].queryset = family.caregivers.all()
        self.fields["alleged_caregiver"].label_from_instance = lambda c: c.full_name
        self.fields["child"].label_from_instance = lambda c: c.full_name
        for name, message in self.MISSING.items():
            self.fields[name].error_messages["required"] = message
            self.fields[name].required = not self.empty_permitted

    def clean(self):
        data = super().clean()
        if self.empty_permitted and not self.has_changed():
            return data
        if self.empty_permitted:
            for name, message in self.MISSING.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        caregiver, other = data.get("alleged_caregiver"), (data.get("alleged_other") or "").strip()
        if caregiver and other:
            self.add_error(
                "alleged_other", _("Choose a caregiver or name someone outside the household, not both.")
            )
        elif not caregiver and not other and "alleged_caregiver" not in self.errors:
            self.add_error(
                "alleged_caregiver", _("Choose a caregiver, or name someone outside the household.")
            )
        return data

    def _post_clean(self):
        pass  # the service validates the allegation, with its referral


class BaseAllegations(forms.BaseFormSet):
    def alleged(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.has_changed() and f.cleaned_data]


Allegations = forms.formset_factory(AllegationForm, formset=BaseAllegations, extra=3, max_num=20)


class ScreeningForm(VersionedFormMixin, forms.Form):
    """The supervisor's screening decision on a referral (`version_of` it)."""

    screening = forms.ChoiceField(
        label=_("Decision"), choices=ScreeningDecision.choices, widget=forms.RadioSelect
    )
    screened_on = HappenedDateField(label=_("Screened on"), widget=DATE, initial=timezone.localdate)
    response_time = forms.ChoiceField(
        label=_("Response time (screened in)"),
        choices=[("", "—"), *ResponsePriority.choices],
        required=False,
        help_text=_("The first contact is due within this time of the referral."),
    )
    screen_out_reason = forms.CharField(label=_("Why it is screened out"), required=False, widget=TEXT)
    community_services = forms.BooleanField(label=_("Referred to community services"), required=False)
    community_services_to = forms.CharField(
        label=_("Referred to"),
        required=False,
        max_length=200,
        help_text=_("For example: the family resource centre, a parenting class."),
    )


class FindingsForm(VersionedFormMixin, forms.Form):
    """One finding per allegation of the referral (`version_of` it), the date, and what
    happens to the family next."""

    findings_on = HappenedDateField(label=_("Date of the findings"), widget=DATE, initial=timezone.localdate)
    outcome = forms.ChoiceField(
        label=_("Then the family"),
        choices=[
            (Outcome.OPEN, _("Opens for ongoing services")),
            (Outcome.CLOSE, _("Closes (the supervisor approves)")),
            (Outcome.LATER, _("Stays as it is: decide later")),
        ],
        widget=forms.RadioSelect,
        initial=Outcome.LATER,
    )

    def __init__(self, *args, allegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.allegations = list(allegations)
        fields = {}
        for allegation in self.allegations:
            fields[f"finding_{allegation.pk}"] = forms.ChoiceField(
                label=_("%(kind)s: %(child)s, by %(person)s")
                % {
                    "kind": allegation.get_kind_display(),
                    "child": allegation.child.full_name,
                    "person": allegation.alleged_person,
                },
                choices=[("", "—"), *Finding.choices],
                initial=allegation.finding,
                required=False,
            )
        self.fields = {**fields, **self.fields}

    def findings(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"finding_{a.pk}") or "" for a in self.allegations}
