"""Forms of the safety work. Choices of people are limited to the family's own; the services
check it again."""

from django import forms
from django.utils import timezone

from families.forms import DATE
from families.models import Caregiver, Child, Family
from families.versioning import VersionedFormMixin
from protective_factors.models import ProtectiveFactor

from .models import (
    DangerStatement,
    EntryKind,
    HarmStatement,
    MapEntry,
    NetworkMember,
    RiskAssessment,
    SafetyAssessment,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanRule,
    SafetyThreat,
    ScalingScore,
    ThreeHouses,
)

TEXT = forms.Textarea(attrs={"rows": 3})


def _current_children(family: Family):
    return Child.objects.filter(family=family, left_household_on__isnull=True)


def _current_caregivers(family: Family):
    return Caregiver.objects.filter(family=family, left_household_on__isnull=True)


def _called(person) -> str:
    return person.called


class MapEntryForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MapEntry
        fields = ("text", "noted_on")
        widgets = {"text": TEXT, "noted_on": DATE}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = EntryKind(kind).label


class HarmStatementForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = HarmStatement
        fields = (
            "what_happened",
            "happened_on",
            "child",
            "caregiver",
            "caregiver_action",
            "effect",
            "noted_on",
        )
        widgets = {
            "what_happened": TEXT,
            "caregiver_action": TEXT,
            "effect": TEXT,
            "happened_on": DATE,
            "noted_on": DATE,
        }

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _current_children(family)
        self.fields["child"].label_from_instance = _called
        self.fields["child"].label = "Which child was harmed"
        self.fields["caregiver"].queryset = _current_caregivers(family)
        self.fields["caregiver"].label_from_instance = _called
        self.fields["caregiver"].label = "Which caregiver’s action"


class DangerStatementForm(VersionedFormMixin, forms.ModelForm):
    prefix = "danger"

    class Meta:
        model = DangerStatement
        fields = ("who_is_worried", "caregiver_behaviour", "children", "what_could_happen", "noted_on")
        widgets = {
            "caregiver_behaviour": TEXT,
            "what_could_happen": TEXT,
            "children": forms.CheckboxSelectMultiple,
            "noted_on": DATE,
        }

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = _current_children(family)
        self.fields["children"].label_from_instance = _called

    def statement_fields(self) -> dict:
        return {k: v for k, v in self.edited().items() if k != "children"}


class SafetyGoalForm(VersionedFormMixin, forms.ModelForm):
    prefix = "goal"

    class Meta:
        model = SafetyGoal
        fields = (
            "caregivers_will",
            "child_will_experience",
            "agency_needs_to_see",
            "for_how_long",
            "protective_factors",
        )
        widgets = {
            "caregivers_will": TEXT,
            "child_will_experience": TEXT,
            "agency_needs_to_see": TEXT,
            "protective_factors": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "protective_factors": "Suggested from the goal’s words; tick the ones this goal builds."
        }

    def __init__(self, *args, suggested: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protective_factors"].queryset = ProtectiveFactor.objects.all()
        if not self.is_bound and not self.instance.pk and suggested:
            self.initial["protective_factors"] = list(
                ProtectiveFactor.objects.filter(code__in=suggested).values_list("pk", flat=True)
            )

    def goal_fields(self) -> dict:
        return {k: v for k, v in self.edited().items() if k != "protective_factors"}


class WithdrawForm(VersionedFormMixin, forms.Form):
    """Withdraws a map entry or a statement (`version_of` it)."""

    withdrawn_on = forms.DateField(label="Withdrawn on", widget=DATE, initial=timezone.localdate)
    withdrawn_reason = forms.CharField(label="Why", widget=TEXT)


class ScalingForm(forms.ModelForm):
    class Meta:
        model = ScalingScore
        fields = ("score", "given_by", "name", "scored_on", "occasion", "note")
        widgets = {"scored_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"score": "Number (0 to 10)"}
        help_texts = {
            "score": "0: the children cannot be safe in the parents’ care. "
            "10: enough safety to close the case."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget.attrs.update({"min": 0, "max": 10})


class NetworkMemberForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NetworkMember
        fields = (
            "name",
            "relationship",
            "kind",
            "circle",
            "phone",
            "email",
            "agreed_to",
            "knows_the_worries",
            "joined_on",
        )
        widgets = {"agreed_to": TEXT, "joined_on": DATE}


class MemberLeftForm(VersionedFormMixin, forms.Form):
    """Marks a network member (`version_of` them) as having left the network."""

    left_on = forms.DateField(label="Left the network on", widget=DATE, initial=timezone.localdate)


class SafetyPlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = (
            "warning_signs",
            "if_a_rule_is_broken",
            "backup_plan",
            "monitoring",
            "review_on",
            "caregivers_took_part",
            "children_took_part",
            "network_took_part",
        )
        widgets = {
            "warning_signs": TEXT,
            "if_a_rule_is_broken": TEXT,
            "backup_plan": TEXT,
            "monitoring": TEXT,
            "review_on": DATE,
            "caregivers_took_part": forms.CheckboxSelectMultiple,
            "children_took_part": forms.CheckboxSelectMultiple,
            "network_took_part": forms.CheckboxSelectMultiple,
        }
        labels = {
            "caregivers_took_part": "Caregivers who took part",
            "children_took_part": "Children who took part (12 and older)",
            "network_took_part": "Network members who took part",
        }

    PARTICIPANTS = ("caregivers_took_part", "children_took_part", "network_took_part")

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregivers_took_part"].queryset = _current_caregivers(family)
        self.fields["children_took_part"].queryset = _current_children(family)
        self.fields["network_took_part"].queryset = NetworkMember.objects.filter(
            family=family, left_on__isnull=True
        )
        for name in ("caregivers_took_part", "children_took_part"):
            self.fields[name].label_from_instance = _called

    def plan_fields(self) -> dict:
        return {k: v for k, v in self.edited().items() if k not in self.PARTICIPANTS}

    def participants(self) -> dict:
        return {name: list(self.cleaned_data[name]) for name in self.PARTICIPANTS}


class SafetyPlanRuleForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SafetyPlanRule
        fields = ("rule", "how_it_holds", "responsible")
        widgets = {"rule": TEXT, "how_it_holds": TEXT, "responsible": forms.CheckboxSelectMultiple}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = NetworkMember.objects.filter(
            family=family, left_on__isnull=True
        )
        self.fields[
            "responsible"
        ].help_text = "Add people to the safety network first if they are not listed."

    def rule_fields(self) -> dict:
        return {k: v for k, v in self.edited().items() if k != "responsible"}


class SafetyAssessmentForm(forms.ModelForm):
    class Meta:
        model = SafetyAssessment
        fields = ("assessed_on", "threats", "decision", "placement_made", "notes")
        widgets = {"assessed_on": DATE, "threats": forms.CheckboxSelectMultiple, "notes": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threats"].queryset = SafetyThreat.objects.all()
        self.fields["decision"].widget = forms.RadioSelect(choices=self.fields["decision"].choices[1:])

    def assessment_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "threats"}


class RiskAssessmentForm(forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = ("assessed_on", "scored_level", "override_level", "override_reason", "notes")
        widgets = {"assessed_on": DATE, "override_reason": TEXT, "notes": TEXT}
        labels = {"override_level": "Override to (optional)"}
        help_texts = {
            "override_level": "An override up or down needs a reason and the supervisor’s approval."
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("override_level") and not (cleaned.get("override_reason") or "").strip():
            self.add_error("override_reason", "Say why the level is overridden.")
        return cleaned


class ThreeHousesForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ThreeHouses
        fields = (
            "child",
            "recorded_on",
            "house_of_worries",
            "house_of_good_things",
            "house_of_hopes_and_dreams",
            "sat_with",
        )
        widgets = {
            "recorded_on": DATE,
            "house_of_worries": TEXT,
            "house_of_good_things": TEXT,
            "house_of_hopes_and_dreams": TEXT,
        }
        help_texts = {"house_of_worries": "Write the child’s own words."}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _current_children(family)
        self.fields["child"].label_from_instance = _called
