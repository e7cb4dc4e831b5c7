"""Pages of the person index: asking for access to a family where a person of one's own
family was involved, deciding such requests, and unlinking people wrongly linked. Thin:
scope, form, service, redirect."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role

from . import person_selectors, person_services
from .access import family_edit_view
from .form_flow import save_form
from .models import ACCESS_LONGEST_DAYS, AccessRequest, AccessStatus, Family
from .plausible import DATE_WIDGET, PlannedDateField

DECISIONS = [("grant", gettext_lazy("Grant access until the date below")), ("refuse", gettext_lazy("Refuse"))]


class AccessRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why your work needs this family's record"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The family's supervisor reads this to decide."),
    )


class AccessDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    until = PlannedDateField(
        label=gettext_lazy("Last day of access"),
        widget=DATE_WIDGET,
        required=False,
        help_text=gettext_lazy("At most %(days)s days from today.") % {"days": ACCESS_LONGEST_DAYS},
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class UnlinkForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why these are not the same person"), widget=forms.Textarea(attrs={"rows": 3})
    )


@family_edit_view
def access_request_new(request, family, other):
    """Ask for access to `other`, a family where a person of `family` was involved (404 for
    any other family: this is not a way to reach families at large)."""
    target = person_selectors.family_sharing_a_person(family, other)
    if target is None:
        raise Http404(_("No such family."))
    if Family.objects.visible_to(request.user).filter(pk=target.pk).exists():
        return redirect("families:overview", target.public_id)
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: person_services.access_request_make(
            family=target, from_family=family, by=request.user, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(
            request, _("Your request for access to case %(case)s is sent.") % {"case": target.case_number}
        )
        return redirect("families:overview", family.public_id)
    worker = target.assigned_caseworker
    return render(
        request,
        "families/access_request_form.html",
        {
            "form": form,
            "family": family,
            "target": target,
            "unit": worker.unit if worker is not None else None,
            "title": _("Ask for access to case %(case)s") % {"case": target.case_number},
            "submit_label": _("Send the request"),
        },
    )


def access_requests(request):
    """The user's own requests; and for a supervisor or program administrator, the requests
    to decide for the families they supervise."""
    deciding = request.user.role in (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR)
    pending, decided = person_selectors.access_requests_to_decide(request.user) if deciding else ([], [])
    mine, now = person_selectors.my_access_requests(request.user)
    return render(
        request,
        "families/access_requests.html",
        {"pending": pending, "decided": decided, "mine": mine, "now": now, "deciding": deciding},
    )


def access_request_decide(request, request_id):
    access = get_object_or_404(
        AccessRequest.objects.select_related(
            "family__assigned_caseworker__unit", "requested_by", "from_family"
        ),
        public_id=request_id,
    )
    if not person_services.may_decide(request.user, access):
        raise Http404(_("No such request."))
    if access.status != AccessStatus.PENDING:
        messages.info(request, _("This request has already been decided."))
        return redirect("families:access_requests")
    today = timezone.localdate()
    form = AccessDecisionForm(
        request.POST or None, initial={"until": today + timezone.timedelta(days=14), "decision": "grant"}
    )
    if request.method == "POST" and save_form(
        form,
        lambda: person_services.access_request_decide(
            request=access,
            by=request.user,
            grant=form.cleaned_data["decision"] == "grant",
            reason=form.cleaned_data["reason"],
            until=form.cleaned_data.get("until"),
        ),
    ):
        messages.success(request, _("Your decision is recorded."))
        return redirect("families:access_requests")
    return render(
        request,
        "families/access_decision_form.html",
        {
            "form": form,
            "access": access,
            "title": _("Access to case %(case)s") % {"case": access.family.case_number},
            "submit_label": _("Record the decision"),
        },
    )


@family_edit_view
def person_unlink(request, family, kind, pk):
    """A supervisor undoes a wrong link between this family's caregiver or child and a
    person known elsewhere."""
    if request.user.role != Role.SUPERVISOR:
        raise PermissionDenied(_("Only a supervisor can unlink people."))
    members = {"caregiver": family.caregivers, "child": family.children}
    if kind not in members:
        raise Http404
    member = get_object_or_404(members[kind].select_related("person"), pk=pk)
    form = UnlinkForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: person_services.person_unlink(
            member=member, by=request.user, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(
            request,
            _("%(name)s is no longer linked to the other records; the link and your reason are kept.")
            % {"name": member.full_name},
        )
        return redirect("families:overview", family.public_id)
    return render(
        request,
        "families/unlink_form.html",
        {
            "form": form,
            "family": family,
            "member": member,
            "title": _("Unlink %(name)s") % {"name": member.full_name},
            "submit_label": _("Unlink"),
        },
    )
