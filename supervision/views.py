"""The supervisor's pages: Unit review (and, for a program administrator, every unit), the
families behind each number, the approvals inbox, reassignment, and consultations. Thin:
scope, validate, call the service, redirect."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.models import Role, Unit, User
from audit.exports import Column, export_response, in_pages
from case_plans.models import CasePlan
from case_plans.services import case_plan_decide
from court.models import CourtReport
from court.services import court_report_decide
from families.access import can_change_record, family_edit_view, family_view
from families.caseload import caseload_table, export_columns
from families.form_flow import save_form
from families.models import ClosureRequest, Family, FamilyStatus
from families.services import family_closure_decide
from intake.selectors import referrals_waiting_for_screening
from meetings.models import ActionStatus
from safety_networks.models import RiskAssessment, SafetyAssessment
from safety_networks.reunification_models import ReunificationReassessment
from safety_networks.reunification_services import reunification_override_decide
from safety_networks.sdm.safety import safety_override_decide
from safety_networks.services import risk_override_decide
from sop_casework.replica import reads_replica, replica_reads

from . import selectors, services
from .compliance import RULES, RULES_BY_SLUG
from .forms import AgreedActionForm, AgreedActions, ConsultationForm, ReassignFamiliesForm
from .models import Consultation, ConsultationAction
from .review_table import NO_ONE, review_table
from .selectors import ReviewRow

REVIEWERS = (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR)


def _unit(user, unit_id: int | None) -> Unit:
    try:
        return selectors.reviewable_unit(user, unit_id)
    except Unit.DoesNotExist:
        raise Http404("No such unit.") from None


# --- Unit review ---------------------------------------------------------------------------


@role_required(*REVIEWERS)
def unit_review(request):
    sort = request.GET.get("sort", "name")
    if request.user.role == Role.PROGRAM_ADMINISTRATOR:
        with replica_reads():  # every unit's numbers may lag by seconds (sop_casework/replica.py)
            context = selectors.agency_review(request.user, sort=sort)
        table = review_table(context["rows"], context["total"], unit=None, row_link="unit")
        return render(request, "supervision/agency_review.html", {**context, "table": table, "rules": RULES})
    return _unit_page(request, _unit(request.user, None), sort)


@role_required(*REVIEWERS)
def unit_review_of(request, unit_id: int):
    return _unit_page(request, _unit(request.user, unit_id), request.GET.get("sort", "name"))


def _unit_page(request, unit, sort):
    context = selectors.unit_review(request.user, unit=unit, sort=sort)
    # What waits for this supervisor is the unit's "waiting" total: no query of its own.
    waiting = context["total"].numbers["waiting"] if request.user.role == Role.SUPERVISOR else None
    table = review_table(context["rows"], context["total"], unit=unit, row_link="worker")
    return render(
        request,
        "supervision/unit_review.html",
        {
            **context,
            "table": table,
            "rules": RULES,
            "waiting": waiting,
            "export_query": urlencode({"unit": unit.pk, "sort": sort}),
        },
    )


@role_required(*REVIEWERS)
@reads_replica
def unit_review_export(request, fmt: str):
    """Unit review's table as CSV or Excel: a row per caseworker of the unit (`?unit=`, a
    supervisor's own by default), or per unit for a program administrator without one; a
    column per rule; the totals last. The same sort as the page."""
    sort = request.GET.get("sort", "name")
    unit_id = _int(request.GET.get("unit"))
    if request.user.role == Role.PROGRAM_ADMINISTRATOR and unit_id is None:
        unit, context = None, selectors.agency_review(request.user, sort=sort)
    else:
        unit = _unit(request.user, unit_id)
        context = selectors.unit_review(request.user, unit=unit, sort=sort)
    who = _("Unit") if unit is None else _("Caseworker")
    columns = [Column(who, lambda row: str(row.who) if row.who is not None else str(NO_ONE))]
    columns += [Column(rule.heading, _rule_number(rule)) for rule in RULES]
    total = ReviewRow(_("All"), context["total"].numbers)
    return export_response(
        request=request,
        fmt=fmt,
        name="unit-review",
        columns=columns,
        rows=[*context["rows"], total],
        filters={"unit": unit and unit.pk, "sort": sort},
    )


def _rule_number(rule):
    return lambda row: row.numbers.get(rule.slug, 0)


@role_required(*REVIEWERS)
def unit_families(request):
    """The families behind one number of the review."""
    rule, unit, worker = _families_scope(request)
    families = list(selectors.families_behind(request.user, rule, unit=unit, worker=worker))
    return render(
        request,
        "supervision/families.html",
        {
            "rule": rule,
            "unit": unit,
            "worker": worker,
            "families": families,
            "table": caseload_table(families, caption=rule.describes, show_caseworker=worker is None),
        },
    )


@role_required(*REVIEWERS)
@reads_replica
def unit_families_export(request, fmt: str):
    """The families behind one number of the review, as the page lists them, as CSV or Excel."""
    rule, unit, worker = _families_scope(request)
    families = selectors.families_behind(request.user, rule, unit=unit, worker=worker)
    return export_response(
        request=request,
        fmt=fmt,
        name=f"unit-review-{rule.slug}",
        columns=export_columns(show_caseworker=worker is None),
        rows=in_pages(families),
        filters={"rule": rule.slug, "unit": unit and unit.pk, "worker": worker and worker.pk},
    )


def _families_scope(request) -> tuple:
    """The rule, unit and caseworker the families list asks for (404 for a rule, unit or
    caseworker the user may not review)."""
    rule = RULES_BY_SLUG.get(request.GET.get("rule", ""))
    if rule is None:
        raise Http404("No such list.")
    unit_id = _int(request.GET.get("unit"))
    unit = _unit(request.user, unit_id) if unit_id or request.user.role == Role.SUPERVISOR else None
    worker = None
    if worker_id := _int(request.GET.get("worker")):
        worker = get_object_or_404(User.objects.filter(unit=unit) if unit else User.objects, pk=worker_id)
    return rule, unit, worker


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Approvals -----------------------------------------------------------------------------


@role_required(Role.SUPERVISOR)
def approvals(request):
    return _approvals_page(request)


def _approvals_page(request, *, refused: tuple[str, str, str] | None = None):
    """The inbox; `refused` is (item key, why, comment typed) for a decision that failed."""
    waiting = selectors.approvals_waiting(request.user)
    if refused:
        matching = [item for item in waiting if item.key == refused[0]]
        for item in matching:
            item.error, item.typed = refused[1], refused[2]
        if not matching:  # decided meanwhile, perhaps in another tab
            messages.error(request, refused[1])
    return render(request, "supervision/approvals.html", {"waiting": waiting})


@role_required(Role.SUPERVISOR)
@reads_replica
def approvals_export(request, fmt: str):
    """The approvals inbox as CSV or Excel: what waits, for which family, since when, asked by
    whom, oldest first (the page's order; it has no filter)."""
    return export_response(
        request=request,
        fmt=fmt,
        name="approvals",
        columns=APPROVAL_COLUMNS,
        rows=selectors.approvals_waiting(request.user),
    )


def _asked_by(item) -> str:
    person = item.record.requested_by if item.kind == "closure" else item.record.recorded_by
    return str(person or "")


APPROVAL_COLUMNS = [
    Column(gettext_lazy("Waiting"), lambda item: str(item.what)),
    Column(gettext_lazy("Family"), lambda item: item.family.display_name),
    Column(gettext_lazy("Case number"), lambda item: item.family.case_number),
    Column(gettext_lazy("Caseworker"), lambda item: str(item.family.assigned_caseworker or "")),
    Column(gettext_lazy("Asked on"), lambda item: item.since),
    Column(gettext_lazy("Asked by"), _asked_by),
]


DECISIONS = {
    "court_report": (
        CourtReport,
        lambda record, by, approve, comment: court_report_decide(
            report=record, by=by, approve=approve, comment=comment
        ),
    ),
    "case_plan": (
        CasePlan,
        lambda record, by, approve, comment: case_plan_decide(
            plan=record, by=by, approve=approve, comment=comment
        ),
    ),
    "risk_override": (
        RiskAssessment,
        lambda record, by, approve, comment: risk_override_decide(
            assessment=record, by=by, approve=approve, comment=comment
        ),
    ),
    "safety_override": (
        SafetyAssessment,
        lambda record, by, approve, comment: safety_override_decide(
            assessment=record, by=by, approve=approve, comment=comment
        ),
    ),
    "reunification_override": (
        ReunificationReassessment,
        lambda record, by, approve, comment: reunification_override_decide(
            reassessment=record, by=by, approve=approve, comment=comment
        ),
    ),
    "closure": (
        ClosureRequest,
        lambda record, by, approve, comment: family_closure_decide(
            request=record, by=by, approve=approve, comment=comment
        ),
    ),
}


@family_view
@require_POST
def approval_decide(request, family, kind: str, pk: int):
    """Approve, or return with a comment, one item of the inbox."""
    if kind not in DECISIONS:
        raise Http404("No such kind of approval.")
    model, decide = DECISIONS[kind]
    record = get_object_or_404(model.objects.filter(family=family), pk=pk)
    approve = request.POST.get("decision") == "approve"
    comment = request.POST.get("comment", "")
    try:
        decide(record, request.user, approve, comment)
    except ValidationError as error:
        return _approvals_page(request, refused=(f"{kind}-{pk}", " ".join(error.messages), comment))
    messages.success(
        request,
        (_("%(family)s: approved.") if approve else _("%(family)s: returned with your comment."))
        % {"family": family.display_name},
    )
    return redirect("supervision:approvals")


# --- Reassignment --------------------------------------------------------------------------


@role_required(*REVIEWERS)
def reassign(request):
    unit = _unit(request.user, _int(request.GET.get("unit")))
    families = (
        Family.objects.visible_to(request.user)
        .filter(assigned_caseworker__unit=unit)
        .exclude(status=FamilyStatus.CLOSED)
        .select_related("assigned_caseworker")
        .order_by("assigned_caseworker__last_name", "search_text")
    )
    caseworkers = selectors.caseworkers_with_caseload(unit)
    initial = {"families": request.GET.getlist("family")} if request.method == "GET" else None
    form = ReassignFamiliesForm(
        request.POST or None, initial=initial, families=families, caseworkers=caseworkers
    )
    if request.method == "POST":
        moved = save_form(
            form,
            lambda: services.families_reassign(
                families=form.cleaned_data["families"],
                caseworker=form.cleaned_data["caseworker"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            ),
        )
        if moved:
            messages.success(
                request,
                ngettext(
                    "%(count)s family is now with %(caseworker)s.",
                    "%(count)s families are now with %(caseworker)s.",
                    moved,
                )
                % {"count": moved, "caseworker": form.cleaned_data["caseworker"]},
            )
            return redirect(_unit_url(request.user, unit))
    return render(request, "supervision/reassign.html", {"form": form, "unit": unit})


def _unit_url(user, unit) -> str:
    if user.role == Role.SUPERVISOR:
        return reverse("supervision:unit_review")
    return reverse("supervision:unit_review_of", args=[unit.pk])


# --- Consultations -------------------------------------------------------------------------


def _consultation(family, pk) -> Consultation:
    return get_object_or_404(Consultation.objects.filter(family=family), pk=pk)


@family_view
def consultation_list(request, family):
    return render(
        request,
        "supervision/consultations.html",
        {
            "family": family,
            "consultations": selectors.family_consultations(family),
            "editable": can_change_record(request.user, family),
            "today": timezone.localdate(),
            "staff": list(selectors.consultation_staff(family)),
        },
    )


@family_edit_view
def consultation_new(request, family):
    staff = selectors.consultation_staff(family)
    initial = {"staff_present": [p.pk for p in (request.user, family.assigned_caseworker) if p]}
    form = ConsultationForm(request.POST or None, staff=staff, initial=initial)
    actions = AgreedActions(request.POST or None, prefix="actions", form_kwargs={"staff": staff})
    if request.method == "POST":
        saved = actions.is_valid() and save_form(
            form,
            lambda: services.consultation_record(
                family=family,
                by=request.user,
                allowed_staff=staff,
                actions=actions.agreed(),
                **form.edited(),
            ),
        )
        if saved:
            messages.success(request, _("The consultation is recorded."))
            return redirect("supervision:consultations", family.public_id)
    return render(
        request,
        "supervision/consultation_form.html",
        {"family": family, "form": form, "actions": actions, "title": _("Record a consultation")},
    )


@family_edit_view
def consultation_edit(request, family, pk):
    consultation = _consultation(family, pk)
    staff = selectors.consultation_staff(family) | consultation.staff_present.all()
    form = ConsultationForm(request.POST or None, instance=consultation, staff=staff.distinct())
    if request.method == "POST" and save_form(
        form,
        lambda: services.consultation_update(
            consultation=consultation,
            by=request.user,
            allowed_staff=staff,
            expected_version=form.loaded_version(),
            **form.edited(),
        ),
    ):
        messages.success(request, _("The consultation is saved."))
        return redirect("supervision:consultations", family.public_id)
    return render(
        request,
        "supervision/consultation_form.html",
        {
            "family": family,
            "form": form,
            "title": _("Consultation of %(day)s") % {"day": date_format(consultation.held_on, "j M Y")},
        },
    )


@family_edit_view
@require_POST
def consultation_action_add(request, family, pk):
    consultation = _consultation(family, pk)
    staff = selectors.consultation_staff(family)
    form = AgreedActionForm(request.POST, staff=staff, prefix="add")
    if save_form(
        form,
        lambda: services.consultation_action_add(
            consultation=consultation, by=request.user, allowed_staff=staff, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The agreed action is added."))
        return redirect("supervision:consultations", family.public_id)
    return render(
        request,
        "families/form_page.html",
        {"family": family, "form": form, "title": _("Add an agreed action"), "submit_label": _("Add")},
    )


@family_edit_view
@require_POST
def consultation_action_finish(request, family, pk):
    action = get_object_or_404(ConsultationAction.objects.filter(family=family), pk=pk)
    status = request.POST.get("status")
    try:
        services.consultation_action_finish(action=action, by=request.user, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Marked done.") if status == ActionStatus.DONE else _("Marked no longer needed.")
        )
    return redirect("supervision:consultations", family.public_id)


@role_required(*REVIEWERS)
def screening(request):
    """Referrals of the unit (all units, for a program administrator) waiting for a
    screening decision, oldest first. Queries: one for the list, whatever its length."""
    return render(
        request,
        "supervision/screening.html",
        {"referrals": list(referrals_waiting_for_screening(request.user)), "now": timezone.now()},
    )
