"""Forms of the SDM reunification reassessment: starting one for a child in care, answering
the draft, asking for an override of its recommendation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.plausible import HappenedDateField
from families.versioning import VersionedFormMixin

from .models import SafetyDecision
from .reunification_models import Recommendation, ReunificationReassessment
from .reunification_services import FAMILY_TIME, GOAL, SAFETY
from .sdm.reunification import text

DATE = forms.DateInput(attrs={"type": "date"})


class ReunificationStartForm(forms.Form):
    child = forms.ModelChoiceField(label=_("Child in care"), queryset=None, empty_label=None)
    assessed_on = HappenedDateField(label=_("Assessed on"), widget=DATE)

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].label_from_instance = lambda child: child.full_name


class ReunificationDraftForm(VersionedFormMixin, forms.Form):
    """Progress on each goal (`goal_<key>`), each family-time item (`ft_<code>`), the safety
    question when no safety assessment answers it; none chosen: not answered yet."""

    assessed_on = HappenedDateField(label=_("Assessed on"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, reassessment: ReunificationReassessment, ask_safety: bool, **kwargs):
        definition = reassessment.instrument.definition
        initial = {
            "assessed_on": reassessment.assessed_on,
            "notes": reassessment.notes,
            SAFETY: reassessment.safety_answer,
        }
        initial |= {GOAL + key: value for key, value in reassessment.goal_ratings.items()}
        initial |= {FAMILY_TIME + code: value for code, value in reassessment.family_time_ratings.items()}
        super().__init__(*args, version_of=reassessment, initial=initial, **kwargs)
        progress = [(p["code"], text(p["label"])) for p in definition["progress_scale"]]
        for goal in reassessment.goals:
            self.fields[GOAL + goal["key"]] = forms.ChoiceField(
                label=goal["wording"], choices=progress, required=False, widget=forms.RadioSelect
            )
        quality = [(p["code"], text(p["label"])) for p in definition["family_time_scale"]]
        for item in definition["family_time_items"]:
            self.fields[FAMILY_TIME + item["code"]] = forms.ChoiceField(
                label=text(item["wording"]), choices=quality, required=False, widget=forms.RadioSelect
            )
        if ask_safety:
            self.fields[SAFETY] = forms.ChoiceField(
                label=text(definition["safety_question"]["wording"]),
                choices=SafetyDecision.choices,
                required=False,
                widget=forms.RadioSelect,
            )
        self.goal_keys = [g["key"] for g in reassessment.goals]
        self.item_codes = [i["code"] for i in definition["family_time_items"]]

    def goal_ratings(self) -> dict[str, str]:
        return {key: self.cleaned_data[GOAL + key] for key in self.goal_keys}

    def family_time(self) -> dict[str, str]:
        return {code: self.cleaned_data[FAMILY_TIME + code] for code in self.item_codes}

    def safety_answer(self) -> str:
        return self.cleaned_data.get(SAFETY, "")


class ReunificationOverrideForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReunificationReassessment
        fields = ("override_recommendation", "override_reason")
        labels = {"override_recommendation": _("Recommend instead"), "override_reason": _("Why")}
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"override_recommendation": _("The supervisor approves it before it is in force.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tool = self.instance.recommendation
        self.fields["override_recommendation"].required = True
        self.fields["override_recommendation"].choices = [
            (value, label) for value, label in Recommendation.choices if value != tool
        ]
        self.fields["override_reason"].required = True
        self.fields["override_reason"].error_messages["required"] = _(
            "Say why you disagree with the tool’s recommendation."
        )
