"""The case plan's pages: its versions, a version with its steps and signatures, the edits,
submission and the supervisor's decision. (Its PDF: documents.views.)"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from documents import signing
from documents.selectors import files_belonging_to
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import act, decision_of, save_form
from families.selectors import approver_of, document_wording
from families.services import supervises
from families.versioning import EditConflict

from . import selectors, services
from .forms import CasePlanForm, MoveGoalForm, PlanNeedForm, PullForm, StepForm, StepWithdrawForm
from .models import (
    CasePlan,
    CasePlanSignature,
    CasePlanStep,
    PlanStatus,
)

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
    signable = plan.status in SIGNABLE
    return render(
        request,
        "case_plans/plan.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family) and plan.can_change,
            "keeps_records": can_change_record(request.user, family),
            "can_decide": can_decide,
            "approver": approver_of(family) if plan.status == PlanStatus.SUBMITTED else None,
            "pdf_texts": can_change_record(request.user, family)
            and document_wording(
                family, lambda: selectors.case_plan_texts(family, plan.pk), request.GET.get("language")
            ),
            "signable": signable,
            "signers": signing.plan_signers(
                family=family,
                record=plan,
                model=CasePlanSignature,
                supervisor=_signing_supervisor(family, plan),
                user=request.user,
            )
            if signable
            else [],
            "files": files_belonging_to(
                family=family, user=request.user, kind="case_plan", record_id=plan.pk
            ),
            **selectors.case_plan_detail(plan),
        },
    )


def _unless_changeable(request, family, plan):
    """A page that changes the plan, opened on a version that can no longer change: back to
    the plan, saying why. (A form sent anyway is refused by the service, keeping what was
    typed.)"""
    if request.method == "GET" and not plan.can_change:
        messages.warning(
            request,
            _(
                "Version %(number)s is %(status)s and can no longer change. "
                "Start a new version to change the plan."
            )
            % {"number": plan.number, "status": plan.get_status_display().lower()},
        )
        return _to_plan(family, plan)
    return None


@family_edit_view
def case_plan_edit(request, family, pk):
    plan = _plan(family, pk)
    if refused := _unless_changeable(request, family, plan):
        return refused
    form = CasePlanForm(request.POST or None, instance=plan, family=family)
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_update(
            plan=plan,
            by=request.user,
            expected_version=form.loaded_version(),
            safety_goals=list(form.cleaned_data["safety_goals"]),
            well_being_goals=list(form.cleaned_data["well_being_goals"]),
            **{name: form.cleaned_data[name] for name in ("services", "visit_frequency", "review_on")},
        ),
    ):
        messages.success(request, _("The case plan is saved."))
        return _to_plan(family, plan)
    return render(
        request,
        "families/form_page.html",
        {"form": form, "family": family, "title": _("%(plan)s: goals and details") % {"plan": plan}},
    )


@family_edit_view
def case_plan_step_add(request, family, pk):
    return _step_page(request, family, _plan(family, pk), None)


@family_edit_view
def case_plan_step_edit(request, family, pk, step_pk):
    plan = _plan(family, pk)
    return _step_page(request, family, plan, _step(request, plan, step_pk))


def _step(request, plan, step_pk) -> CasePlanStep:
    """A step of the plan. A form sent for a step taken out since it was opened reaches the
    service, which refuses it beside what was typed; opening one is a 404."""
    steps = CasePlanStep.objects if request.method == "POST" else CasePlanStep.in_plan
    return get_object_or_404(steps.filter(plan=plan), pk=step_pk)


def _step_page(request, family, plan, step):
    if refused := _unless_changeable(request, family, plan):
        return refused
    form = StepForm(request.POST or None, instance=step, plan=plan)

    def save():
        if step is None:
            return services.case_plan_step_add(
                plan=plan, by=request.user, goal=form.cleaned_data["goal"], **form.step_fields()
            )
        return services.case_plan_step_update(
            step=step,
            by=request.user,
            goal=form.cleaned_data["goal"],
            expected_version=form.loaded_version(),
            **form.step_fields(),
        )

    if request.method == "POST" and save_form(form, save):
        messages.success(request, _("The step is saved.") if step else _("The step is added."))
        return _to_plan(family, plan)
    title = _("Change a step") if step else _("Add a step")
    return render(request, "families/form_page.html", {"form": form, "family": family, "title": title})


@family_edit_view
def case_plan_step_withdraw(request, family, pk, step_pk):
    plan = _plan(family, pk)
    if refused := _unless_changeable(request, family, plan):
        return refused
    step = _step(request, plan, step_pk)
    form = StepWithdrawForm(request.POST if request.method == "POST" else None, version_of=step)
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_step_withdraw(
            step=step,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(request, _("The step is taken out of the plan. It stays on the record."))
        return _to_plan(family, plan)
    return render(
        request,
        "families/form_page.html",
        {
            "form": form,
            "family": family,
            "title": _("Take a step out of the plan"),
            "intro_text": f"{step.who}: {step.what}",
            "submit_label": _("Take it out"),
        },
    )


@family_edit_view
def case_plan_pull(request, family, pk):
    plan = _plan(family, pk)
    if refused := _unless_changeable(request, family, plan):
        return refused
    form = PullForm(request.POST or None, plan=plan)
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_pull_action_items(
            plan=plan, by=request.user, goal=form.cleaned_data["goal"], items=form.cleaned_data["items"]
        ),
    ):
        messages.success(
            request,
            _(
                "The action items are steps of the plan now. Before the plan is submitted, "
                "say for each how progress will be shown (Change, beside the step)."
            ),
        )
        return _to_plan(family, plan)
    return render(
        request,
        "families/form_page.html",
        {"form": form, "family": family, "title": _("Pull in meeting action items")},
    )


@family_edit_view
@require_POST
def case_plan_submit(request, family, pk):
    plan = _plan(family, pk)
    act(
        request,
        lambda: services.case_plan_submit(plan=plan, by=request.user),
        _("The plan is with the supervisor."),
    )
    return _to_plan(family, plan)


@family_view
@require_POST
def case_plan_decide(request, family, pk):
    plan = _plan(family, pk)
    act(
        request,
        lambda: services.case_plan_decide(plan=plan, by=request.user, **decision_of(request)),
        _("Decision recorded."),
    )
    return _to_plan(family, plan)


@family_edit_view
@require_POST
def case_plan_move_goal(request, family, pk):
    plan = _plan(family, pk)
    form = MoveGoalForm(request.POST, version_of=plan)
    if not form.is_valid():
        if not form.non_field_errors():
            raise Http404("No such goal.")
        messages.error(request, " ".join(form.non_field_errors()))
        return _to_plan(family, plan)
    try:
        services.case_plan_move_goal(
            plan=plan,
            by=request.user,
            kind=form.cleaned_data["kind"],
            goal_id=form.cleaned_data["goal"],
            up=form.cleaned_data["up"],
            expected_version=form.loaded_version(),
        )
    except EditConflict:
        messages.error(request, MOVE_CONFLICT)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_plan(family, plan)


MOVE_CONFLICT = _lazy(
    "Someone else changed the plan after this page was opened, so the goal was not moved. "
    "This is the plan as it is now: move the goal again if it still needs to."
)


# --- Needs and strengths of the family strengths and needs assessment ---------------------


def _need(family, plan, rating_pk):
    """The need or strength the plan offers for the rating (404 for any other), with the
    plan's steps and well-being goals it can be answered by."""
    from protective_factors.models import WellBeingGoal
    from safety_networks.fsna_models import DomainRating

    from .needs import needs_of

    get_object_or_404(DomainRating.objects.filter(assessment__family=family), pk=rating_pk)
    steps = list(CasePlanStep.in_plan.filter(plan=plan).order_by("by_when", "id"))
    well_being = list(
        WellBeingGoal.objects.filter(pk__in=plan.well_being_goals.values("pk")).select_related("factor")
    )
    needs, strengths = needs_of(plan, steps=steps, well_being=well_being)
    row = next((row for row in [*needs, *strengths] if row.rating.pk == rating_pk), None)
    if row is None:
        raise Http404("The plan does not offer this rating.")
    return row, steps, well_being


def _need_title(need) -> str:
    if need.is_need:
        return _("Answer the need: %(need)s") % {"need": need.label}
    return _("Build on the strength: %(strength)s") % {"strength": need.label}


@family_edit_view
def case_plan_need(request, family, pk, rating_pk):
    """Answer a priority need with a goal or a step of the plan, or set it aside with the
    reason; or link a strength to the goal or step that builds on it."""
    plan = _plan(family, pk)
    if refused := _unless_changeable(request, family, plan):
        return refused
    need, steps, well_being = _need(family, plan, rating_pk)
    form = PlanNeedForm(
        request.POST or None, plan=plan, need=need, steps=steps, well_being=well_being, version_of=need.link
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_need_answer(
            plan=plan, by=request.user, rating=need.rating, **form.answer_fields()
        ),
    ):
        messages.success(request, _("Saved: the plan says how it answers this."))
        return _to_plan(family, plan)
    return render(
        request,
        "case_plans/need_form.html",
        {"form": form, "family": family, "plan": plan, "need": need, "title": _need_title(need)},
    )


def _from_the_need(need) -> str:
    """A first wording for a step or goal answering the need, to be rewritten."""
    if need.rating.note:
        return _("%(domain)s: %(note)s") % {"domain": need.name, "note": need.rating.note}
    return need.name


@family_edit_view
def case_plan_need_step(request, family, pk, rating_pk):
    """A new step of the plan, prefilled from the need it answers."""
    plan = _plan(family, pk)
    if refused := _unless_changeable(request, family, plan):
        return refused
    need, _steps, _well_being = _need(family, plan, rating_pk)
    form = StepForm(
        request.POST or None,
        plan=plan,
        initial={"what": _from_the_need(need), "who": need.person.first_name},
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_step_add_for_need(
            plan=plan,
            by=request.user,
            rating=need.rating,
            goal=form.cleaned_data["goal"],
            **form.step_fields(),
        ),
    ):
        messages.success(request, _("The step is added and answers the need."))
        return _to_plan(family, plan)
    return render(
        request,
        "families/form_page.html",
        {
            "form": form,
            "family": family,
            "title": _("Add a step for: %(need)s") % {"need": need.label},
            "intro_text": need.rating.note,
        },
    )


@family_edit_view
def case_plan_need_goal(request, family, pk, rating_pk):
    """A new well-being goal, prefilled from the need it answers, put in the plan."""
    from protective_factors.forms import WellBeingGoalForm

    plan = _plan(family, pk)
    if refused := _unless_changeable(request, family, plan):
        return refused
    need, _steps, _well_being = _need(family, plan, rating_pk)
    person = f"{need.rating.side}-{need.person.pk}"
    form = WellBeingGoalForm(
        request.POST or None, family=family, initial={"goal": _from_the_need(need), "person": person}
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_plan_goal_add_for_need(
            plan=plan, by=request.user, rating=need.rating, **form.goal_fields()
        ),
    ):
        messages.success(request, _("The well-being goal is in the plan and answers the need."))
        return _to_plan(family, plan)
    return render(
        request,
        "families/form_page.html",
        {
            "form": form,
            "family": family,
            "title": _("A well-being goal for: %(need)s") % {"need": need.label},
            "intro_text": need.rating.note,
        },
    )


# --- Signatures and the files of a version ----------------------------------------------

SIGNABLE = (PlanStatus.ACTIVE, PlanStatus.SUPERSEDED)


def _signing_supervisor(family, plan):
    """The supervisor who signs: the one who approved the version, else the unit's."""
    return plan.decided_by if plan.decided_by_id else approver_of(family)


@family_edit_view
def case_plan_signatures(request, family, pk):
    """Record signatures: the signed copy and who signed it (or would not)."""
    plan = _plan(family, pk)
    if plan.status not in SIGNABLE:
        messages.warning(request, _("A case plan is signed once the supervisor has approved it."))
        return _to_plan(family, plan)
    return signing.signatures_page(
        request,
        family=family,
        record=plan,
        model=CasePlanSignature,
        record_kind="case_plan",
        supervisor=_signing_supervisor(family, plan),
        title=_("Record signatures: case plan, version %(number)s") % {"number": plan.number},
        default_title=_("Signed case plan, version %(number)s") % {"number": plan.number},
        back=reverse("case_plans:plan", args=[family.public_id, plan.pk]),
    )


@family_edit_view
def case_plan_signature_withdraw(request, family, pk, signature_pk):
    plan = _plan(family, pk)
    signature = get_object_or_404(
        CasePlanSignature.objects.filter(record=plan, withdrawn_at__isnull=True), pk=signature_pk
    )
    return signing.signature_withdraw_page(
        request,
        family=family,
        signature=signature,
        title=_("Withdraw a signature record"),
        back=reverse("case_plans:plan", args=[family.public_id, plan.pk]),
    )
