from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def in_words(delta: timedelta) -> str:
    """A length of time as a person says it: "30 minutes", "1 hour 30 minutes"."""
    hours, minutes = divmod(round(delta.total_seconds() / 60), 60)
    parts = [ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}] if hours else []
    if minutes or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)
