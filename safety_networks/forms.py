"""Forms of the safety work. Choices of people are limited to the family's own; the services
check it again."""

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.forms import DATE
from families.models import Caregiver, Child, Family
from families.plausible import HappenedDateField, PlannedDateField, years_before
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
    ScalingGiver,
    ScalingScore,
    ThreeHouses,
)
from .services import PLAN_CHILD_MIN_AGE

TEXT = forms.Textarea(attrs={"rows": 3})


def _current_children(family: Family):
    return Child.objects.filter(family=family, left_household_on__isnull=True)


def children_old_enough(family: Family):
    """The current children 12 and older (or whose age is not known): those who take part in
    their safety plan and their family's meetings."""
    born_by = years_before(timezone.localdate(), PLAN_CHILD_MIN_AGE)
    return _current_children(family).filter(Q(date_of_birth__lte=born_by) | Q(date_of_birth__isnull=True))


def _current_caregivers(family: Family):
    return Caregiver.objects.filter(family=family, left_household_on__isnull=True)


def _called(person) -> str:
    return person.called


class MapEntryForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MapEntry
        fields = ("text", "noted_on")
        widgets = {"text": TEXT, "noted_on": DATE}
        field_classes = {"noted_on": HappenedDateField}

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
        field_classes = {"happened_on": HappenedDateField, "noted_on": HappenedDateField}
        labels = {"what_happened": _("What happened")}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _current_children(family)
        self.fields["child"].label_from_instance = _called
        self.fields["child"].label = _("Which child was harmed")
        self.fields["caregiver"].queryset = _current_caregivers(family)
        self.fields["caregiver"].label_from_instance = _called
        self.fields["caregiver"].label = _("Which caregiver’s action")


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
        field_classes = {"noted_on": HappenedDateField}
        labels = {"who_is_worried": _("Who is worried"), "caregiver_behaviour": _("Caregiver behaviour")}

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
        labels = {"for_how_long": _("For how long")}
        help_texts = {
            "protective_factors": _("Suggested from the goal’s words; tick the ones this goal builds.")
        }

    def __init__(self, *args, suggested: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protective_factors"].queryset = ProtectiveFactor.objects.all()
        self.fields["protective_factors"].label_from_instance = lambda factor: factor.label
        if not self.is_bound and not self.instance.pk and suggested:
            self.initial["protective_factors"] = list(
                ProtectiveFactor.objects.filter(code__in=suggested).values_list("pk", flat=True)
            )

    def goal_fields(self) -> dict:
        return {k: v for k, v in self.edited().items() if k != "protective_factors"}


class WithdrawForm(VersionedFormMixin, forms.Form):
    """Withdraws a map entry or a statement (`version_of` it)."""

    withdrawn_on = HappenedDateField(label=_("Withdrawn on"), widget=DATE, initial=timezone.localdate)
    withdrawn_reason = forms.CharField(label=_("Why"), widget=TEXT)


SOMEONE_ELSE = "other"
SCALING_HELP = _("0: the children cannot be safe in the parents’ care. 10: enough safety to close the case.")
OCCASION_HELP = _("Where it was asked, e.g. “home visit” or “first Family Team Meeting”.")


def giver_choices(givers) -> list:
    """The picker's choices, grouped: the family, its safety network, staff, someone else."""
    groups = {"caregiver": _("Caregivers"), "child": _("Children"), "member": _("Safety network")}
    grouped: dict[str, list] = {}
    for giver in givers:
        kind = giver.value.partition(":")[0]
        grouped.setdefault(groups.get(kind, _("Staff")), []).append(
            (giver.value, f"{giver.name} ({giver.role})")
        )
    return [
        ("", "—"),
        *grouped.items(),
        (_("Someone else"), [(SOMEONE_ELSE, _("Someone else (write their name)"))]),
    ]


class ScalingForm(forms.ModelForm):
    """One person's number. The person is picked from the family, its safety network and
    staff (`givers`, from selectors.scaling_givers); a name is written only for someone else."""

    who = forms.ChoiceField(
        label=_("Who gave it"), error_messages={"invalid_choice": _("Choose someone from the list.")}
    )

    class Meta:
        model = ScalingScore
        fields = ("score", "name", "scored_on", "occasion", "note")
        widgets = {"scored_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"scored_on": HappenedDateField}
        labels = {
            "score": _("Number (0 to 10)"),
            "name": _("Their name (someone else only)"),
            "occasion": _("Occasion"),
            "note": _("Note"),
        }
        help_texts = {"score": SCALING_HELP, "occasion": OCCASION_HELP}

    def __init__(self, *args, givers, **kwargs):
        super().__init__(*args, **kwargs)
        self.givers = {giver.value: giver for giver in givers}
        self.fields["who"].choices = giver_choices(givers)
        self.fields["name"].required = False
        self.fields["score"].widget.attrs.update({"min": 0, "max": 10})
        self.order_fields(["who", "name", "score", "scored_on", "occasion", "note"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("who") == SOMEONE_ELSE and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Write the name of the person who gave the number."))
        return cleaned

    def record_fields(self) -> dict:
        """What services.scaling_record takes: the number, and who gave it."""
        data = {name: self.cleaned_data[name] for name in ("score", "scored_on", "occasion", "note")}
        who = self.cleaned_data["who"]
        if who == SOMEONE_ELSE:
            return {**data, "given_by": ScalingGiver.OTHER, "name": self.cleaned_data["name"].strip()}
        return {**data, **self.givers[who].link}


@dataclass
class RoundRow:
    """One person's row of a round: who (a name, or for someone else a field for it) and
    their fields (the number and a note)."""

    key: str
    label: str
    role: str
    name: forms.BoundField | None
    fields: list[forms.BoundField]


class ScalingRoundForm(forms.Form):
    """A round: everyone present at a visit or a meeting gives a number, on one page. One
    row per person expected (`givers`) and a few for someone else; a number left blank was
    not given."""

    OTHER_ROWS = 2

    scored_on = HappenedDateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    occasion = forms.CharField(label=_("Occasion"), max_length=200, required=False, help_text=OCCASION_HELP)

    def __init__(self, *args, givers, **kwargs):
        super().__init__(*args, **kwargs)
        self.givers = givers
        for giver in givers:
            key = giver.value.replace(":", "_")
            self.fields[f"score_{key}"] = self._score()
            self.fields[f"note_{key}"] = self._note()
        for row in range(1, self.OTHER_ROWS + 1):
            self.fields[f"other_name_{row}"] = forms.CharField(
                label=_("Their name"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("Their name")}),
            )
            self.fields[f"other_score_{row}"] = self._score()
            self.fields[f"other_note_{row}"] = self._note()

    @staticmethod
    def _score():
        return forms.IntegerField(
            label=_("Number (0 to 10)"),
            min_value=0,
            max_value=10,
            required=False,
            widget=forms.NumberInput(attrs={"class": "form-control"}),
        )

    @staticmethod
    def _note():
        return forms.CharField(
            label=_("Note"), required=False, widget=forms.TextInput(attrs={"class": "form-control"})
        )

    def rows(self) -> list[RoundRow]:
        """The rows as the page lays them out; a field in error is marked, and points to its message."""
        rows = []
        for giver in self.givers:
            key = giver.value.replace(":", "_")
            rows.append(
                RoundRow(key, giver.name, giver.role, None, [self[f"score_{key}"], self[f"note_{key}"]])
            )
        for n in range(1, self.OTHER_ROWS + 1):
            fields = [self[f"other_score_{n}"], self[f"other_note_{n}"]]
            rows.append(RoundRow(f"other_{n}", _("Someone else"), "", self[f"other_name_{n}"], fields))
        for row in rows:
            for field in [row.name, *row.fields]:
                if field is not None and field.errors:
                    attrs = field.field.widget.attrs
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                    attrs["aria-describedby"] = f"{field.auto_id}-error"
        return rows

    def clean(self):
        cleaned = super().clean()
        for row in range(1, self.OTHER_ROWS + 1):
            name = (cleaned.get(f"other_name_{row}") or "").strip()
            score = cleaned.get(f"other_score_{row}")
            if name and score is None and f"other_score_{row}" not in self.errors:
                self.add_error(f"other_score_{row}", _("Give their number, or clear their name."))
            if score is not None and not name:
                self.add_error(f"other_name_{row}", _("Write who gave this number."))
        if not self.errors and not self.numbers():
            raise forms.ValidationError(
                _("Enter at least one number. Leave blank the numbers of anyone who did not give one.")
            )
        return cleaned

    def numbers(self) -> list[dict]:
        """What services.scaling_round_record takes: a number (and who gave it) per filled row."""
        data = self.cleaned_data
        numbers = []
        for giver in self.givers:
            key = giver.value.replace(":", "_")
            if data.get(f"score_{key}") is not None:
                numbers.append({**giver.link, "score": data[f"score_{key}"], "note": data[f"note_{key}"]})
        for row in range(1, self.OTHER_ROWS + 1):
            if data.get(f"other_score_{row}") is not None:
                numbers.append(
                    {
                        "given_by": ScalingGiver.OTHER,
                        "name": data[f"other_name_{row}"].strip(),
                        "score": data[f"other_score_{row}"],
                        "note": data[f"other_note_{row}"],
                    }
                )
        return numbers


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
        field_classes = {"joined_on": HappenedDateField}
        labels = {
            "name": _("Name"),
            "relationship": _("Relationship"),
            "kind": _("Kind"),
            "circle": _("Circle"),
            "phone": _("Phone"),
            "email": _("Email"),
            "joined_on": _("Joined on"),
        }


class MemberLeftForm(VersionedFormMixin, forms.Form):
    """Marks a network member (`version_of` them) as having left the network."""

    left_on = HappenedDateField(label=_("Left the network on"), widget=DATE, initial=timezone.localdate)


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
        field_classes = {"review_on": PlannedDateField}
        labels = {
            "warning_signs": _("Warning signs"),
            "backup_plan": _("Backup plan"),
            "caregivers_took_part": _("Caregivers who took part"),
            "children_took_part": _("Children who took part (12 and older)"),
            "network_took_part": _("Network members who took part"),
        }

    PARTICIPANTS = ("caregivers_took_part", "children_took_part", "network_took_part")

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregivers_took_part"].queryset = _current_caregivers(family)
        self.fields["children_took_part"].queryset = children_old_enough(family)
        if not self.fields["children_took_part"].queryset.exists():
            self.fields["children_took_part"].help_text = _("No child of the family is 12 or older yet.")
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
        labels = {"rule": _("Rule")}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = NetworkMember.objects.filter(
            family=family, left_on__isnull=True
        )
        self.fields["responsible"].help_text = _(
            "Add people to the safety network first if they are not listed."
        )

    def rule_fields(self) -> dict:
        return {k: v for k, v in self.edited().items() if k != "responsible"}


class SafetyAssessmentForm(forms.ModelForm):
    class Meta:
        model = SafetyAssessment
        fields = ("assessed_on", "threats", "decision", "placement_made", "notes")
        widgets = {"assessed_on": DATE, "threats": forms.CheckboxSelectMultiple, "notes": TEXT}
        field_classes = {"assessed_on": HappenedDateField}
        labels = {"assessed_on": _("Assessed on"), "decision": _("Decision"), "notes": _("Notes")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threats"].queryset = SafetyThreat.objects.all()
        self.fields["threats"].label_from_instance = lambda threat: (
            f"{threat.code}. {threat.translated('wording')}"
        )
        self.fields["decision"].widget = forms.RadioSelect(choices=self.fields["decision"].choices[1:])
        self.fields["decision"].required = True  # blank only on a draft of the scored tool

    def assessment_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "threats"}


class RiskAssessmentForm(forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = ("assessed_on", "scored_level", "override_level", "override_reason", "notes")
        widgets = {"assessed_on": DATE, "override_reason": TEXT, "notes": TEXT}
        field_classes = {"assessed_on": HappenedDateField}
        labels = {
            "assessed_on": _("Assessed on"),
            "override_level": _("Override to (optional)"),
            "override_reason": _("Override reason"),
            "notes": _("Notes"),
        }
        help_texts = {
            "override_level": _("An override up or down needs a reason and the supervisor’s approval.")
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("override_level") and not (cleaned.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Say why the level is overridden."))
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
        labels = {
            "child": _("Child"),
            "house_of_worries": _("House of worries"),
            "house_of_good_things": _("House of good things"),
        }
        help_texts = {"house_of_worries": _("Write the child’s own words.")}
        field_classes = {"recorded_on": HappenedDateField}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _current_children(family)
        self.fields["child"].label_from_instance = _called
