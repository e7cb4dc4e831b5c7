"""What staff write, in the family's words too (issue 17).

Danger statements, safety goals, safety-plan rules, case-plan steps, well-being goals and
meeting action items are written by staff in the agency's language. Each may also carry the
family's-language wording beside it (`FamilyWording`), typed by a person who translated it:
no machine translation is ever called. A document in that language prints the family's
wording; where there is none yet it prints the original, marked, so the reader knows.

The wording is a field of the record itself, so the record's change history (django-simple-
history) keeps every earlier wording, and the record's version guards it against lost updates
(families.services.family_wording_set).

`families` imports none of the apps whose records carry a wording: each registers its kinds
here from its AppConfig.ready(), in the style of families.extensions. A kind says how to read
a family's records of that kind in a fixed number of queries, whatever their number.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import document_languages


def original_language() -> str:
    """The language staff write in: the agency's own (settings.LANGUAGE_CODE)."""
    return settings.LANGUAGE_CODE


def wording_languages() -> list[tuple[str, str]]:
    """The languages a family's wording can be in: those documents are made in, except the
    one staff write in."""
    return [(code, name) for code, name in document_languages() if code != original_language()]


@dataclass(frozen=True)
class Wording:
    """A text as a document in `wanted` prints it: `text` is in `language`; `missing` when
    the document wanted another language and this is the original, not yet translated."""

    text: str
    language: str
    wanted: str
    # There is a wording in `wanted`, but of what the original said before it was changed:
    # it is not printed (the original is, marked), and the pages say it needs redoing.
    out_of_date: str = ""

    @property
    def missing(self) -> bool:
        return self.language != self.wanted


class FamilyWording(models.Model):
    """A record whose text staff wrote, which may also carry the family's wording of it.

    A model inheriting it says its original text in `original_wording` (the sentence the
    app composes for danger statements and safety goals; the field as typed otherwise)."""

    family_wording = models.TextField(
        _("in the family's language"),
        blank=True,
        help_text=_("The same text, translated by a person, as the family's documents print it."),
    )
    family_wording_language = models.CharField(
        _("language of the family's wording"), max_length=10, blank=True, choices=document_languages
    )
    # The original as it read when the wording was typed: once staff change the original, the
    # wording says what the text used to say, so documents stop printing it.
    family_wording_of = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def original_wording(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say its original wording")

    def wording_in(self, language: str) -> Wording:
        """The text for a document in `language`: the family's wording when there is one in
        that language, of the original as it reads now; otherwise the original (marked
        missing unless `language` is the original's)."""
        original = self.original_wording
        if self.family_wording.strip() and self.family_wording_language == language:
            if self.family_wording_of == original:
                return Wording(self.family_wording, language, language)
            return Wording(original, original_language(), language, out_of_date=self.family_wording)
        return Wording(original, original_language(), language)


# --- The kinds of text a family has ---------------------------------------------------------


@dataclass(frozen=True)
class WordingKind:
    name: str  # in URLs: "danger-statement"
    label: str | Promise  # a heading: "Danger statements"
    model: type[FamilyWording]
    records: Callable[..., QuerySet]  # records(family): all of this family's, ready to word
    current: Callable[[QuerySet], QuerySet]  # current(records): those the family has now, in order
    about: Callable[..., str] | None = None  # about(record): where it belongs, e.g. "Safety plan, version 2"
    order: int = 50


wording_kinds: dict[str, WordingKind] = {}


def register_wording_kind(kind: WordingKind) -> None:
    wording_kinds[kind.name] = kind


def kinds_in_order() -> list[WordingKind]:
    return sorted(wording_kinds.values(), key=lambda kind: kind.order)


def kind_of(record: FamilyWording) -> WordingKind:
    for kind in wording_kinds.values():
        if isinstance(record, kind.model):
            return kind
    raise LookupError(f"{type(record).__name__} is not a registered kind of wording")


@dataclass(frozen=True)
class WordedText:
    """One text of a family, as the wording pages and the document form list it."""

    kind: WordingKind
    record: FamilyWording
    language: str  # the language wanted

    @property
    def original(self) -> str:
        return self.record.original_wording

    @property
    def wording(self) -> Wording:
        return self.record.wording_in(self.language)

    @property
    def about(self) -> str:
        return self.kind.about(self.record) if self.kind.about else ""


def worded(records, language: str) -> list[WordedText]:
    return [WordedText(kind_of(record), record, language) for record in records]
