"""Documents of a family: ask for one (answers at once), watch it being made, download it.
Every page and the file go through the family access rule; downloads are audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form
from families.selectors import approver_of
from families.services import supervises

from . import selectors, services
from .forms import CasePlanForm, PullForm, StepForm
from .models import CasePlan, Document, DocumentKind, DocumentState, PlanStatus


def _document(family, document_id) -> Document:
    return get_object_or_404(Document.objects.filter(family=family), public_id=document_id)


@family_edit_view
@require_POST
def document_request(request, family):
    kind = request.POST.get("kind", "")
    if kind not in DocumentKind.values or not request.POST.get("source", "").isdigit():
        raise Http404("No such document.")
    try:
        document = services.document_request(
            family=family, by=request.user, kind=kind, source_id=int(request.POST["source"])
        )
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    return redirect("case_plans:document", family.public_id, document.public_id)


@family_view
def document_page(request, family, document_id):
    services.documents_sweep()
    document = _document(family, document_id)
    template = (
        "case_plans/_document_state.html" if request.headers.get("HX-Request") else "case_plans/document.html"
    )
    return render(request, template, {"family": family, "document": document})


@family_view
def document_download(request, family, document_id):
    document = _document(family, document_id)
    if document.state != DocumentState.READY:
        raise Http404("The document is not ready.")
    handle = services.document_open(document=document, by=request.user)
    filename = f"{family.case_number} {document.title}.pdf".replace("/", "-")
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


@family_edit_view
@require_POST
def document_retry(request, family, document_id):
    document = _document(family, document_id)
    try:
        services.document_retry(document=document, by=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    return redirect("case_plans:document", family.public_id, document.public_id)


# --- Case plans ------------------------------------------------------------------------


def _plan(family, pk) -> CasePlan:
    return get_object_or_404(CasePlan.objects.filter(family=family), pk=pk)


def _to_plan(family, plan):
    return redirect("case_plans:plan", family.public_id, plan.pk)


@family_view
def case_plans(request, family):
    return render(
        request,
        "case_plans/plans.html",
        {
            "family": family,
            "plans": selectors.family_case_plans(family),
            "editable": can_change_record(request.user, family),
        },
    )


@family_edit_view
@require_POST
def case_plan_start(request, family):
    try:
        plan = services.case_plan_start(family=family, by=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return redirect("case_plans:plans", family.public_id)
    return _to_plan(family, plan)


@family_view
def case_plan_page(request, family, pk):
    plan = _plan(family, pk)
    can_decide = plan.status == "submitted" and supervises(request.user, family)
    return render(
        request,
        "case_plans/plan.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family) and plan.can_change,
            "keeps_records": can_change_record(request.user, family),
            "can_decide": can_decide,
            "approver": approver_of(family) if plan.status == PlanStatus.SUBMITTED else None,
            **selectors.case_plan_detail(plan),
        },
    )


@family_edit_view
def case_plan_edit(request, family, pk):
    plan = _plan(family, pk)
    form = CasePlanForm(request.POST or None, instance=plan, family=family)
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_update(
            plan=plan,
            by=request.user,
            safety_goals=list(form.cleaned_data["safety_goals"]),
            well_being_goals=list(form.cleaned_data["well_being_goals"]),
            **{name: form.cleaned_data[name] for name in ("services", "visit_frequency", "review_on")},
        ),
    ):
        messages.success(request, "The case plan is saved.")
        return _to_plan(family, plan)
    return render(
        request,
        "families/form_page.html",
        {"form": form, "family": family, "title": f"{plan}: goals and details"},
    )


@family_edit_view
def case_plan_step_add(request, family, pk):
    plan = _plan(family, pk)
    form = StepForm(request.POST or None, plan=plan)
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_step_add(
            plan=plan,
            by=request.user,
            goal=form.cleaned_data["goal"],
            **{n: form.cleaned_data[n] for n in ("what", "who", "by_when", "progress_shown_by")},
        ),
    ):
        messages.success(request, "The step is added.")
        return _to_plan(family, plan)
    return render(request, "families/form_page.html", {"form": form, "family": family, "title": "Add a step"})


@family_edit_view
def case_plan_pull(request, family, pk):
    plan = _plan(family, pk)
    form = PullForm(request.POST or None, plan=plan)
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_pull_action_items(
            plan=plan, by=request.user, goal=form.cleaned_data["goal"], items=form.cleaned_data["items"]
        ),
    ):
        messages.success(request, "The action items are steps of the plan now.")
        return _to_plan(family, plan)
    return render(
        request,
        "families/form_page.html",
        {"form": form, "family": family, "title": "Pull in meeting action items"},
    )


@family_edit_view
@require_POST
def case_plan_submit(request, family, pk):
    plan = _plan(family, pk)
    try:
        services.case_plan_submit(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The plan is with the supervisor.")
    return _to_plan(family, plan)


@family_view
@require_POST
def case_plan_decide(request, family, pk):
    plan = _plan(family, pk)
    try:
        services.case_plan_decide(
            plan=plan,
            by=request.user,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Decision recorded.")
    return _to_plan(family, plan)


@family_edit_view
@require_POST
def case_plan_move_goal(request, family, pk):
    plan = _plan(family, pk)
    goal = request.POST.get("goal", "")
    if request.POST.get("kind") not in ("safety", "wellbeing") or not goal.isdigit():
        raise Http404("No such goal.")
    try:
        services.case_plan_move_goal(
            plan=plan,
            by=request.user,
            kind=request.POST["kind"],
            goal_id=int(goal),
            up=request.POST.get("up") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_plan(family, plan)
