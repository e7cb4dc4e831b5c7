"""The court's pages: a family's hearings with their orders and reports, the edits, and a
court report with its submission and the supervisor's decision. (Its PDF: documents.views.)"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import files_belonging_to
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import act, decision_of, save_form
from families.selectors import approver_of
from families.services import supervises

from . import selectors, services
from .forms import HearingForm, HearingWithdrawForm, NarrativeForm, OrderEndForm, OrderForm
from .models import CourtOrder, CourtReport, Hearing, ReportStatus


def _hearing(family, pk) -> Hearing:
    return get_object_or_404(Hearing.objects.filter(family=family), pk=pk)


def _report(family, pk) -> CourtReport:
    return get_object_or_404(
        CourtReport.objects.filter(family=family).select_related("hearing", "decided_by", "final_document"),
        pk=pk,
    )


def _to_hearings(family):
    return redirect("court:hearings", family.public_id)


def _to_report(family, report):
    return redirect("court:report", family.public_id, report.pk)


def _form_page(request, family, form, title, **extra):
    return render(
        request, "families/form_page.html", {"form": form, "family": family, "title": title, **extra}
    )


@family_view
def hearings(request, family):
    return render(
        request,
        "court/hearings.html",
        {
            "family": family,
            "hearings": selectors.family_hearings(family),
            "editable": can_change_record(request.user, family),
        },
    )


@family_edit_view
def hearing_add(request, family):
    return _hearing_page(request, family, None)


@family_edit_view
def hearing_edit(request, family, pk):
    hearing = _hearing(family, pk)
    if request.method == "GET" and hearing.is_withdrawn:
        messages.warning(request, _("This hearing was withdrawn and can no longer change."))
        return _to_hearings(family)
    return _hearing_page(request, family, hearing)


def _hearing_page(request, family, hearing):
    form = HearingForm(request.POST or None, instance=hearing, family=family)
    if request.method == "POST" and save_form(
        form,
        lambda: services.hearing_save(
            family=family,
            by=request.user,
            hearing=hearing,
            expected_version=form.loaded_version(),
            **form.hearing_fields(),
        ),
    ):
        messages.success(request, _("The hearing is saved."))
        return _to_hearings(family)
    return _form_page(request, family, form, _("Change the hearing") if hearing else _("Enter a hearing"))


@family_edit_view
def hearing_withdraw(request, family, pk):
    hearing = _hearing(family, pk)
    form = HearingWithdrawForm(request.POST or None, version_of=hearing)
    if request.method == "POST" and save_form(
        form,
        lambda: services.hearing_withdraw(
            hearing=hearing,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(request, _("The hearing is withdrawn. It stays on the record."))
        return _to_hearings(family)
    return _form_page(
        request, family, form, _("Withdraw a hearing"), intro_text=str(hearing), submit_label=_("Withdraw it")
    )


@family_edit_view
def order_add(request, family, pk):
    hearing = _hearing(family, pk)
    form = OrderForm(request.POST or None, family=family)
    if request.method == "POST" and save_form(
        form, lambda: services.court_order_add(hearing=hearing, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The order is recorded."))
        return _to_hearings(family)
    return _form_page(request, family, form, _("Record an order"), intro_text=str(hearing))


@family_edit_view
def order_end(request, family, order_pk):
    order = get_object_or_404(CourtOrder.objects.filter(family=family).select_related("hearing"), pk=order_pk)
    form = OrderEndForm(request.POST or None, version_of=order)
    if request.method == "POST" and save_form(
        form,
        lambda: services.court_order_end(
            order=order,
            by=request.user,
            ended_on=form.cleaned_data["ended_on"],
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(request, _("The order is marked as ended. It stays on the record."))
        return _to_hearings(family)
    return _form_page(request, family, form, _("The court ended an order"), intro_text=order.text)


@family_edit_view
@require_POST
def report_start(request, family, pk):
    hearing = _hearing(family, pk)
    try:
        report = services.court_report_start(hearing=hearing, by=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return _to_hearings(family)
    return _to_report(family, report)


@family_view
def report_page(request, family, pk):
    report = _report(family, pk)
    return render(
        request,
        "court/report.html",
        {
            "family": family,
            "report": report,
            "hearing": report.hearing,
            "editable": can_change_record(request.user, family) and report.can_change,
            "keeps_records": can_change_record(request.user, family),
            "can_decide": report.status == ReportStatus.SUBMITTED and supervises(request.user, family),
            "approver": approver_of(family) if report.status == ReportStatus.SUBMITTED else None,
            "court_language": settings.LANGUAGE_CODE,
            "files": files_belonging_to(
                family=family, user=request.user, kind="court_report", record_id=report.pk
            ),
        },
    )


@family_edit_view
def report_edit(request, family, pk):
    report = _report(family, pk)
    if request.method == "GET" and not report.can_change:
        messages.warning(
            request,
            _("Version %(number)s of the court report is %(status)s and can no longer change.")
            % {"number": report.number, "status": report.get_status_display().lower()},
        )
        return _to_report(family, report)
    form = NarrativeForm(request.POST or None, instance=report)
    if request.method == "POST" and save_form(
        form,
        lambda: services.court_report_update(
            report=report,
            by=request.user,
            expected_version=form.loaded_version(),
            **{name: form.cleaned_data[name] for name in ("summary", "assessment", "recommendation")},
        ),
    ):
        messages.success(request, _("The court report is saved."))
        return _to_report(family, report)
    return _form_page(request, family, form, _("%(report)s: what the caseworker writes") % {"report": report})


@family_edit_view
@require_POST
def report_submit(request, family, pk):
    report = _report(family, pk)
    act(
        request,
        lambda: services.court_report_submit(report=report, by=request.user),
        _("The court report is with the supervisor."),
    )
    return _to_report(family, report)


@family_view
@require_POST
def report_decide(request, family, pk):
    report = _report(family, pk)
    act(
        request,
        lambda: services.court_report_decide(report=report, by=request.user, **decision_of(request)),
        _("Decision recorded."),
    )
    return _to_report(family, report)
