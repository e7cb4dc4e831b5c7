from django.shortcuts import render

from accounts.access import role_required
from accounts.models import Role
from audit.models import AuditAction
from audit.services import audit_record

from . import selectors
from .access import family_view
from .models import FamilyStatus


def my_caseload(request):
    status = request.GET.get("status", "")
    if status not in FamilyStatus.values:
        status = ""
    families = selectors.caseload_for_worker(request.user, status=status or None)
    return render(
        request,
        "families/my_caseload.html",
        {"families": families, "status": status, "statuses": FamilyStatus.choices},
    )


@family_view
def family_overview(request, family):
    audit_record(request=request, action=AuditAction.VIEW, family_public_id=family.public_id)
    return render(
        request,
        "families/family_overview.html",
        {"family": family, **selectors.family_overview(family)},
    )


@role_required(Role.SUPERVISOR)
def unit_review(request):
    unit = request.user.unit
    return render(
        request,
        "families/unit_review.html",
        {"unit": unit, "caseworkers": selectors.unit_caseworkers(unit)},
    )
