"""The match step of the caregiver and child forms: likely matches across the agency are
offered before saving, and the worker links to one or says "a different person".

The offer travels with the form, signed (django.core.signing) for this user and for what was
typed, so the answer can only pick a person that was offered for these very name and dates;
if the name or dates are changed after the offer, the check runs again. Everything typed
stays in the form throughout."""

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Person
from .person_services import NEW_PERSON
from .persons import Probe

OFFER_SALT = "families.person-match-offer"
OFFER_LASTS = 60 * 60  # seconds: an offer left open longer is made again


class PersonMatchMixin(forms.Form):
    birth_year = forms.IntegerField(
        label=gettext_lazy("Year of birth, if the exact date is unknown"),
        required=False,
        min_value=1900,
        help_text=gettext_lazy("Used to find the person if they are already known to the agency."),
    )
    offer = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and self.instance.person_id and not self.instance.date_of_birth:
            self.fields["birth_year"].initial = self.instance.person.birth_year
        order = list(self.fields)
        order.remove("birth_year")
        order.insert(order.index("date_of_birth") + 1, "birth_year")
        self.order_fields(order)
        self.offered: list[dict] = []
        if self.is_bound and self.data.get("offer"):
            self._add_choice_field([])

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth is in the future. Check the year."))
        return year

    # What was typed, as the match check reads it.
    def probe(self) -> Probe:
        data = self.cleaned_data
        return Probe(
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            date_of_birth=data.get("date_of_birth"),
            birth_year=data.get("birth_year"),
        )

    def _probe_key(self) -> list:
        probe = self.probe()
        return [
            probe.first_name.strip().casefold(),
            probe.last_name.strip().casefold(),
            str(probe.year),
            str(probe.date_of_birth),
        ]

    def needs_check(self) -> bool:
        """A match check is due when a person is added, or their name or dates change, and
        a name and a date or year of birth are known."""
        if not self.probe().is_enough:
            return False
        person = self.instance
        if person.pk and not (
            {"first_name", "last_name", "date_of_birth", "birth_year"} & set(self.changed_data)
        ):
            return False
        return self.answered() is None

    def answered(self):
        """The worker's answer to an offer made for what is typed now: a Person, NEW_PERSON,
        or None (no valid offer answered)."""
        try:
            offer = signing.loads(self.cleaned_data.get("offer") or "", salt=OFFER_SALT, max_age=OFFER_LASTS)
        except signing.BadSignature:
            return None
        if offer.get("user") != self.user.pk or offer.get("probe") != self._probe_key():
            return None
        choice = self.data.get("same_person", "")
        if choice == NEW_PERSON:
            return NEW_PERSON
        if choice and choice in offer.get("people", []):
            return Person.objects.filter(public_id=choice).first()
        return None

    def offer_matches(self, answers: list[dict]) -> None:
        """Show the likely matches as the choice to make before saving."""
        self.offered = answers
        signed = signing.dumps(
            {"user": self.user.pk, "probe": self._probe_key(), "people": [a["choice"] for a in answers]},
            salt=OFFER_SALT,
        )
        data = self.data.copy()
        data["offer"] = signed
        data.pop("same_person", None)
        self.data = data
        self._add_choice_field(answers)

    def _add_choice_field(self, answers: list[dict]) -> None:
        choices = [(a["choice"], _describe(a)) for a in answers]
        choices.append((NEW_PERSON, _("A different person: none of these")))
        # Checked against the signed offer (answered), not against these choices: when the
        # form comes back for another reason, the offer's people are not read again.
        self.fields["same_person"] = forms.CharField(
            label=_("Is this someone the agency already knows?"),
            widget=forms.RadioSelect(choices=choices),
            required=False,
            help_text=_("Choose the same person to link their history, or say it is a different person."),
        )


def _dates(row) -> str:
    start = date_format(row.started_on, "M Y")
    return f"{start} – {date_format(row.ended_on, 'M Y')}" if row.ended_on else start


def _describe(answer: dict):
    """One likely match in words. Someone known only in families the user may not open is
    not named: only their prior involvements (case number, dates, status, unit)."""
    how = {
        "same": _("same date of birth"),
        "swapped": _("date of birth with day and month swapped"),
        "year": _("same year of birth"),
    }[answer["date_match"]]
    involvements = format_html_join(
        "; ",
        "{} {} ({}, {}{})",
        (
            (row.kind, row.case_number, row.status, _dates(row), f", {row.unit}" if row.unit else "")
            for row in answer["involvements"]
        ),
    )
    if answer["name"]:
        born = date_format(answer["date_of_birth"], "j M Y") if answer["date_of_birth"] else ""
        return format_html("<strong>{}</strong> {} · {} · {}", answer["name"], born, how, involvements)
    return format_html(
        "{} · {} · {}", _("Someone with a similar name, in a family you may not open"), how, involvements
    )
