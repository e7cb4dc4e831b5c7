from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from families.form_flow import save_form

from .preferences import EmailPreferenceForm, email_preference_save, preference_of


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
