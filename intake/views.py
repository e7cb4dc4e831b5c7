"""Pages of intake. Thin: the family through the access rule, the form, the service,
POST/redirect/GET."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.models import Role
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form
from families.models import FamilyStatus

from . import selectors, services
from .access import may_screen, reporter_shown
from .forms import (
    AllegationForm,
    Allegations,
    FindingsForm,
    NewFamilyFromReferralForm,
    ReferralForm,
    ScreeningForm,
)


@role_required(Role.CASEWORKER, Role.SUPERVISOR)
def referral_new_family(request):
    """A referral about a family new to the agency: the family is opened from it."""
    family_form = NewFamilyFromReferralForm(request.POST or None, user=request.user, prefix="family")
    form = ReferralForm(request.POST or None)
    if request.method == "POST":
        family_valid = family_form.is_valid()
        form.is_valid()  # both forms say what is wrong at once
        referral = family_valid and save_form(
            form,
            lambda: services.referral_open_family(
                by=request.user,
                assigned_caseworker=family_form.cleaned_data.pop("assigned_caseworker", request.user),
                family_details=family_form.cleaned_data,
                **form.cleaned_data,
            ),
        )
        if referral:
            family = referral.family
            messages.success(
                request,
                _(
                    "%(family)s recorded as case %(case_number)s. "
                    "Add the children and caregivers, then the allegations."
                )
                % {"family": family.display_name, "case_number": family.case_number},
            )
            return redirect("families:overview", family.public_id)
    return render(
        request,
        "intake/referral_form.html",
        {"form": form, "family_form": family_form, "title": _("New referral (a family new to the agency)")},
    )


@family_edit_view
def referral_new(request, family):
    """A new referral about a family on the record, with its allegations in the same form."""
    form = ReferralForm(request.POST or None)
    allegations = Allegations(request.POST or None, prefix="allegations", form_kwargs={"family": family})
    if request.method == "POST":
        rows_valid = allegations.is_valid()
        form.is_valid()  # the referral's errors show with the rows' at once
        referral = rows_valid and save_form(
            form,
            lambda: services.referral_record(
                family=family, by=request.user, allegations=allegations.alleged(), **form.cleaned_data
            ),
        )
        if referral:
            messages.success(request, _("The referral is recorded."))
            return redirect("intake:referral", family.public_id, referral.pk)
    return render(
        request,
        "intake/referral_form.html",
        {"family": family, "form": form, "allegations": allegations, "title": _("New referral")},
    )


@family_view
def referral_detail(request, family, pk):
    referral = selectors.referral_of_family(family, pk)
    return render(
        request,
        "intake/referral.html",
        {
            "family": family,
            "referral": referral,
            # the one place the identity is read: checked and audited (intake.access)
            "reporter": reporter_shown(request.user, referral),
            "can_change": can_change_record(request.user, family),
            "can_screen": may_screen(request.user, family) and not family.is_closed,
        },
    )


@family_edit_view
def allegation_add(request, family, pk):
    referral = selectors.referral_of_family(family, pk)
    form = AllegationForm(request.POST or None, family=family)
    if request.method == "POST" and save_form(
        form, lambda: services.allegation_add(referral=referral, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The allegation is added."))
        return redirect("intake:referral", family.public_id, referral.pk)
    return render(
        request,
        "families/form_page.html",
        {"family": family, "form": form, "title": _("Add an allegation")},
    )


@family_view
def referral_screen(request, family, pk):
    """The supervisor's screening decision (program administrators may screen too)."""
    if not may_screen(request.user, family) or family.is_closed:
        raise PermissionDenied(_("Referrals are screened by the supervisor of the family's unit."))
    referral = selectors.referral_of_family(family, pk)
    initial = {
        name: getattr(referral, name)
        for name in services.SCREENING_FIELDS
        if getattr(referral, name) not in ("", None)
    }
    form = ScreeningForm(request.POST or None, version_of=referral, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.referral_screen(
            referral=referral, by=request.user, expected_version=form.loaded_version(), **form.edited()
        ),
    ):
        messages.success(request, _("The screening decision is recorded."))
        return redirect("intake:referral", family.public_id, referral.pk)
    return render(
        request,
        "intake/screening_form.html",
        {"family": family, "referral": referral, "form": form, "title": _("Screen the referral")},
    )


@family_edit_view
def referral_findings(request, family, pk):
    referral = selectors.referral_of_family(family, pk)
    allegations = list(referral.allegations.all())
    initial = {"findings_on": referral.findings_on} if referral.findings_on else {}
    form = FindingsForm(request.POST or None, version_of=referral, allegations=allegations, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.findings_record(
            referral=referral,
            by=request.user,
            findings_on=form.cleaned_data["findings_on"],
            findings=form.findings(),
            outcome=form.cleaned_data["outcome"],
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(request, _("The findings are recorded."))
        return redirect("families:overview", family.public_id)
    return render(
        request,
        "intake/findings_form.html",
        {
            "family": family,
            "referral": referral,
            "form": form,
            "title": _("Findings of the investigation"),
            "risk": selectors.risk_in_force(family),
            "is_referral": family.status == FamilyStatus.REFERRAL,
        },
    )
