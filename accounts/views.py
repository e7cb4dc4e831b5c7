from django.shortcuts import redirect, render

from .access import role_required
from .models import Role
from .selectors import program_administrators, units_with_staff


def home(request):
    """Each role lands on the page it works from."""
    user = request.user
    if user.is_supervisor:
        return redirect("supervision:unit_review")
    if user.is_program_administrator:
        return redirect("accounts:staff")
    return redirect("families:my_caseload")


@role_required(Role.PROGRAM_ADMINISTRATOR)
def staff(request):
    return render(
        request,
        "accounts/staff.html",
        {"units": units_with_staff(), "administrators": program_administrators()},
    )
