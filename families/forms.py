"""Forms validate and convert what a caseworker types; services do the saving.

A refused form is shown again with everything typed still in it and the reason beside the
field. Relationship fields are made per child (or per caregiver) of the family.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User

from .family_wording import wording_languages
from .models import (
    ADULT_AGE,
    Caregiver,
    Child,
    ClosureReason,
    Contact,
    ContactKind,
    Family,
    Relationship,
    age_on,
)
from .person_forms import PersonMatchMixin
from .plausible import (
    DATE_WIDGET,
    DATETIME_WIDGET,
    BirthDateField,
    ConfirmUnlikelyMixin,
    HappenedDateField,
    HappenedDateTimeField,
)
from .services import FAMILY_DETAIL_FIELDS
from .versioning import VersionedFormMixin

DATE, DATETIME = DATE_WIDGET, DATETIME_WIDGET
RELATIONSHIP_CHOICES = [("", "—")] + Relationship.choices
CAREGIVER_YOUNGEST = 10  # a caregiver younger than this is a slip of the year
CAREGIVER_UNLIKELY_UNDER = 14  # younger than this: asked to be confirmed
CHILD_OLDEST = 26  # the agency's youth are under 21; a child this old is a slip of the year


class FamilyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Family
        fields = FAMILY_DETAIL_FIELDS
        widgets = {
            "referral_date": DATE,
            "first_contact_at": DATETIME,
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"referral_date": HappenedDateField, "first_contact_at": HappenedDateTimeField}
        help_texts = {
            "first_contact_at": gettext_lazy("When the family was first reached after the referral.")
        }

    def __init__(self, *args, priority_set_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        if priority_set_by is not None:
            # Set by a screening decision (families.extensions.priority_set_by): shown, not
            # changed here. A disabled field ignores what is posted for it.
            field = self.fields["response_priority"]
            field.disabled = True
            field.help_text = format_html(
                '{} <a href="{}">{}</a>',
                _("Set by %(decision)s; the supervisor changes it by a new screening decision.")
                % {"decision": priority_set_by.label},
                priority_set_by.url,
                _("See the screening decision"),
            )

    def clean(self):
        cleaned = super().clean()
        first_contact_at = cleaned.get("first_contact_at")
        if first_contact_at and not cleaned.get("first_contact_kind"):
            self.add_error("first_contact_kind", _("Say how the first contact was made."))
        if first_contact_at and first_contact_at > timezone.now():
            self.add_error("first_contact_at", _("The first contact can't be in the future."))
        referral_date = cleaned.get("referral_date")
        if first_contact_at and referral_date and timezone.localdate(first_contact_at) < referral_date:
            self.add_error("first_contact_at", _("The first contact can't be before the referral date."))
        return cleaned


class NewFamilyForm(FamilyForm):
    """Intake: the family's details and, for a supervisor, which caseworker takes it."""

    assigned_caseworker = forms.ModelChoiceField(
        queryset=User.objects.none(), label=gettext_lazy("Caseworker")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.CASEWORKER:
            del self.fields["assigned_caseworker"]  # a caseworker's new family is their own
        else:
            workers = User.objects.filter(role=Role.CASEWORKER, is_active=True)
            if user.role == Role.SUPERVISOR:
                workers = workers.filter(unit_id=user.unit_id)
            self.fields["assigned_caseworker"].queryset = workers.order_by("last_name", "first_name")


class StatusChangeForm(VersionedFormMixin, forms.Form):
    """A status step of the family (`version_of` it): opening, closing, reopening."""

    effective_on = HappenedDateField(label=gettext_lazy("Date"), widget=DATE, initial=timezone.localdate)
    closure_reason = forms.ChoiceField(
        label=gettext_lazy("Why the family is closing"),
        choices=[("", "—")] + ClosureReason.choices,
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, closing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if closing:
            self.fields["closure_reason"].required = True
        else:
            del self.fields["closure_reason"]


class ReassignForm(VersionedFormMixin, forms.Form):
    """Hands the family (`version_of` it) to another caseworker."""

    caseworker = forms.ModelChoiceField(queryset=User.objects.none(), label=gettext_lazy("New caseworker"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Why"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = candidates


def _born(person) -> str:
    return _("%(name)s (born %(born)s)") % {
        "name": person.full_name,
        "born": date_format(person.date_of_birth, "j F Y"),
    }


class _PersonForm(PersonMatchMixin, ConfirmUnlikelyMixin, VersionedFormMixin, forms.ModelForm):
    """A caregiver or child, plus a relationship field for each person on the other side.

    A date of birth that is impossible for the role is refused; one that is unlikely (a
    child older than a caregiver, a caregiver under 14) is asked to be confirmed, when it is
    typed or changed."""

    relationship_prefix = "relationship_"

    def __init__(self, *args, others, existing: dict[int, str], label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = list(others)
        for other in self.others:
            name = f"{self.relationship_prefix}{other.pk}"
            self.fields[name] = forms.ChoiceField(
                label=label % {"name": other.called},
                choices=RELATIONSHIP_CHOICES if other.pk not in existing else Relationship.choices,
                required=False,
                initial=existing.get(other.pk, ""),
            )

    def relationships(self) -> dict:
        return {
            other: self.cleaned_data.get(f"{self.relationship_prefix}{other.pk}", "") for other in self.others
        }

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def _age(self, born) -> int:
        return age_on(born, timezone.localdate())

    def _new_birth_date(self, cleaned):
        """The date of birth when it is typed or changed (None when unknown or as it was)."""
        born = cleaned.get("date_of_birth")
        if born is None or (self.instance.pk and self.instance.date_of_birth == born):
            return None
        return born


class CaregiverForm(_PersonForm):
    class Meta:
        model = Caregiver
        fields = (
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "is_primary",
            "lives_in_home",
            "phone",
            "email",
            "language",
        )
        widgets = {"date_of_birth": DATE}
        field_classes = {"date_of_birth": BirthDateField}

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is not None and self._age(born) < CAREGIVER_YOUNGEST:
            raise forms.ValidationError(
                _("A caregiver born then would be %(age)s years old. Check the year."),
                code="too_young",
                params={"age": self._age(born)},
            )
        return born

    def unlikely(self, cleaned) -> dict[str, str]:
        born = self._new_birth_date(cleaned)
        if born is None:
            return {}
        warnings = []
        if self._age(born) < CAREGIVER_UNLIKELY_UNDER:
            warnings.append(
                _("A caregiver born then is %(age)s years old, younger than %(under)s. Check the year.")
                % {"age": self._age(born), "under": CAREGIVER_UNLIKELY_UNDER}
            )
        older = [c for c in self.others if c.date_of_birth and c.date_of_birth < born]
        if older:
            warnings.append(
                _("This caregiver would be younger than the family’s child %(child)s. Check the year.")
                % {"child": _born(older[0])}
            )
        return {"date_of_birth": " ".join(warnings)} if warnings else {}

    def __init__(self, *args, family: Family, **kwargs):
        instance = kwargs.get("instance")
        existing = (
            {link.child_id: link.relationship for link in instance.child_links.all()} if instance else {}
        )
        super().__init__(
            *args,
            others=family.children.filter(left_household_on__isnull=True),
            existing=existing,
            label=gettext_lazy("Relationship to %(name)s"),
            **kwargs,
        )


class ChildForm(_PersonForm):
    class Meta:
        model = Child
        fields = (
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "school",
            "notes",
        )
        widgets = {"date_of_birth": DATE, "notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"date_of_birth": BirthDateField}

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is not None and self._age(born) >= CHILD_OLDEST:
            raise forms.ValidationError(
                _(
                    "A child born then would be %(age)s years old: the agency works with children "
                    "and youth under %(adult)s. Check the year."
                ),
                code="too_old",
                params={"age": self._age(born), "adult": ADULT_AGE},
            )
        return born

    def unlikely(self, cleaned) -> dict[str, str]:
        born = self._new_birth_date(cleaned)
        if born is None:
            return {}
        warnings = []
        if self._age(born) >= ADULT_AGE:
            warnings.append(
                _(
                    "A child born then is %(age)s years old: from %(adult)s no longer a child for "
                    "the agency. Check the year."
                )
                % {"age": self._age(born), "adult": ADULT_AGE}
            )
        younger = [c for c in self.others if c.date_of_birth and c.date_of_birth > born]
        if younger:
            warnings.append(
                _("This child would be older than their caregiver %(caregiver)s. Check the year.")
                % {"caregiver": _born(younger[0])}
            )
        return {"date_of_birth": " ".join(warnings)} if warnings else {}

    def __init__(self, *args, family: Family, **kwargs):
        instance = kwargs.get("instance")
        existing = (
            {link.caregiver_id: link.relationship for link in instance.caregiver_links.all()}
            if instance
            else {}
        )
        super().__init__(
            *args,
            others=family.caregivers.filter(left_household_on__isnull=True),
            existing=existing,
            label=gettext_lazy("%(name)s is this child’s"),
            **kwargs,
        )


class LeftHouseholdForm(VersionedFormMixin, forms.Form):
    """Marks a caregiver or child (`version_of` them) as having left the household."""

    left_household_on = HappenedDateField(
        label=gettext_lazy("Left the household on"), widget=DATE, initial=timezone.localdate
    )


class ContactForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("occurred_at", "kind", "location", "children_seen", "caregivers_present", "narrative")
        widgets = {
            "occurred_at": DATETIME,
            "children_seen": forms.CheckboxSelectMultiple,
            "caregivers_present": forms.CheckboxSelectMultiple,
            "narrative": forms.Textarea(attrs={"rows": 10}),
        }
        field_classes = {"occurred_at": HappenedDateTimeField}
        help_texts = {
            "children_seen": gettext_lazy("Only children seen in person count toward the monthly visit."),
            "location": gettext_lazy("For example: the family’s home, the foster home, Lincoln Elementary."),
        }

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children_seen"].queryset = family.children.filter(left_household_on__isnull=True)
        self.fields["children_seen"].label_from_instance = lambda child: child.called
        self.fields["caregivers_present"].queryset = family.caregivers.filter(left_household_on__isnull=True)
        self.fields["caregivers_present"].label_from_instance = lambda caregiver: caregiver.called
        self.fields["kind"].initial = ContactKind.HOME_VISIT
        if not self.instance.pk:
            self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self):
        """The form opens filled in (now, a home visit), so sending it untouched would record a
        visit where nothing happened: a contact says who was seen or what happened."""
        cleaned = super().clean()
        nobody = not cleaned.get("children_seen") and not cleaned.get("caregivers_present")
        if nobody and not (cleaned.get("narrative") or "").strip() and "narrative" not in self.errors:
            self.add_error(
                "narrative",
                _("Tick who was seen or took part, or write what happened (for example, no one was home)."),
            )
        return cleaned


class CaseloadFilterForm(forms.Form):
    """My caseload's search, status filter and sort, all optional; bad values fall back."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", gettext_lazy("All"))], required=False
    )
    sort = forms.ChoiceField(
        choices=[
            ("name", gettext_lazy("Family name")),
            ("case", gettext_lazy("Case number")),
            ("last_visit", gettext_lazy("Last visit")),
            ("unseen", gettext_lazy("Children not seen this month")),
        ],
        label=gettext_lazy("Sort by"),
        required=False,
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(statuses)

    def values(self) -> dict:
        if not self.is_valid():
            return {"query": "", "status": None, "sort": "name"}
        data = self.cleaned_data
        return {"query": data["q"], "status": data["status"] or None, "sort": data["sort"] or "name"}


class FamilyWordingForm(VersionedFormMixin, forms.Form):
    """The family's wording of the texts staff wrote in one record, typed by the person who
    translated them: one box per text (`family_wording` for the first, then each other's
    field, e.g. `how_it_holds_family_wording`)."""

    family_wording_language = forms.ChoiceField(label=gettext_lazy("Language"), choices=wording_languages)

    def __init__(self, *args, record, language: str, **kwargs):
        super().__init__(*args, version_of=record, **kwargs)
        language = record.family_wording_language or language
        self.fields["family_wording_language"].initial = language
        several = len(record.worded_fields) > 1
        self.texts = []  # (the record's text, its original, the name of its box)
        for field in record.worded_fields:
            label = _("In the family's language")
            if several:
                label = _("%(text)s, in the family's language") % {"text": field.label}
            self.fields[field.wording] = forms.CharField(
                label=label,
                required=False,
                initial=getattr(record, field.wording),
                # The wording is in that language: screen readers and spell checkers read it so.
                widget=forms.Textarea(attrs={"rows": 4 if several else 5, "lang": language}),
                help_text=gettext_lazy(
                    "Type the translation a person made. Leave it empty to print the original, "
                    "marked as not translated."
                ),
            )
            self.texts.append((field, getattr(record, field.original), field.wording))
        # the language after the boxes, as before
        self.order_fields([field.wording for field in record.worded_fields] + ["family_wording_language"])

    def wordings(self) -> tuple[str, dict[str, str]]:
        """The first text's wording, and the others' by the name of their text."""
        first, *others = [field for field, _original, _box in self.texts]
        return (
            self.cleaned_data[first.wording],
            {field.name: self.cleaned_data[field.wording] for field in others},
        )

    def boxes(self):
        """Each text: its label, its original, and the bound box for its wording."""
        return [
            {"label": field.label if len(self.texts) > 1 else "", "original": original, "box": self[box]}
            for field, original, box in self.texts
        ]
