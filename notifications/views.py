"""The notifications page, opening one, and marking all read. Thin: selector, service,
redirect. Each person reaches only their own notifications (another's id answers 404)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from families.form_flow import save_form

from . import selectors, services
from .preferences import EmailPreferenceForm, email_preference_save, preference_of

PAGE_SIZE = 25


@require_GET
def notification_list(request):
    """Newest first, 25 a page. Queries: the count for the pages, and one for the page's
    notifications with their families, actors and whether each family is still visible."""
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_words(page.object_list)
    return render(
        request, "notifications/list.html", {"page": page, "unread": selectors.unread_count(request.user)}
    )


@require_GET
def notification_open(request, notification_id):
    """Mark the notification read and go to its record. A GET, so the link works like any
    link (new tab, keyboard, screen reader); marking one's own notification read is harmless,
    and its id is a random UUID that another site cannot know. The record's page applies the
    access rule as always: a family the reader no longer sees answers 404."""
    notification = selectors.notification_of(request.user, notification_id)
    services.notification_open(notification=notification)
    if not url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(notification.link)


@require_POST
def notifications_mark_all_read(request):
    marked = services.notifications_mark_all_read(user=request.user)
    if marked:
        messages.success(
            request,
            ngettext("%(count)s notification marked read.", "%(count)s notifications marked read.", marked)
            % {"count": marked},
        )
    else:
        messages.info(request, _("There were no unread notifications."))
    return redirect("notifications:list")


def email_preferences(request):
    """What the signed-in person receives by email: the digest and the immediate emails."""
    preference = preference_of(request.user)
    form = EmailPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and save_form(
        form,
        lambda: email_preference_save(
            user=request.user, expected_version=form.loaded_version(), **form.edited()
        ),
    ):
        messages.success(request, _("Your email settings are saved."))
        return redirect("notifications:email_preferences")
    return render(request, "notifications/email_preferences.html", {"form": form, "user": request.user})
