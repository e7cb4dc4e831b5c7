"""What staff write, in the family's words too (issue 17).

Danger statements, safety goals, safety-plan rules, case-plan steps, well-being goals and
meeting action items are written by staff in the agency's language. Each may also carry the
family's-language wording beside it (`FamilyWording`), typed by a person who translated it:
no machine translation is ever called. A document in that language prints the family's
wording; where there is none yet it prints the original, marked, so the reader knows.

The wording is a field of the record itself, so the record's change history (django-simple-
history) keeps every earlier wording, and the record's version guards it against lost updates
(families.services.family_wording_set). A record with more than one text staff wrote that
documents print (a safety-plan rule and how it holds; a case-plan step and how progress will be
shown) has one wording per text (`WordedField`), all in the record's one language: the family's
wording covers the whole record, and the record is still to translate while any text lacks it.

`families` imports none of the apps whose records carry a wording: each registers its kinds
here from its AppConfig.ready(), in the style of families.extensions. A kind says how to read
a family's records of that kind in a fixed number of queries, whatever their number.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise, cached_property
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


@dataclass(frozen=True)
class WordedField:
    """One text of a record that may be in the family's words: where its original is read
    (`original`, an attribute of the record), where its wording is kept (`wording`) and what
    that wording translated when it was typed (`of`)."""

    name: str  # in templates and services: {% family_words rule "how_it_holds" %}
    label: str | Promise = ""  # said beside it when the record has more than one text
    original: str = "original_wording"
    wording: str = "family_wording"
    of: str = "family_wording_of"


# The text every FamilyWording record has: its `original_wording`, kept in `family_wording`.
FIRST_TEXT = WordedField("")


def second_text(name: str, label: str | Promise) -> WordedField:
    """A record's second text (the field `name`), kept in `<name>_family_wording` and
    `<name>_family_wording_of`, which the model declares."""
    return WordedField(
        name, label, original=name, wording=f"{name}_family_wording", of=f"{name}_family_wording_of"
    )


class FamilyWording(models.Model):
    """A record whose text staff wrote, which may also carry the family's wording of it.

    A model inheriting it says its original text in `original_wording` (the sentence the
    app composes for danger statements and safety goals; the field as typed otherwise). A
    model with a second text that documents print lists both in `worded_fields` and declares
    the second's two fields (see `second_text`)."""

    worded_fields: tuple[WordedField, ...] = (FIRST_TEXT,)

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

    @classmethod
    def worded_field(cls, name: str = "") -> WordedField:
        """The text called `name` ("" or the first's name: the first)."""
        for field in cls.worded_fields:
            if field.name == name or (not name and field is cls.worded_fields[0]):
                return field
        raise LookupError(f"{cls.__name__} has no text {name!r} in the family's words")

    def wording_in(self, language: str, name: str = "") -> Wording:
        """The text `name` (the first by default) for a document in `language`: the family's
        wording when there is one in that language, of the original as it reads now;
        otherwise the original (marked missing unless `language` is the original's). An
        empty original (a step's progress not said yet) has nothing to translate."""
        field = self.worded_field(name)
        original = getattr(self, field.original)
        if not original.strip():
            return Wording(original, language, language)
        wording = getattr(self, field.wording)
        if wording.strip() and self.family_wording_language == language:
            if getattr(self, field.of) == original:
                return Wording(wording, language, language)
            return Wording(original, original_language(), language, out_of_date=wording)
        return Wording(original, original_language(), language)

    def wordings_in(self, language: str) -> list[tuple[WordedField, Wording]]:
        """Each of the record's texts for a document in `language`."""
        return [(field, self.wording_in(language, field.name)) for field in self.worded_fields]


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


@dataclass
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
        """The first text's."""
        return self.record.wording_in(self.language)

    @cached_property
    def wordings(self) -> list[tuple[WordedField, Wording]]:
        """Every text's, with the original it translates."""
        return self.record.wordings_in(self.language)

    @property
    def parts(self) -> list[dict]:
        """Each text as the pages show it: its label (when the record has more than one), the
        original, and its wording."""
        several = len(self.wordings) > 1
        return [
            {
                "label": field.label if several else "",
                "original": getattr(self.record, field.original),
                "wording": wording,
            }
            for field, wording in self.wordings
        ]

    @property
    def missing(self) -> bool:
        """Still to translate: while any of its texts lacks the family's wording."""
        return any(wording.missing for _field, wording in self.wordings)

    @property
    def missing_labels(self) -> list:
        """Which of a record's several texts lack it, when some do and some don't (none listed
        for a record of one text, or when every text lacks it)."""
        labels = [part["label"] for part in self.parts if part["label"] and part["wording"].missing]
        return labels if len(labels) < len(self.parts) else []

    @property
    def out_of_date(self) -> bool:
        return any(wording.out_of_date for _field, wording in self.wordings)

    @property
    def about(self) -> str:
        return self.kind.about(self.record) if self.kind.about else ""


def worded(records, language: str) -> list[WordedText]:
    return [WordedText(kind_of(record), record, language) for record in records]


def still_to_translate(records, language: str) -> list[WordedText]:
    """Those of `records` a document in `language` would print, in part or whole, as staff
    wrote them."""
    return [text for text in worded(records, language) if text.missing]


@dataclass(frozen=True)
class DocumentWording:
    """What the form asking for a family's document says of its language: the language it
    will be in, and each text it prints still without the family's wording in it (None when
    the language is the one staff write in: nothing to translate)."""

    language: str
    language_name: str
    missing: list[WordedText] | None
    original_language: str = "en"


def document_language_asked(family, asked: str | None) -> str:
    """The language a document is asked in: the one picked in the form when documents are
    made in it, else the family's."""
    return asked if asked in dict(document_languages()) else family.document_language
