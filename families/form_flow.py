"""The one way a page saves a form through a service (POST/redirect/GET around it)."""

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
