from django import template

from meetings.selectors import first_meeting_of

register = template.Library()


@register.simple_tag
def first_meeting(family):
    """The first-meeting state of a caseload row annotated by with_meeting_columns."""
    return first_meeting_of(family)
