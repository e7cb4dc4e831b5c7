"""The one way a page saves a form through a service (POST/redirect/GET around it), and the
one way a page's button asks a service for one thing (submit, approve, make active)."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from .versioning import EditConflict


def save_form(form, save):
    """Run `save()` (a service call) if the form is valid. The service's ValidationErrors
    land beside the fields they name; an edit conflict shows what the other person saved.
    Returns what the service returned, or None when the form must be shown again, with
    everything the user typed still in it."""
    if not form.is_valid():
        return None
    try:
        return save()
    except EditConflict as conflict:
        form.show_conflict(conflict)
    except ValidationError as error:
        form.add_error(None, error)
    return None


def act(request, call, done) -> bool:
    """Run `call()` (a service) for a button: its refusal is shown as an error message, else
    `done` as a success message (a text, or a function giving it, called after the service
    ran: what it says may depend on what the service did). True when it went through."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done() if callable(done) else done)
    return True


def decision_of(request) -> dict:
    """An approve/return form's decision (templates/_decide_form.html), as the services'
    `*_decide` take it."""
    return {"approve": request.POST.get("decision") == "approve", "comment": request.POST.get("comment", "")}
