"""Links to a record's Changes page (families:record_changes) from the record's own page:
`{% load record_changes %}{% changes_link family record %}`. No query: the URL is made of
the family's public id, the record's model and id."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from families.history import changes_kind

register = template.Library()


@register.simple_tag
def changes_url(family, record) -> str:
    return reverse("families:record_changes", args=[family.public_id, changes_kind(record), record.pk])


@register.simple_tag
def changes_link(family, record, name: str = "", css: str = "small") -> str:
    """A "Changes" link to the record's history; its accessible name says whose (`name`, or
    the kind of record: the record's own str() may read a related row)."""
    return format_html(
        '<a class="{}" href="{}" aria-label="{}">{}</a>',
        css,
        changes_url(family, record),
        gettext("Changes to %(record)s") % {"record": name or record._meta.verbose_name},
        gettext("Changes"),
    )
