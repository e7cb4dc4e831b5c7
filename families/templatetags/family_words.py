"""`{% family_words record %}`: a text staff wrote, as a document in the active language prints
it (families.family_wording): the family's wording, or the original marked “(in English)” in
the document's language. Each carries the `lang` of the words it is in, so that a screen
reader (and the PDF's tagging) reads each in its own language."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def family_words(record, language: str | None = None):
    wording = record.wording_in(language or translation.get_language())
    text = linebreaksbr(wording.text, autoescape=True)
    if wording.missing:
        return format_html(
            '<span lang="{}">{}</span> <small class="not-translated">{}</small>',
            wording.language,
            text,
            pgettext("a text not yet translated into the document's language", "(in English)"),
        )
    return format_html('<span lang="{}">{}</span>', wording.language, text)
