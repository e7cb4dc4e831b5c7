from django import template

from ..selectors import unread_count

register = template.Library()

MOST_SHOWN = 99  # more shows as "99+"


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell in the header: the unread count, read with the user (no query of its own)."""
    request = context.get("request")
    count = unread_count(request.user)
    return {
        "count": count,
        "shown": f"{MOST_SHOWN}+" if count > MOST_SHOWN else count,
        "most": MOST_SHOWN,
        "request": request,
    }
