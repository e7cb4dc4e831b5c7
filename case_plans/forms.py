from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.forms import DATE
from families.plausible import PlannedDateField
from families.versioning import VersionedFormMixin
from meetings.models import ActionItem, ActionStatus
from protective_factors.models import WellBeingGoal
from safety_networks.models import SafetyGoal

from .models import CasePlan, CasePlanStep


def _factor_and_goal(factor: str, goal: str) -> str:
    """A well-being goal named with its factor, in the reader's language."""
    return gettext("%(factor)s: %(goal)s") % {"factor": factor, "goal": goal}


class CasePlanForm(VersionedFormMixin, forms.ModelForm):
    safety_goals = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Safety goals")
    )
    well_being_goals = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Well-being goals")
    )

    class Meta:
        model = CasePlan
        fields = ("services", "visit_frequency", "review_on")
        widgets = {"services": forms.Textarea(attrs={"rows": 3}), "review_on": DATE}
        field_classes = {"review_on": PlannedDateField}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safety_goals"].queryset = SafetyGoal.objects.filter(family=family, status="active")
        self.fields["safety_goals"].label_from_instance = lambda g: g.caregivers_will
        self.fields["well_being_goals"].queryset = WellBeingGoal.objects.filter(family=family).exclude(
            status="stopped"
        )
        self.fields["well_being_goals"].label_from_instance = lambda g: _factor_and_goal(
            g.factor.label, g.goal
        )
        if self.instance.pk:
            self.initial["safety_goals"] = list(self.instance.safety_goals.values_list("pk", flat=True))
            self.initial["well_being_goals"] = list(
                self.instance.well_being_goals.values_list("pk", flat=True)
            )


def _goal_choices(plan: CasePlan) -> list[tuple[str, str]]:
    return (
        [("", "—")]
        + [
            (f"safety-{g.pk}", gettext("Safety goal: %(goal)s") % {"goal": g.caregivers_will[:80]})
            for g in plan.safety_goals.all()
        ]
        + [
            (f"wellbeing-{g.pk}", _factor_and_goal(g.factor.label, g.goal[:80]))
            for g in plan.well_being_goals.select_related("factor")
        ]
    )


def _goal_of(value: str, plan: CasePlan):
    kind, _, pk = value.partition("-")
    if kind == "safety":
        return plan.safety_goals.filter(pk=pk).first()
    if kind == "wellbeing":
        return plan.well_being_goals.filter(pk=pk).first()
    return None


class StepForm(VersionedFormMixin, forms.ModelForm):
    """Adds a step (no instance) or changes one (its `instance`)."""

    goal = forms.ChoiceField(label=_("Which goal the step serves"))

    class Meta:
        model = CasePlanStep
        fields = ("what", "who", "by_when", "progress_shown_by")
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "by_when": DATE,
            "progress_shown_by": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"by_when": PlannedDateField}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["goal"].choices = _goal_choices(plan)
        progress = self.fields["progress_shown_by"]
        progress.required = True
        progress.error_messages["required"] = _("Say how progress will be shown: something someone can see.")
        step = self.instance
        if step.pk:
            self.initial["goal"] = (
                f"safety-{step.safety_goal_id}"
                if step.safety_goal_id
                else f"wellbeing-{step.well_being_goal_id}"
            )
        self.order_fields(["goal", "what", "who", "by_when", "progress_shown_by"])

    def step_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("what", "who", "by_when", "progress_shown_by")}

    def clean_goal(self):
        goal = _goal_of(self.cleaned_data["goal"], self.plan)
        if goal is None:
            raise forms.ValidationError(_("Choose one of the plan's goals."))
        return goal


class StepWithdrawForm(VersionedFormMixin, forms.Form):
    """Takes a step (`version_of` it) out of a draft plan; it is kept on the record."""

    reason = forms.CharField(
        label=_("Why it is taken out (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MoveGoalForm(VersionedFormMixin, forms.Form):
    """The ↑ and ↓ buttons beside a goal: they carry the plan's version (`version_of`)."""

    kind = forms.ChoiceField(choices=[("safety", "safety"), ("wellbeing", "wellbeing")])
    goal = forms.IntegerField()
    up = forms.TypedChoiceField(choices=[("1", "up"), ("0", "down")], coerce=lambda value: value == "1")


class PullForm(forms.Form):
    goal = forms.ChoiceField(label=_("Which goal these steps serve"))
    items = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Action items")
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["goal"].choices = _goal_choices(plan)
        self.fields["items"].queryset = ActionItem.objects.filter(
            family=plan.family, status=ActionStatus.OPEN
        )
        self.fields["items"].label_from_instance = lambda i: (
            gettext("%(who)s: %(what)s (by %(due_on)s)")
            % {
                "who": i.who,
                "what": i.what,
                "due_on": date_format(i.due_on, "d M Y"),
            }
        )

    def clean_goal(self):
        goal = _goal_of(self.cleaned_data["goal"], self.plan)
        if goal is None:
            raise forms.ValidationError(_("Choose one of the plan's goals."))
        return goal


SET_ASIDE = "set_aside"


class PlanNeedForm(VersionedFormMixin, forms.Form):
    """How the plan answers one need (or builds on one strength) of the family strengths and
    needs assessment: one of the plan's well-being goals or steps, or, for a need, set aside
    for this plan with the reason. Carries the version of the answer already saved
    (`version_of`), if any."""

    answer = forms.ChoiceField(label=_("Answered by"), widget=forms.RadioSelect)
    set_aside_reason = forms.CharField(
        label=_("Why it is set aside for this plan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only when the need is set aside, e.g. another service already works on it."),
    )

    def __init__(self, *args, plan, need, steps, well_being, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.need = plan, need
        self.goals = {f"wellbeing-{g.pk}": g for g in well_being}
        self.steps = {f"step-{s.pk}": s for s in steps}
        choices = [
            (
                key,
                gettext("Well-being goal: %(goal)s")
                % {"goal": _factor_and_goal(g.factor.label, g.goal[:80])},
            )
            for key, g in self.goals.items()
        ] + [
            (key, gettext("Step: %(step)s") % {"step": f"{s.who}: {s.what[:80]}"})
            for key, s in self.steps.items()
        ]
        if need.is_need:
            choices.append((SET_ASIDE, gettext("Set aside for this plan (say why below)")))
        else:
            del self.fields["set_aside_reason"]
            self.fields["answer"].label = _("Built on by")
        self.fields["answer"].choices = choices
        link = need.link
        if link is None:
            # not answered yet: 0, so an answer someone saves meanwhile is shown, not saved over
            self.fields["version"].initial = 0
        else:
            self.initial["answer"] = (
                f"wellbeing-{link.well_being_goal_id}"
                if link.well_being_goal_id
                else f"step-{link.step_id}"
                if link.step_id
                else SET_ASIDE
            )
            self.initial["set_aside_reason"] = link.set_aside_reason

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == SET_ASIDE and not cleaned.get("set_aside_reason", "").strip():
            self.add_error("set_aside_reason", _("Say why this need is set aside for this plan."))
        return cleaned

    def answer_fields(self) -> dict:
        key = self.cleaned_data["answer"]
        return {
            "answer": self.goals.get(key) or self.steps.get(key),
            "set_aside_reason": self.cleaned_data.get("set_aside_reason", "") if key == SET_ASIDE else "",
            "expected_version": self.loaded_version(),
        }
