"""Pages of a family's placements and family time (through the access rule), and of the
agency's resource families."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.models import Role
from audit.models import AuditAction
from audit.services import audit_record
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form

from . import selectors, services
from .forms import (
    FamilyTimePlanForm,
    PlacementEditForm,
    PlacementEndForm,
    PlacementForm,
    ResourceFamilyForm,
    VisitAddForm,
    VisitRecordForm,
)
from .models import FamilyTimePlan, FamilyTimeVisit, Placement, VisitStatus

FORM_PAGE = "families/form_page.html"


def _to_family(family):
    return redirect("placements:family", family.public_id)


def _form_page(request, family, form, title):
    return render(request, FORM_PAGE, {"form": form, "family": family, "title": title})


@family_view
def family_placements(request, family):
    """Where each child has lived (every placement, with the moves), and family time."""
    history = selectors.placement_history(family)
    return render(
        request,
        "placements/family.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family),
            "children_placed": selectors.by_child(history),
            "addresses": set(
                selectors.ResourceFamily.objects.address_visible_to(request.user).values_list("pk", flat=True)
            ),
            **selectors.family_time(family),
        },
    )


@family_edit_view
def placement_add(request, family):
    form = PlacementForm(
        request.POST or None, family=family, kept_from_parents=selectors.children_kept_from_parents(family)
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.placement_start(
            family=family, child=form.cleaned_data["child"], by=request.user, **form.edited()
        ),
    ):
        messages.success(request, _("The placement is recorded."))
        return _to_family(family)
    return _form_page(request, family, form, _("Where a child lives from now"))


def _placement(family, pk) -> Placement:
    return get_object_or_404(Placement.objects.filter(family=family).select_related("child"), pk=pk)


@family_edit_view
def placement_edit(request, family, pk):
    placement = _placement(family, pk)
    kept = [c for c in selectors.children_kept_from_parents(family) if c.pk == placement.child_id]
    form = PlacementEditForm(request.POST or None, instance=placement, kept_from_parents=kept)
    if request.method == "POST" and save_form(
        form,
        lambda: services.placement_update(
            placement=placement, by=request.user, expected_version=form.loaded_version(), **form.edited()
        ),
    ):
        messages.success(request, _("The placement is saved."))
        return _to_family(family)
    return _form_page(request, family, form, _("Placement of %(name)s") % {"name": placement.child.full_name})


@family_edit_view
def placement_end(request, family, pk):
    placement = _placement(family, pk)
    form = PlacementEndForm(request.POST or None, version_of=placement)
    if request.method == "POST" and save_form(
        form,
        lambda: services.placement_end(
            placement=placement,
            by=request.user,
            expected_version=form.loaded_version(),
            ended_on=form.cleaned_data["ended_on"],
            end_reason=form.cleaned_data["end_reason"],
        ),
    ):
        messages.success(request, _("The placement has ended; it stays on the record."))
        return _to_family(family)
    return _form_page(
        request, family, form, _("End the placement of %(name)s") % {"name": placement.child.full_name}
    )


@family_edit_view
def plan_add(request, family):
    return _plan_page(request, family, None)


@family_edit_view
def plan_edit(request, family, pk):
    return _plan_page(request, family, get_object_or_404(FamilyTimePlan.objects.filter(family=family), pk=pk))


def _plan_page(request, family, plan):
    form = FamilyTimePlanForm(request.POST or None, instance=plan, family=family)
    if request.method == "POST" and save_form(
        form,
        lambda: services.family_time_plan_save(
            family=family,
            by=request.user,
            existing=plan,
            expected_version=form.loaded_version(),
            **form.edited(),
        ),
    ):
        messages.success(request, _("The family time plan is saved."))
        return _to_family(family)
    return _form_page(request, family, form, _("Family time: who, how often, where"))


@family_edit_view
def visit_add(request, family, pk):
    plan = get_object_or_404(FamilyTimePlan.objects.filter(family=family).select_related("family"), pk=pk)
    form = VisitAddForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.family_time_visit_add(plan=plan, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The visit is saved."))
        return _to_family(family)
    return _form_page(request, family, form, _("Family time with %(who)s") % {"who": plan.with_whom})


@family_edit_view
def visit_record(request, family, pk):
    visit = get_object_or_404(
        FamilyTimeVisit.objects.filter(family=family).select_related("plan", "plan__family"), pk=pk
    )
    form = VisitRecordForm(request.POST or None, instance=visit, initial={"status": VisitStatus.HELD})
    if request.method == "POST" and save_form(
        form,
        lambda: services.family_time_visit_record(
            visit=visit, by=request.user, expected_version=form.loaded_version(), **form.edited()
        ),
    ):
        messages.success(request, _("What happened at the visit is recorded."))
        return _to_family(family)
    return _form_page(
        request, family, form, _("What happened at the visit with %(who)s") % {"who": visit.plan.with_whom}
    )


# --- Resource families ------------------------------------------------------------------------

# The agency's licensing work: program administrators keep the households (and so read
# every address); caseworkers and supervisors choose from them.
KEEPS_HOUSEHOLDS = (Role.PROGRAM_ADMINISTRATOR,)


def resource_family_list(request):
    """Every carer household: staff choose a placement from it; addresses only where the
    reader has a need (ResourceFamily.objects.address_visible_to)."""
    return render(
        request,
        "placements/resource_families.html",
        {
            "households": selectors.resource_families(request.user),
            "may_add": request.user.role in KEEPS_HOUSEHOLDS,
        },
    )


def resource_family_page(request, pk):
    household = selectors.resource_family_for(request.user, pk)
    if household.address_visible:  # who read a carer's address is on the audit trail
        audit_record(actor=request.user, action=AuditAction.VIEW, record=household)
    return render(
        request,
        "placements/resource_family.html",
        {"household": household, "may_edit": request.user.role in KEEPS_HOUSEHOLDS},
    )


@role_required(*KEEPS_HOUSEHOLDS)
def resource_family_add(request):
    return _household_page(request, None)


@role_required(*KEEPS_HOUSEHOLDS)
def resource_family_edit(request, pk):
    return _household_page(request, selectors.resource_family_for(request.user, pk))


def _household_page(request, household):
    form = ResourceFamilyForm(request.POST or None, instance=household)
    saved = request.method == "POST" and save_form(
        form,
        lambda: services.resource_family_save(
            by=request.user, existing=household, expected_version=form.loaded_version(), **form.edited()
        ),
    )
    if saved:
        messages.success(request, _("The resource family is saved."))
        return redirect("placements:resource_family", saved.pk)
    return render(request, FORM_PAGE, {"form": form, "title": _("Resource family")})
