from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: timedelta) -> int:
    """A duration in whole minutes (at least one), to be said in words by the template."""
    return max(1, round(value.total_seconds() / 60))
