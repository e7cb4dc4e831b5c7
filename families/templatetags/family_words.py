"""`{% family_words record %}`: a text staff wrote, as a document in the active language prints
it (families.family_wording): the family's wording, or the original marked “(in English)” in
the document's language. Each carries the `lang` of the words it is in, so that a screen
reader (and the PDF's tagging) reads each in its own language. A record's other text:
`{% family_words rule "how_it_holds" %}`.

`<p{% as_staff_wrote_it %}>`: the `lang` of a text staff wrote that has no family's wording
(a safety plan's warning signs, a meeting's decisions), when the document is in another
language than the one staff write in."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import pgettext

from ..family_wording import original_language

register = template.Library()


@register.simple_tag
def family_words(record, name: str = "", language: str | None = None):
    wording = record.wording_in(language or translation.get_language(), name)
    if not wording.text.strip():
        return ""
    text = linebreaksbr(wording.text, autoescape=True)
    if wording.missing:
        return format_html(
            '<span lang="{}">{}</span> <small class="not-translated">{}</small>',
            wording.language,
            text,
            pgettext("a text not yet translated into the document's language", "(in English)"),
        )
    return format_html('<span lang="{}">{}</span>', wording.language, text)


@register.simple_tag
def as_staff_wrote_it():
    """` lang="en"` when the active language is not the one staff write in; nothing otherwise."""
    language = original_language()
    if translation.get_language() == language:
        return ""
    return format_html(' lang="{}"', language)
