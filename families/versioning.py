"""No lost updates. Every edit form carries the version of the record it was loaded from;
a save over a newer version is refused, showing what the other person saved, and the form
comes back with everything this user typed.

Records that can be edited inherit `Versioned`; services call `claim_version(record,
expected)` inside their transaction before saving. Adding new records never takes a lock
on anything shared, so two people adding to the same family never block each other.

A form sent without the version of the record it edits is refused, never saved unchecked.
tests/test_every_edit_view_checks_the_version.py proves it for every edit page, and fails
for a new page until it is shown to check the version (or listed, with the reason, as one
that need not).
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class TheirChange:
    field: str
    label: str
    theirs: str


class EditConflict(ValidationError):
    """Someone saved this record after it was loaded into the form."""

    def __init__(self, current, changed_fields: list[TheirChange]):
        self.current = current
        self.changed_fields = changed_fields
        super().__init__(
            _(
                "Someone else saved this record while you were editing it. Your changes are not "
                "saved yet: they are still in the form below. Compare them with what was saved, "
                "then save again."
            ),
            code="edit_conflict",
        )


def _display(instance, field: models.Field) -> str:
    value = getattr(instance, field.name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    return str(value)


def claim_version(record: Versioned, *, expected: int | None, fields: list[str]) -> None:
    """Lock the stored row and refuse if its version is not the one this change was based
    on: the version the form was loaded from (`expected`), or else the version of `record`
    as this process loaded it. Otherwise move `record` to the next version.

    Without the second case, a record read at the start of a request and saved at its end
    would silently undo whatever another request committed in between. `fields` are those
    the form edits: a conflict lists what is saved in them now. A new record has nothing to
    claim."""
    if record.pk is None:
        return
    stored = type(record).objects.select_for_update().get(pk=record.pk)
    based_on = record.version if expected is None else expected
    if stored.version != based_on:
        changed = [
            TheirChange(name, str(f.verbose_name).capitalize(), _display(stored, f))
            for name in fields
            if not (f := stored._meta.get_field(name)).many_to_many
        ]
        raise EditConflict(stored, changed)
    record.version = stored.version + 1


VERSION_MISSING = _(
    "This form came without the version of the record it was opened from, so it can't be "
    "checked against changes saved since. Nothing is saved: open the page again and make "
    "your change there."
)


class VersionedFormMixin(forms.Form):
    """Adds the hidden `version` field, filled from the record the form edits: the model
    form's instance, or `version_of` for a plain form that acts on a record (marking someone
    as left, changing a status). On a conflict the field is moved to the stored version, so
    a second save (after the user has looked at what the other person saved) goes through.

    A form that edits an existing record refuses to be sent without the version: a missing
    version is not a reason to skip the check. A form that adds a new record has no version
    to send."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, version_of: Versioned | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        record = version_of if version_of is not None else getattr(self, "instance", None)
        self.versioned_record = record if record is not None and record.pk else None
        if self.versioned_record is not None:
            self.fields["version"].initial = self.versioned_record.version

    def clean(self):
        cleaned = super().clean()
        if (
            self.versioned_record is not None
            and cleaned.get("version") is None
            and "version" not in self.errors
        ):
            raise ValidationError(VERSION_MISSING, code="version_missing")
        return cleaned

    def loaded_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def edited(self) -> dict:
        """What the user typed, as the service takes it (without the version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def show_conflict(self, conflict: EditConflict) -> None:
        self.conflict = conflict
        data = self.data.copy()
        data["version"] = conflict.current.version
        self.data = data
        self.add_error(None, conflict)
