from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell in the header: the unread count, read with the user (no query of its own)."""
    request = context["request"]
    count = unread_count(request.user)
    return {"count": count, "shown": "99+" if count > 99 else count, "request": request}
