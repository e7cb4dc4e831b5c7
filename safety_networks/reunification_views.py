"""Pages of the SDM reunification reassessment: the family's list, start one for a child in
care, answer the draft and submit it, read it beside the child's last one, ask for an
override of its recommendation and (the supervisor) decide it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import act, decision_of, save_form
from families.models import Child
from families.selectors import approver_of
from families.services import supervises
from families.versioning import EditConflict

from . import reunification_selectors, reunification_services
from .models import OverrideStatus
from .reunification_forms import ReunificationDraftForm, ReunificationOverrideForm, ReunificationStartForm
from .reunification_models import ReunificationReassessment
from .sdm.reunification import text

FORM_PAGE = "families/form_page.html"


def _reassessment(family, pk) -> ReunificationReassessment:
    try:
        return reunification_selectors.reassessment_of(family, pk)
    except ReunificationReassessment.DoesNotExist as error:
        raise Http404 from error


@family_view
def reunification_list(request, family):
    return render(
        request,
        "safety_networks/reunification_list.html",
        {
            "family": family,
            "reassessments": reunification_selectors.reassessments_of(family),
            "editable": can_change_record(request.user, family),
        },
    )


@family_edit_view
def reunification_start(request, family):
    instrument = reunification_services.latest_instrument()
    if instrument is None:
        raise Http404
    in_care = [child.pk for child in reunification_services.children_in_care(family)]
    form = ReunificationStartForm(
        request.POST or None,
        children=Child.objects.filter(pk__in=in_care).order_by("date_of_birth", "id"),
        initial={"assessed_on": timezone.localdate(), "child": request.GET.get("child")},
    )
    reassessment = request.method == "POST" and save_form(
        form,
        lambda: reunification_services.reunification_start(
            family=family,
            by=request.user,
            child=form.cleaned_data["child"],
            instrument=instrument,
            assessed_on=form.cleaned_data["assessed_on"],
        ),
    )
    if reassessment:
        return redirect("safety_networks:reunification_draft", family.public_id, reassessment.pk)
    intro = text(instrument.definition.get("description", ""))
    if not in_care:
        intro = _(
            "No child of this family is in care now: a reunification reassessment is for a child in care."
        )
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "family": family,
            "title": _("Reunification reassessment"),
            "intro_text": intro,
            "submit_label": _("Start answering"),
        },
    )


@family_edit_view
def reunification_draft(request, family, pk):
    reassessment = _reassessment(family, pk)
    if not reassessment.is_draft:
        messages.info(request, _("This reassessment is submitted; its answers can no longer change."))
        return redirect("safety_networks:reunification", family.public_id, reassessment.pk)
    found = reunification_selectors.findings(family, reassessment)
    form = ReunificationDraftForm(
        request.POST or None, reassessment=reassessment, ask_safety=found.safety is None
    )
    if request.method == "POST" and form.is_valid():
        try:
            reunification_services.reunification_save(
                reassessment=reassessment,
                by=request.user,
                goal_ratings=form.goal_ratings(),
                family_time=form.family_time(),
                safety_answer=form.safety_answer(),
                notes=form.cleaned_data["notes"],
                assessed_on=form.cleaned_data["assessed_on"],
                expected_version=form.loaded_version(),
            )
            if "submit" in request.POST:
                done = reunification_services.reunification_submit(reassessment=reassessment, by=request.user)
                messages.success(
                    request,
                    _("The reassessment is submitted: %(recommendation)s.")
                    % {"recommendation": done.get_recommendation_display()},
                )
                return redirect("safety_networks:reunification", family.public_id, reassessment.pk)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            # the answers were saved: the form goes on from the version they made
            reassessment.refresh_from_db(fields=["version"])
            data = form.data.copy()
            data["version"] = reassessment.version
            form.data = data
            for name, errors in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The answers are saved. Submit when every question is answered."))
            return redirect("safety_networks:reunification_draft", family.public_id, reassessment.pk)
    before = reunification_services.last_submitted(reassessment.child_id)
    earlier = {row.question: row.before for row in reunification_selectors.compared(reassessment, before)}
    goals = [
        (goal, form[f"goal_{goal['key']}"], earlier.get(f"{goal['kind']}: {goal['wording']}"))
        for goal in reassessment.goals
    ]
    items = [
        (form[f"ft_{item['code']}"], earlier.get(text(item["wording"])))
        for item in reassessment.instrument.definition["family_time_items"]
    ]
    return render(
        request,
        "safety_networks/reunification_draft.html",
        {
            "family": family,
            "reassessment": reassessment,
            "form": form,
            "found": found,
            "goals": goals,
            "items": items,
            "before": before,
        },
    )


@family_view
def reunification(request, family, pk):
    reassessment = _reassessment(family, pk)
    editable = can_change_record(request.user, family)
    pending = reassessment.override_status == OverrideStatus.PENDING
    before = reassessment.compared_with if not reassessment.is_draft else None
    return render(
        request,
        "safety_networks/reunification_detail.html",
        {
            "family": family,
            "reassessment": reassessment,
            "rows": reunification_selectors.compared(reassessment, before),
            "before": before,
            "editable": editable,
            "can_override": editable
            and not reassessment.is_draft
            and reassessment.override_status in (OverrideStatus.NONE, OverrideStatus.REJECTED),
            "can_decide": pending and supervises(request.user, family),
            "approver": approver_of(family) if pending else None,
        },
    )


@family_edit_view
def reunification_override(request, family, pk):
    reassessment = _reassessment(family, pk)
    if reassessment.is_draft:
        raise Http404
    form = ReunificationOverrideForm(request.POST or None, instance=reassessment)
    if request.method == "POST" and save_form(
        form,
        lambda: reunification_services.reunification_override_request(
            reassessment=reassessment,
            by=request.user,
            expected_version=form.loaded_version(),
            **form.edited(),
        ),
    ):
        messages.success(request, _("The override is waiting for the supervisor’s approval."))
        return redirect("safety_networks:reunification", family.public_id, reassessment.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "family": family,
            "title": _("Override the recommendation"),
            "intro_text": _(
                "The tool recommends: %(recommendation)s. An override needs a reason and the "
                "supervisor’s approval."
            )
            % {"recommendation": reassessment.get_recommendation_display()},
        },
    )


@family_view
@require_POST
def reunification_override_decide(request, family, pk):
    reassessment = _reassessment(family, pk)
    act(
        request,
        lambda: reunification_services.reunification_override_decide(
            reassessment=reassessment, by=request.user, **decision_of(request)
        ),
        lambda: (
            _("Override approved.")
            if reassessment.override_status == OverrideStatus.APPROVED
            else _("Override not approved.")
        ),
    )
    return redirect("safety_networks:reunification", family.public_id, reassessment.pk)
