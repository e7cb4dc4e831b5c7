"""Plausible dates, and the unlikely confirmed before it is saved.

Every date or date-time a person types into a form is bounded at its field, so a slip of the
year (0001, 9999) is refused beside the field with a message saying what is possible, before
anything is stored. (A date-time of 31 Dec 9999, 23:59 here is in year 10000 in UTC: once
stored, no page that reads it could answer.) Three kinds of date:

- HAPPENED: something that has taken place (a visit, a note, an assessment): not after
  today, and not more than RECORD_YEARS years ago;
- PLANNED: a date set for later (a meeting, a review, a due date, a target): from
  RECORD_YEARS years ago to PLANNED_YEARS years ahead;
- BIRTH: a date of birth: not after today, not more than OLDEST_AGE years ago.

What is possible but unlikely (a child older than a caregiver, a caregiver under 14) is
not refused: `ConfirmUnlikelyMixin` brings the form back with a warning at the field and a
"Yes, this is right" box; once ticked, it saves.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import OLDEST_AGE

RECORD_YEARS = 30  # children are under 21: nothing in a family's casework is older than this
PLANNED_YEARS = 5  # no plan, review or meeting is set further ahead than this

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _day(day: date) -> str:
    return date_format(day, "j F Y")


@dataclass(frozen=True)
class Bounds:
    """The earliest and latest plausible day, `years_back` before and `years_ahead` after
    today, and what to say beyond either."""

    years_back: int
    years_ahead: int  # 0: not after today
    too_early: str
    too_late: str

    def earliest(self, today: date) -> date:
        return years_before(today, self.years_back)

    def latest(self, today: date) -> date:
        return years_before(today, -self.years_ahead)

    def check(self, day: date) -> None:
        today = timezone.localdate()
        if day < self.earliest(today):
            raise forms.ValidationError(
                self.too_early,
                code="too_early",
                params={"years": self.years_back, "earliest": _day(self.earliest(today))},
            )
        if day > self.latest(today):
            raise forms.ValidationError(
                self.too_late,
                code="too_late",
                params={"years": self.years_ahead, "latest": _day(self.latest(today))},
            )


HAPPENED = Bounds(
    RECORD_YEARS,
    0,
    _("Check the year: this date is more than %(years)s years ago (before %(earliest)s)."),
    _("The date can't be in the future. Check the date."),
)
PLANNED = Bounds(
    RECORD_YEARS,
    PLANNED_YEARS,
    _("Check the year: this date is more than %(years)s years ago (before %(earliest)s)."),
    _("Check the year: this date is more than %(years)s years ahead (after %(latest)s)."),
)
BIRTH = Bounds(
    OLDEST_AGE,
    0,
    _("Check the year: that date of birth is more than %(years)s years ago."),
    _("The date of birth is in the future. Check the year."),
)


class PlausibleDateField(forms.DateField):
    """A date typed in a form, bounded to a plausible range (HAPPENED by default)."""

    widget = DATE_WIDGET

    def __init__(self, *, bounds: Bounds = HAPPENED, **kwargs):
        self.bounds = bounds
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            self.bounds.check(value)


class PlausibleDateTimeField(forms.DateTimeField):
    """A date and time typed in a form: its day (in the agency's time zone) is bounded."""

    widget = DATETIME_WIDGET

    def __init__(self, *, bounds: Bounds = HAPPENED, **kwargs):
        self.bounds = bounds
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError as error:  # a time zone shift past year 9999 or before year 1
            raise forms.ValidationError(_("Check the year."), code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value is not None:
            self.bounds.check(timezone.localdate(value) if timezone.is_aware(value) else value.date())


class HappenedDateField(PlausibleDateField):
    def __init__(self, **kwargs):
        super().__init__(bounds=HAPPENED, **kwargs)


class PlannedDateField(PlausibleDateField):
    def __init__(self, **kwargs):
        super().__init__(bounds=PLANNED, **kwargs)


class BirthDateField(PlausibleDateField):
    def __init__(self, **kwargs):
        super().__init__(bounds=BIRTH, **kwargs)


class HappenedDateTimeField(PlausibleDateTimeField):
    def __init__(self, **kwargs):
        super().__init__(bounds=HAPPENED, **kwargs)


class PlannedDateTimeField(PlausibleDateTimeField):
    def __init__(self, **kwargs):
        super().__init__(bounds=PLANNED, **kwargs)


# --- The unlikely, confirmed ---------------------------------------------------------------

CONFIRM = "confirm_unlikely"


class ConfirmUnlikelyMixin(forms.Form):
    """A form whose `unlikely(cleaned_data)` returns {field: warning} for what is possible
    but unlikely. Unless the person ticked "Yes, this is right", each warning is shown at its
    field and the box appears (last); everything typed stays in the form. The box is only
    part of the form when it has been shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and CONFIRM in self.data:
            self._add_confirm_box()

    def _add_confirm_box(self) -> None:
        if CONFIRM not in self.fields:
            self.fields[CONFIRM] = forms.BooleanField(
                label=_("Yes, this is right"),
                required=False,
                help_text=_("Tick to save it as typed, after checking the warning above."),
            )

    def unlikely(self, cleaned: dict) -> dict[str, str]:
        return {}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the impossible first: no warning until the rest is right
        warnings = self.unlikely(cleaned)
        if warnings and not cleaned.get(CONFIRM):
            self._add_confirm_box()
            for name, warning in warnings.items():
                self.add_error(name, warning)
        cleaned.pop(CONFIRM, None)
        return cleaned
