"""Forms of the scored SDM risk tools: starting one, answering a draft, asking for an override."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.plausible import HappenedDateField
from families.versioning import VersionedFormMixin

from .models import RiskAssessment, RiskLevel
from .risk_models import RiskAssessmentDraft
from .sdm import risk

DATE = forms.DateInput(attrs={"type": "date"})
PREFIX = "q_"


class RiskStartForm(forms.Form):
    assessed_on = HappenedDateField(label=_("Assessed on"), widget=DATE)


class RiskDraftForm(VersionedFormMixin, forms.Form):
    """Every question of the draft's tool as a choice (none chosen: not answered yet), with
    the date and notes. Field names are the question codes after PREFIX."""

    assessed_on = HappenedDateField(label=_("Assessed on"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, draft: RiskAssessmentDraft, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].update(
            {"assessed_on": draft.assessed_on, "notes": draft.notes}
            | {PREFIX + code: answer for code, answer in draft.answers.items()}
        )
        super().__init__(*args, version_of=draft, **kwargs)
        definition = draft.instrument.definition
        for item in definition["items"]:
            self.fields[PREFIX + item["code"]] = forms.ChoiceField(
                label=risk.shown(item, "wording"),
                choices=[(a["code"], risk.shown(a, "label")) for a in item["answers"]],
                required=False,
                widget=forms.RadioSelect,
            )
        for override in definition.get("policy_overrides", []):
            self.fields[PREFIX + override["code"]] = forms.ChoiceField(
                label=risk.shown(override, "wording"),
                choices=[(risk.NO, _("No")), (risk.YES, _("Yes"))],
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix(PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX)
        }

    def question(self, code: str):
        return self[PREFIX + code]


class RiskOverrideForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = ("override_level", "override_reason")
        labels = {"override_level": _("Override to"), "override_reason": _("Override reason")}
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "override_level": _("One level up or down; the supervisor approves it before it is in force.")
        }

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["override_level"].required = True
        self.fields["override_level"].choices = [(level, RiskLevel(level).label) for level in allowed]
        self.fields["override_reason"].required = True
        self.fields["override_reason"].error_messages["required"] = _("Say why the level is overridden.")
