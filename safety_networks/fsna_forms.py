"""Forms of the family strengths and needs assessment: starting one, rating a draft."""

from django import forms
from django.utils.translation import gettext_lazy as _

from families.plausible import HappenedDateField
from families.versioning import VersionedFormMixin

from .fsna_models import Rating, StrengthsAndNeedsAssessment

DATE = forms.DateInput(attrs={"type": "date"})


class FsnaStartForm(forms.Form):
    assessed_on = HappenedDateField(label=_("Date of the assessment"), widget=DATE)


class FsnaDraftForm(VersionedFormMixin, forms.Form):
    """A rating and a note for each domain of each person (`rating_<id>`, `note_<id>`, the
    id of the rating row); a rating left empty is not rated yet."""

    assessed_on = HappenedDateField(label=_("Date of the assessment"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, assessment: StrengthsAndNeedsAssessment, **kwargs):
        rows = assessment.rating_rows
        initial = {"assessed_on": assessment.assessed_on, "notes": assessment.notes}
        for row in rows:
            initial[f"rating_{row.pk}"] = row.rating
            initial[f"note_{row.pk}"] = row.note
        super().__init__(*args, version_of=assessment, initial=initial, **kwargs)
        self.row_ids = [row.pk for row in rows]
        for row in rows:
            self.fields[f"rating_{row.pk}"] = forms.ChoiceField(
                label=_("Rating"),
                choices=[("", _("Not rated yet")), *Rating.choices],
                required=False,
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                label=_("What the rating rests on"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            pk: (self.cleaned_data[f"rating_{pk}"], self.cleaned_data[f"note_{pk}"]) for pk in self.row_ids
        }
