from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.forms import DATE
from families.models import Caregiver, Child, Family, document_languages
from families.plausible import HappenedDateField, PlannedDateField
from families.versioning import VersionedFormMixin

from . import services
from .models import AssessmentKind, GoalStatus, Instrument, ProtectiveFactor, WellBeingGoal
from .selectors import latest_instruments


def people_choices(family: Family, *, whole_family: bool = False) -> list[tuple[str, str]]:
    choices = [("", "—")]
    if whole_family:
        choices.append(("family", gettext("The whole family")))
    choices += [
        (f"caregiver-{c.pk}", gettext("%(name)s (caregiver)") % {"name": c.full_name})
        for c in family.caregivers.filter(left_household_on__isnull=True)
    ]
    choices += [
        (
            f"child-{c.pk}",
            gettext("%(name)s (child)") % {"name": c.full_name}
            if c.age is None
            else gettext("%(name)s (child, %(age)s)") % {"name": c.full_name, "age": c.age},
        )
        for c in family.children.filter(left_household_on__isnull=True)
    ]
    return choices


def person_from(value: str, family: Family) -> dict:
    """ "caregiver-12" → {"caregiver": <Caregiver>, "child": None}; "family" → both None."""
    kind, _, pk = (value or "").partition("-")
    if kind == "caregiver":
        return {"caregiver": Caregiver.objects.get(pk=pk, family=family), "child": None}
    if kind == "child":
        return {"caregiver": None, "child": Child.objects.get(pk=pk, family=family)}
    return {"caregiver": None, "child": None}


def _instrument_label(instrument: Instrument) -> str:
    values = {"name": instrument.translated("name"), "version": instrument.version}
    if instrument.is_demonstration:
        return gettext("%(name)s (demonstration), version %(version)s") % values
    return gettext("%(name)s, version %(version)s") % values


class AssessmentStartForm(forms.Form):
    person = forms.ChoiceField(label=_("Who is this assessment about?"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentKind.choices, initial=AssessmentKind.PRE)
    assessed_on = HappenedDateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.none(), empty_label=None
    )
    language = forms.ChoiceField(
        label=_("Language of the questions"),
        required=False,  # not sent: the family's document language where the instrument has it
        help_text=_(
            "The questions and answers are shown in this language. The scores are the same in every language."
        ),
    )

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["person"].choices = people_choices(family)
        self.fields["person"].help_text = _(
            "A caregiver answers about themselves; for a child, a caregiver answers the questions "
            "for the child's age."
        )
        instruments = latest_instruments()
        self.fields["instrument"].queryset = Instrument.objects.filter(pk__in=[i.pk for i in instruments])
        self.fields["instrument"].label_from_instance = _instrument_label
        if instruments:
            self.fields["instrument"].initial = instruments[0].pk
        self.fields["language"].choices = document_languages()
        self.fields["language"].initial = (
            services.default_language(family, instruments[0]) if instruments else "en"
        )

    def clean_person(self):
        try:
            return person_from(self.cleaned_data["person"], self.family)
        except (Caregiver.DoesNotExist, Child.DoesNotExist, ValueError) as error:
            raise forms.ValidationError(gettext("Choose someone of this family.")) from error


class AnswersForm(forms.Form):
    """One radio group per item, the scale's labels visible; every answer is optional until
    submit. The items, answers and factor names are in `language` (the assessment's, for the
    person answering; default: the reader's), English where the instrument lacks it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, assessment, answers, language: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.language = language = language or translation.get_language()
        scales: dict[str, list] = {}  # by respondent: the labels read in the items' person
        self.fields["version"].initial = assessment.version
        self.groups: list[tuple[ProtectiveFactor, str, list[str]]] = []
        for answer in answers:
            name = f"item_{answer.item_id}"
            respondent = answer.item.respondent
            if respondent not in scales:
                scales[respondent] = [
                    (str(value), f"{value} · {label}")
                    for value, label in assessment.instrument.scale_for(respondent, language)
                ]
            self.fields[name] = forms.TypedChoiceField(
                label=answer.item.translated("wording", language),
                choices=scales[respondent],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=str(answer.value) if answer.value is not None else None,
            )
            if not self.groups or self.groups[-1][0] != answer.item.factor:
                with translation.override(language):
                    self.groups.append((answer.item.factor, answer.item.factor.label, []))
            self.groups[-1][2].append(name)

    def answers(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }

    def grouped(self):
        """Per factor: the factor, its name in the form's language, and each item's field with
        the answer chosen in words ("4 · Mostly like me"; empty when not answered)."""
        return [
            (factor, label, [(self[name], self._chosen(name)) for name in names])
            for factor, label, names in self.groups
        ]

    def _chosen(self, name: str) -> str:
        value = self[name].value()
        return dict(self.fields[name].choices).get(str(value), "") if value not in (None, "") else ""


class AssessmentLanguageForm(forms.Form):
    """Ask a draft's questions in another language."""

    language = forms.ChoiceField(
        label=_("Language of the questions"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(document_languages())
        self.fields["language"].choices = [
            (code, names.get(code, code)) for code in assessment.instrument.languages
        ]
        self.fields["language"].initial = assessment.language


class WellBeingGoalForm(VersionedFormMixin, forms.ModelForm):
    person = forms.ChoiceField(label=_("For whom"))

    class Meta:
        model = WellBeingGoal
        fields = ("factor", "goal", "everyday_actions", "target_date", "status")
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "everyday_actions": forms.Textarea(attrs={"rows": 4}),
            "target_date": DATE,
        }
        labels = {
            "factor": _("The protective factor it builds"),
            "goal": _("Goal"),
            "everyday_actions": _("Everyday actions"),
            "target_date": _("Target date"),
            "status": _("Status"),
        }
        field_classes = {"target_date": PlannedDateField}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["person"].choices = people_choices(family, whole_family=True)
        self.fields["status"].initial = GoalStatus.OPEN
        self.fields["factor"].label_from_instance = lambda factor: factor.label
        goal = self.instance
        if goal.pk:
            self.fields["person"].initial = (
                f"caregiver-{goal.caregiver_id}"
                if goal.caregiver_id
                else f"child-{goal.child_id}"
                if goal.child_id
                else "family"
            )
        self.order_fields(["factor", "person", "goal", "everyday_actions", "target_date", "status"])

    def clean_person(self):
        try:
            return person_from(self.cleaned_data["person"], self.family)
        except (Caregiver.DoesNotExist, Child.DoesNotExist, ValueError) as error:
            raise forms.ValidationError(gettext("Choose someone of this family.")) from error

    def goal_fields(self) -> dict:
        fields = {k: v for k, v in self.edited().items() if k != "person"}
        return {**fields, **self.cleaned_data["person"]}
