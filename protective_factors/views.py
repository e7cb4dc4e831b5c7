"""Pages of the protective-factors work, reached through the family access rule."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import role_required
from accounts.models import Role
from audit.exports import Column, export_response
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form
from families.models import Family, document_languages
from sop_casework.replica import reads_replica

from . import selectors, services
from .forms import AnswersForm, AssessmentLanguageForm, AssessmentStartForm, WellBeingGoalForm
from .models import Assessment, WellBeingGoal


def _page(family):
    return redirect("protective_factors:family", family.public_id)


@family_view
def family_page(request, family):
    return render(
        request,
        "protective_factors/family.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family),
            **selectors.family_protective_factors(family),
        },
    )


@family_edit_view
def assessment_start(request, family):
    form = AssessmentStartForm(request.POST or None, family=family)
    if request.method == "POST":
        assessment = save_form(
            form,
            lambda: services.assessment_start(
                family=family,
                by=request.user,
                instrument=form.cleaned_data["instrument"],
                kind=form.cleaned_data["kind"],
                assessed_on=form.cleaned_data["assessed_on"],
                language=form.cleaned_data["language"],
                **form.cleaned_data["person"],
            ),
        )
        if assessment:
            return redirect("protective_factors:assessment", family.public_id, assessment.pk)
    return render(
        request,
        "families/form_page.html",
        {"form": form, "family": family, "title": _("New protective-factors assessment")},
    )


def _answers_to_save(form, autosave: bool) -> dict:
    """An autosave sends the whole page as it was when an answer was chosen; a slow one may
    arrive after a later save (even after Submit). It saves only the answers it carries, so it
    never blanks one chosen since. (A chosen answer can't be unchosen on the page.)"""
    answers = form.answers()
    return {item: value for item, value in answers.items() if value is not None} if autosave else answers


@family_view
def assessment_page(request, family, pk):
    """Answer a draft (save as draft, or submit), or read a submitted assessment's scores.
    Each answer is also saved as it is chosen (htmx), so a draft survives a timeout.

    A draft shows its questions in the language it is asked in (the caregiver reads them);
    a submitted one in the reader's. A draft's language can be changed (`change_language`)."""
    assessment = selectors.assessment_with_answers(
        get_object_or_404(Assessment.objects.filter(family=family), pk=pk)
    )
    editable = assessment.is_draft and can_change_record(request.user, family)
    if request.method == "POST" and "change_language" in request.POST:
        if not editable:
            raise PermissionDenied(_("This assessment can no longer change."))
        language_form = AssessmentLanguageForm(request.POST, assessment=assessment)
        if save_form(
            language_form,
            lambda: services.assessment_set_language(
                assessment=assessment, by=request.user, language=language_form.cleaned_data["language"]
            ),
        ):
            return redirect("protective_factors:assessment", family.public_id, assessment.pk)
        messages.error(request, _("The language was not changed."))
        return redirect("protective_factors:assessment", family.public_id, assessment.pk)
    form = AnswersForm(
        request.POST or None,
        assessment=assessment,
        answers=list(assessment.answers.all()),
        language=assessment.language if assessment.is_draft else None,
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("This assessment can no longer change."))
        autosave = request.headers.get("HX-Request") == "true"
        saved = save_form(
            form,
            lambda: services.assessment_save_answers(
                assessment=assessment, by=request.user, answers=_answers_to_save(form, autosave)
            ),
        )
        if autosave:
            text = (
                _("Draft saved at %(time)s.") % {"time": time_format(timezone.localtime(), "H:i")}
                if saved
                else _("Not saved: check the answers.")
            )
            return render(request, "protective_factors/_autosave.html", {"text": text})
        if saved and "submit" in request.POST:
            if save_form(form, lambda: services.assessment_submit(assessment=assessment, by=request.user)):
                messages.success(request, _("The assessment is submitted and scored."))
                return redirect("protective_factors:assessment", family.public_id, assessment.pk)
        elif saved:
            messages.success(request, _("The draft is saved. You can come back to it."))
            return _page(family)
    return render(
        request,
        "protective_factors/assessment.html",
        {
            "family": family,
            "assessment": assessment,
            "form": form,
            "editable": editable,
            "language_form": AssessmentLanguageForm(assessment=assessment) if editable else None,
            "language_name": dict(document_languages()).get(assessment.language, assessment.language),
        },
    )


@family_edit_view
def goal_add(request, family):
    return _goal_page(request, family, None)


@family_edit_view
def goal_edit(request, family, pk):
    return _goal_page(request, family, get_object_or_404(WellBeingGoal.objects.filter(family=family), pk=pk))


def _goal_page(request, family, goal):
    initial = {}
    if goal is None and request.GET.get("factor"):
        initial["factor"] = request.GET["factor"]
    if goal is None and request.GET.get("person"):
        initial["person"] = request.GET["person"]
    form = WellBeingGoalForm(request.POST or None, instance=goal, family=family, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.well_being_goal_save(
            family=family,
            by=request.user,
            existing=goal,
            expected_version=form.loaded_version(),
            **form.goal_fields(),
        ),
    ):
        messages.success(request, _("The well-being goal is saved."))
        return _page(family)
    return render(
        request,
        "protective_factors/goal_form.html",
        {
            "form": form,
            "family": family,
            "title": _("Edit the well-being goal") if goal else _("New well-being goal"),
            "suggestions": selectors.suggestions_by_factor(),
        },
    )


@role_required(Role.SUPERVISOR)
@reads_replica
def unit_view(request):
    families = Family.objects.visible_to(request.user, granted=False)
    return render(
        request,
        "protective_factors/unit.html",
        {"unit": request.user.unit, **selectors.unit_change(families)},
    )


@role_required(Role.SUPERVISOR)
@reads_replica
def unit_export(request, fmt: str):
    """The unit's change per factor, as the page shows it, as CSV or Excel: one row per factor,
    the mean change a number (empty where no one was assessed twice)."""
    families = Family.objects.visible_to(request.user, granted=False)
    return export_response(
        request=request,
        fmt=fmt,
        name="protective-factors-unit",
        columns=UNIT_COLUMNS,
        rows=selectors.unit_change(families)["rows"],
    )


UNIT_COLUMNS = [
    Column(gettext_lazy("Factor"), lambda row: row.factor.label),
    Column(gettext_lazy("Mean change, first to latest"), lambda row: row.mean_change),
    Column(gettext_lazy("People"), lambda row: row.people),
]
