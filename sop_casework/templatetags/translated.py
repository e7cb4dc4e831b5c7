"""{{ row|translated:"wording" }}: a reference row's text in the reader's language, else in
English (sop_casework.translated)."""

from django import template

register = template.Library()


@register.filter
def translated(row, field: str) -> str:
    return row.translated(field)
