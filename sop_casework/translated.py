"""Reference data in several languages: the texts loaded from files (an instrument's items,
scale and bands, the safety threats, the everyday actions, the protective factors' words).

How they are stored, the one way for every such row: the English text stays in its own field
(`Item.wording`, `SafetyThreat.wording`, …), which is what the code, the admin and a file
with one language know; beside it a JSONField `translations` holds the other languages,
``{"es": {"wording": "…"}}`` – language code, then field name, then text. A row comes with
its translations, so showing a list in Spanish costs no query more than in English.

How they are read: `text_in_language` (or a row's `translated(field)`, or the template filter
``{{ row|translated:"wording" }}``) with the active language (`get_language()`), or the one
given (a document's language). The exact language first, then its general language ("es"
for "es-mx"), then English. Never an empty string where English has text.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "en"


def _candidates(language: str | None) -> list[str]:
    code = (language or get_language() or SOURCE_LANGUAGE).lower()
    general = code.split("-")[0]
    return [code] if general == code else [code, general]


def translation_for(translations: dict | None, language: str | None = None) -> dict:
    """The texts of one language in a `translations` mapping ({lang: {field: text}}), or {}
    (English, or a language the row does not have)."""
    translations = translations or {}
    for code in _candidates(language):
        if code == SOURCE_LANGUAGE:
            return {}
        found = translations.get(code)
        if isinstance(found, dict) and found:
            return found
    return {}


def text_in_language(english: str, translations: dict | None, field: str, language: str | None = None) -> str:
    """`field`'s text in `language` (default: the active one), else the English text."""
    text = translation_for(translations, language).get(field)
    return text if isinstance(text, str) and text.strip() else english


class Translated(models.Model):
    """A row whose texts may be read in other languages than English (see the module)."""

    translations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("The texts in other languages than English, by language and field."),
    )

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> str:
        return text_in_language(getattr(self, field), self.translations, field, language)

    @property
    def languages(self) -> list[str]:
        """English, then each language the row has texts in."""
        return [SOURCE_LANGUAGE, *sorted(code for code, texts in self.translations.items() if texts)]
