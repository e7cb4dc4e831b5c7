"""Pages of the scored SDM risk tools: start a risk assessment or reassessment, answer the
draft and submit it, read the scored assessment item by item against the last one, and ask
for a discretionary override (decided on the decisions page or in the approvals inbox)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form
from families.selectors import approver_of
from families.services import supervises
from families.versioning import EditConflict

from . import risk_selectors, risk_services
from .models import OverrideStatus, RiskAssessment, RiskKind
from .risk_forms import PREFIX, RiskDraftForm, RiskOverrideForm, RiskStartForm
from .risk_models import RiskAssessmentDraft
from .sdm import risk

FORM_PAGE = "families/form_page.html"


@family_edit_view
def risk_scored_start(request, family, tool):
    if tool not in RiskKind.values:
        raise Http404
    instrument = risk_services.latest_instrument(tool)
    if instrument is None:
        raise Http404
    form = RiskStartForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    draft = request.method == "POST" and save_form(
        form,
        lambda: risk_services.risk_draft_start(
            family=family,
            by=request.user,
            instrument=instrument,
            assessed_on=form.cleaned_data["assessed_on"],
        ),
    )
    if draft:
        return redirect("safety_networks:risk_draft", family.public_id, draft.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "family": family,
            "title": RiskKind(tool).label,
            "intro_text": instrument.description,
            "submit_label": _("Start answering"),
        },
    )


@family_edit_view
def risk_draft(request, family, pk):
    draft = get_object_or_404(
        RiskAssessmentDraft.objects.filter(family=family).select_related("instrument", "recorded_by"), pk=pk
    )
    if not draft.is_draft:
        messages.info(request, _("This assessment is submitted; its answers can no longer change."))
        return redirect("safety_networks:risk_assessment", family.public_id, draft.assessment_id)
    form = RiskDraftForm(request.POST or None, draft=draft)
    if request.method == "POST" and form.is_valid():
        submitting = "submit" in request.POST
        try:
            risk_services.risk_draft_save(
                draft=draft,
                by=request.user,
                answers=form.answers(),
                assessed_on=form.cleaned_data["assessed_on"],
                notes=form.cleaned_data["notes"],
                expected_version=form.loaded_version(),
            )
            if not submitting:
                messages.success(
                    request,
                    _("The answers are saved. Submit the assessment when every question is answered."),
                )
                return redirect("safety_networks:risk_draft", family.public_id, draft.pk)
            assessment = risk_services.risk_draft_submit(draft=draft, by=request.user)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            # the answers were saved: the form goes on from the version they made
            draft.refresh_from_db()
            data = form.data.copy()
            data["version"] = draft.version
            form.data = data
            for code, errors in error.message_dict.items():
                field = (
                    PREFIX + code if PREFIX + code in form.fields else (code if code in form.fields else None)
                )
                form.add_error(field, errors)
        else:
            messages.success(
                request,
                _("The assessment is scored: %(level)s.") % {"level": assessment.get_scored_level_display()},
            )
            return redirect("safety_networks:risk_assessment", family.public_id, assessment.pk)
    before = risk_services.last_scored(family)
    previous = {}
    if before is not None:
        previous = {
            row.code: row.before for row in risk_selectors.compared(draft.instrument, draft.answers, before)
        }
    definition = draft.instrument.definition
    names = draft.instrument.index_names()
    groups = [
        (
            names[index["code"]],
            [
                (form.question(i["code"]), previous.get(i["code"]))
                for i in definition["items"]
                if i["index"] == index["code"]
            ],
        )
        for index in definition["indices"]
    ]
    overrides = [
        (form.question(o["code"]), previous.get(o["code"])) for o in definition.get("policy_overrides", [])
    ]
    return render(
        request,
        "safety_networks/risk_assessment_draft.html",
        {
            "family": family,
            "draft": draft,
            "form": form,
            "groups": groups,
            "overrides": overrides,
            "before": before,
        },
    )


@family_view
def risk_assessment(request, family, pk):
    try:
        assessment = risk_selectors.assessment_page(family, pk)
    except RiskAssessment.DoesNotExist as error:
        raise Http404 from error
    editable = can_change_record(request.user, family)
    pending = assessment.override_status == OverrideStatus.PENDING
    return render(
        request,
        "safety_networks/risk_assessment_detail.html",
        {
            "family": family,
            "assessment": assessment,
            "rows": risk_selectors.compared(
                assessment.instrument, assessment.answers, assessment.compared_with
            ),
            "index_rows": _index_rows(assessment),
            "policy_applied": [
                {"code": o["code"], "wording": risk.shown(o, "wording")}
                for o in assessment.instrument.policy_overrides()
                if o["code"] in assessment.policy_overrides
            ],
            "editable": editable,
            "can_override": editable
            and assessment.override_status in (OverrideStatus.NONE, OverrideStatus.REJECTED),
            "can_decide_overrides": pending and supervises(request.user, family),
            "approver": approver_of(family) if pending else None,
        },
    )


def _index_rows(assessment: RiskAssessment) -> list[tuple[str, int, int | None]]:
    before = assessment.compared_with
    return [
        (name, assessment.index_scores.get(code), before.index_scores.get(code) if before else None)
        for code, name in assessment.instrument.index_names().items()
    ]


@family_edit_view
def risk_override_request(request, family, pk):
    try:
        assessment = risk_selectors.assessment_page(family, pk)
    except RiskAssessment.DoesNotExist as error:
        raise Http404 from error
    allowed = risk.discretionary_levels(
        assessment.instrument.definition,
        assessment.scored_level,
        policy_applied=bool(assessment.policy_overrides),
    )
    form = RiskOverrideForm(request.POST or None, instance=assessment, allowed=allowed)
    if request.method == "POST" and save_form(
        form,
        lambda: risk_services.risk_override_request(
            assessment=assessment, by=request.user, expected_version=form.loaded_version(), **form.edited()
        ),
    ):
        messages.success(request, _("The override is waiting for the supervisor’s approval."))
        return redirect("safety_networks:risk_assessment", family.public_id, assessment.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "family": family,
            "title": _("Override the risk level"),
            "intro_text": _(
                "The tool’s level is %(level)s. An override needs a reason and the supervisor’s approval."
            )
            % {"level": assessment.get_scored_level_display()},
        },
    )
