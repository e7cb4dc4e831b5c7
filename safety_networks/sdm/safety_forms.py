"""The form of a scored safety assessment's draft: each threat answered yes or no for each
child, and for each threat present the interventions considered and in place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.forms import DATE
from families.plausible import HappenedDateField
from families.versioning import VersionedFormMixin

from ..models import SafetyAssessment, SafetyDecision
from .safety import intervention_field, threat_field

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
INTERVENTION_STATES = [
    ("", _("Not considered")),
    ("considered", _("Considered")),
    ("in_place", _("In place")),
]


class SafetyAnswersForm(VersionedFormMixin, forms.Form):
    assessed_on = HappenedDateField(label=_("Assessed on"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    override_decision = forms.ChoiceField(
        label=_("If you disagree with the tool: the decision you think is right"),
        choices=[("", _("No override")), *SafetyDecision.choices],
        required=False,
        help_text=_("An override needs a reason and the supervisor’s approval."),
    )
    override_reason = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, assessment: SafetyAssessment, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "assessed_on": assessment.assessed_on,
                "notes": assessment.notes,
                "override_decision": assessment.override_decision,
                "override_reason": assessment.override_reason,
            },
        )
        super().__init__(*args, version_of=assessment, **kwargs)
        self.assessment = assessment
        instrument = assessment.instrument
        for answer in assessment.threat_answers.all():
            name = threat_field(answer.child_id, answer.threat)
            self.fields[name] = forms.ChoiceField(
                label=answer.child.called,
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
                initial={True: "yes", False: "no"}.get(answer.present, ""),
            )
        chosen = {(a.threat, a.intervention): a for a in assessment.intervention_answers.all()}
        for threat in instrument.threats:
            for intervention in instrument.interventions:
                stored = chosen.get((threat["code"], intervention["code"]))
                state = (
                    "in_place"
                    if stored and stored.in_place
                    else "considered"
                    if stored and stored.considered
                    else ""
                )
                self.fields[intervention_field(threat["code"], intervention["code"])] = forms.ChoiceField(
                    label=instrument.wording(intervention),
                    choices=INTERVENTION_STATES,
                    required=False,
                    initial=state,
                )

    def threats(self) -> dict:
        """{(child id, threat): True, False or None} as the service takes it."""
        return {
            (a.child_id, a.threat): {"yes": True, "no": False}.get(
                self.cleaned_data.get(threat_field(a.child_id, a.threat))
            )
            for a in self.assessment.threat_answers.all()
        }

    def interventions(self) -> dict:
        """{(threat, intervention): state} for the interventions the page showed (those of a
        threat present): an intervention the page did not show keeps what it had."""
        shown = {name for name in self.data if name.startswith("intervention-")}
        return {
            (threat["code"], intervention["code"]): self.cleaned_data.get(name) or ""
            for threat in self.assessment.instrument.threats
            for intervention in self.assessment.instrument.interventions
            if (name := intervention_field(threat["code"], intervention["code"])) in shown
        }

    def assessment_fields(self) -> dict:
        return {
            "notes": self.cleaned_data["notes"],
            "assessed_on": self.cleaned_data["assessed_on"],
            "override_decision": self.cleaned_data["override_decision"],
            "override_reason": self.cleaned_data["override_reason"],
        }
