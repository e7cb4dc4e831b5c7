"""Pages of the scored SDM safety assessment: start a draft, answer it and submit it (one
page, which shows the submitted assessment read-only), and the supervisor's decision on an
override (also in the supervision approvals inbox)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import act, decision_of, save_form
from families.selectors import approver_of
from families.services import supervises

from ..models import OverrideStatus, SafetyAssessment
from . import safety
from .safety_forms import SafetyAnswersForm


def _page(family, pk):
    return redirect("safety_networks:safety_assessment", family.public_id, pk)


@family_edit_view
@require_POST
def safety_assessment_start(request, family):
    try:
        assessment = safety.safety_assessment_start(family=family, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("safety_networks:decisions", family.public_id)
    return _page(family, assessment.pk)


@family_view
def safety_assessment(request, family, pk):
    assessment = safety.assessment_for_page(family, pk)
    editable = can_change_record(request.user, family)
    form = SafetyAnswersForm(request.POST or None, assessment=assessment) if assessment.is_draft else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("You may read this family’s record, not change it."))
        if form is None:
            messages.error(
                request, _("This safety assessment is submitted; its answers can no longer change.")
            )
            return _page(family, pk)
        saved = save_form(
            form,
            lambda: safety.safety_assessment_save(
                assessment=assessment,
                by=request.user,
                expected_version=form.loaded_version(),
                threats=form.threats(),
                interventions=form.interventions(),
                **form.assessment_fields(),
            ),
        )
        if saved and "submit" not in request.POST:
            messages.success(request, _("The draft is saved."))
            return _page(family, pk)
        if saved:
            try:
                safety.safety_assessment_submit(assessment=saved, by=request.user)
            except ValidationError as error:
                # The answers are saved: the page comes back with them, at the saved version,
                # and the reason beside each item it names.
                assessment = safety.assessment_for_page(family, pk)
                data = request.POST.copy()
                data["version"] = assessment.version
                form = SafetyAnswersForm(data, assessment=assessment)
                form.is_valid()
                form.add_error(None, error)
            else:
                messages.success(request, _("The safety assessment is submitted."))
                return _page(family, pk)
    previous = safety.previous_assessment(assessment)
    rows = safety.threat_rows(assessment, previous)
    if form is not None:
        for row in rows:
            row.bound = [form[safety.threat_field(a.child_id, row.code)] for a in row.answers]
            row.bound_interventions = [
                form[safety.intervention_field(row.code, code)] for code, *_ in row.interventions
            ]
    waiting = assessment.override_status == OverrideStatus.PENDING
    return render(
        request,
        "safety_networks/safety_assessment_detail.html",
        {
            "family": family,
            "assessment": assessment,
            "form": form if editable else None,
            "rows": rows,
            "children": _children(rows),
            "previous": previous,
            "any_present": any(row.present for row in rows),
            "editable": editable,
            "needs_plan": assessment.decision == "conditionally_safe"
            or (form is not None and form.errors and "needs_safety_plan" in _codes(form)),
            "has_active_plan": safety.has_active_plan(family),
            "can_decide_override": waiting and supervises(request.user, family),
            "approver": approver_of(family) if waiting else None,
        },
    )


def _children(rows):
    return [answer.child for answer in rows[0].answers] if rows else []


def _codes(form) -> set:
    return {error.code for error in form.errors.as_data().get("__all__", [])}


@family_view
@require_POST
def safety_override_decide(request, family, pk):
    assessment = get_object_or_404(SafetyAssessment.objects.filter(family=family), pk=pk)
    act(
        request,
        lambda: safety.safety_override_decide(assessment=assessment, by=request.user, **decision_of(request)),
        lambda: (
            _("The changed decision is approved.")
            if assessment.override_status == OverrideStatus.APPROVED
            else _("The changed decision is not approved.")
        ),
    )
    return _page(family, pk)
