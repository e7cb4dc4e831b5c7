"""Pages of the family strengths and needs assessment: start one, rate the draft and submit
it, read it beside the last one with its priority needs and strengths."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form
from families.versioning import EditConflict

from . import fsna_selectors, fsna_services
from .fsna_forms import FsnaDraftForm, FsnaStartForm
from .fsna_models import StrengthsAndNeedsAssessment


def _assessment(family, pk) -> StrengthsAndNeedsAssessment:
    try:
        return fsna_selectors.assessment_of(family, pk)
    except StrengthsAndNeedsAssessment.DoesNotExist as error:
        raise Http404 from error


@family_edit_view
def fsna_start(request, family):
    instrument = fsna_services.latest_instrument()
    if instrument is None:
        raise Http404
    form = FsnaStartForm(request.POST or None)
    assessment = request.method == "POST" and save_form(
        form,
        lambda: fsna_services.fsna_start(
            family=family,
            by=request.user,
            instrument=instrument,
            assessed_on=form.cleaned_data["assessed_on"],
        ),
    )
    if assessment:
        return redirect("safety_networks:fsna_draft", family.public_id, assessment.pk)
    return render(
        request,
        "families/form_page.html",
        {
            "form": form,
            "family": family,
            "title": _("Family strengths and needs"),
            "intro_text": instrument.description,
            "submit_label": _("Start rating"),
        },
    )


@family_edit_view
def fsna_draft(request, family, pk):
    assessment = _assessment(family, pk)
    if not assessment.is_draft:
        messages.info(request, _("This assessment is submitted; its ratings can no longer change."))
        return redirect("safety_networks:fsna", family.public_id, assessment.pk)
    form = FsnaDraftForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            fsna_services.fsna_save(
                assessment=assessment,
                by=request.user,
                ratings=form.ratings(),
                assessed_on=form.cleaned_data["assessed_on"],
                notes=form.cleaned_data["notes"],
                expected_version=form.loaded_version(),
            )
            if "submit" in request.POST:
                fsna_services.fsna_submit(assessment=assessment, by=request.user)
                messages.success(request, _("The strengths and needs assessment is submitted."))
                return redirect("safety_networks:fsna", family.public_id, assessment.pk)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        except ValidationError as error:
            # The ratings were saved: the form goes on from the version they made.
            assessment.refresh_from_db(fields=["version"])
            data = form.data.copy()
            data["version"] = assessment.version
            form.data = data
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The ratings are saved. Submit when every domain is rated."))
            return redirect("safety_networks:fsna_draft", family.public_id, assessment.pk)
    groups = fsna_selectors.by_person(assessment, fsna_selectors.previous_of(assessment))
    for group in groups:
        for domain in group.domains:
            domain.rating_field = form[f"rating_{domain.row.pk}"]
            domain.note_field = form[f"note_{domain.row.pk}"]
    return render(
        request,
        "safety_networks/fsna_draft.html",
        {"family": family, "assessment": assessment, "form": form, "groups": groups},
    )


@family_view
def fsna(request, family, pk):
    assessment = _assessment(family, pk)
    previous = fsna_selectors.previous_of(assessment)
    groups = fsna_selectors.by_person(assessment, previous)
    needs, strengths = fsna_selectors.priority_needs_and_strengths(groups)
    return render(
        request,
        "safety_networks/fsna_detail.html",
        {
            "family": family,
            "assessment": assessment,
            "previous": previous,
            "groups": groups,
            "needs": needs,
            "strengths": strengths,
            "editable": can_change_record(request.user, family) and assessment.is_draft,
            # a strength of a submitted assessment offers a first draft of a map entry
            "to_the_map": can_change_record(request.user, family) and not assessment.is_draft,
        },
    )
