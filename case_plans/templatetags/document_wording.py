"""`{% texts_without_wording family kind source as missing %}`: what the document asked for by
the form (case_plans/_document_request_form.html) would print in the original wording, in the
family's language for documents (the form's default), so that the worker knows what to have
translated before making it."""

from django import template

from families.family_wording import original_language

from ..documents import texts_without_wording as _texts_without_wording

register = template.Library()


@register.simple_tag
def texts_without_wording(family, kind, source) -> list | None:
    """None when the family's documents are in the language staff write in: nothing to
    translate."""
    language = family.document_language
    if language == original_language():
        return None
    return _texts_without_wording(family, kind, int(source), language)
