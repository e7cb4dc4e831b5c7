from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def review_number(rule, number, *, row=None, unit=None, row_link="worker"):
    """A number of the review; when it isn't 0, a link to the families behind it."""
    if not number:
        return format_html('<span class="text-body-secondary">{}</span>', 0)
    if row is not None and row.who is None:
        return format_html("{}", number)  # families without a caseworker or unit: no list of their own
    query = {"rule": rule.slug}
    if row is not None and row.who is not None:
        query["unit" if row_link == "unit" else "worker"] = row.who.pk
    if unit is not None:
        query["unit"] = unit.pk
    style = "badge text-bg-warning" if rule.is_a_concern else ""
    label = f"{number} {rule.counts}: {rule.describes.lower()}"
    return format_html(
        '<a href="{}?{}" aria-label="{}"><span class="{}">{}</span></a>',
        reverse("supervision:families"),
        urlencode(query),
        label,
        style,
        number,
    )
