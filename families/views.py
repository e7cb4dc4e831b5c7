"""Pages of the case record. Thin: get the family through the access rule, validate the form,
call the service, redirect (POST/redirect/GET)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import role_required
from accounts.models import Role
from accounts.selectors import unit_and_supervisor
from audit.exports import export_response, in_pages
from audit.models import AuditAction
from audit.selectors import who_opened_family
from audit.services import audit_record, audit_search
from sop_casework.replica import reads_replica

from . import extensions, selectors, services
from .access import can_change_record, family_edit_view, family_view, keeps_records
from .caseload import caseload_table, export_columns
from .family_wording import original_language, wording_kinds, wording_languages
from .form_flow import save_form
from .forms import (
    CaregiverForm,
    CaseloadFilterForm,
    ChildForm,
    ContactForm,
    FamilyForm,
    FamilyWordingForm,
    LeftHouseholdForm,
    NewFamilyForm,
    ReassignForm,
    StatusChangeForm,
)
from .history import family_changes as family_changes_of
from .history import record_changes as record_changes_of
from .models import ClosureStatus, FamilyStatus
from .person_selectors import attach_prior_involvements, match_answers
from .persons import (
    MATCH_CHECK_WINDOW,
    MATCH_CHECKS_ALLOWED,
    ChecksCannotBeCounted,
    TooManyChecks,
    count_check,
    likely_matches,
)
from .templatetags.came_from import came_from_url


def my_caseload(request):
    filters = CaseloadFilterForm(request.GET or None, statuses=FamilyStatus.choices)
    families = list(selectors.caseload_for_worker(request.user, **filters.values()))
    table = caseload_table(families, caption=_("Families assigned to you"))
    # Who approves this caseworker's plans, overrides and closures; read with the unit the
    # navigation shows, so the page costs no query more.
    unit, supervisor = unit_and_supervisor(request.user)
    if unit is not None:
        request.user.unit = unit
    context = {
        "families": families,
        "table": table,
        "filters": filters,
        "has_unit": unit is not None,
        "supervisor": supervisor if supervisor != request.user else None,
    }
    return render(request, "families/my_caseload.html", context)


@reads_replica
def my_caseload_export(request, fmt: str):
    """My caseload as CSV or Excel: the families the page lists, with its search, status and
    sort, one row each, read from the database a page at a time (audit.exports.in_pages)."""
    filters = CaseloadFilterForm(request.GET or None, statuses=FamilyStatus.choices)
    values = filters.values()
    families = selectors.caseload_for_worker(request.user, **values)
    return export_response(
        request=request,
        fmt=fmt,
        name="caseload",
        columns=export_columns(),
        rows=in_pages(families),
        filters=values,
    )


def family_search(request):
    filters = CaseloadFilterForm(request.GET or None, statuses=FamilyStatus.choices)
    values = filters.values()
    families, table, more = None, None, False
    if values["query"]:
        found = list(selectors.family_search(request.user, **values)[: SEARCH_SHOWS + 1])
        families, more = found[:SEARCH_SHOWS], len(found) > SEARCH_SHOWS
        audit_search(
            actor=request.user,
            words=values["query"],
            found=len(families),
            more=more,
            status=values["status"] or "",
        )
        table = caseload_table(families, caption=_("Families found"), show_caseworker=True)
    return render(
        request,
        "families/search.html",
        {"families": families, "table": table, "more": more, "shows": SEARCH_SHOWS, "filters": filters}
        | values,
    )


# A search shows this many families, best sorted; more means the words should narrow it.
SEARCH_SHOWS = 50


@role_required(Role.CASEWORKER, Role.SUPERVISOR)
def family_new(request):
    """A case that comes without a referral here (transferred in from another county or
    agency). Every other family starts at intake's New referral (DOMAIN.md: a family comes to
    the agency by a referral), which opens the family from the referral."""
    form = NewFamilyForm(request.POST or None, user=request.user)
    if request.method == "POST":
        family = save_form(form, lambda: services.family_open(by=request.user, **_intake(form, request.user)))
        if family:
            messages.success(
                request,
                _("%(family)s recorded as case %(case_number)s.")
                % {"family": family.display_name, "case_number": family.case_number},
            )
            return redirect("families:overview", family.public_id)
    return render(
        request,
        "families/family_form.html",
        {"form": form, "title": _("A case transferred in (no referral here)"), "transferred_in": True},
    )


def _intake(form, user) -> dict:
    """The new family's details; a caseworker's own new family is assigned to them."""
    details = form.edited()
    details["assigned_caseworker"] = details.pop("assigned_caseworker", user)
    return details


@family_view(rows=selectors.overview_rows)
def family_overview(request, family):
    keeps = keeps_records(request.user)
    people = selectors.family_overview(family)
    attach_prior_involvements(family, people=people["caregivers"] + people["children"], user=request.user)
    return render(
        request,
        "families/family_overview.html",
        {
            "family": family,
            "keeps_records": keeps,
            "can_edit": can_change_record(request.user, family),
            "can_reassign": request.user.role in (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR),
            # The family's wording page is linked where its documents are in another language.
            "documents_in_another_language": family.document_language != original_language(),
            "opened_by": (
                who_opened_family(family.public_id)
                if request.user.role in (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR)
                else None
            ),
            "panels": extensions.overview_context(family=family, user=request.user),
            "may_unlink": request.user.role == Role.SUPERVISOR and can_change_record(request.user, family),
            **people,
        },
    )


@family_edit_view
def family_edit(request, family):
    form = FamilyForm(
        request.POST or None, instance=family, priority_set_by=extensions.priority_set_by(family)
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.family_update(
            family=family, by=request.user, expected_version=form.loaded_version(), **form.edited()
        ),
    ):
        messages.success(request, _("The family’s details are saved."))
        return redirect("families:overview", family.public_id)
    return render(
        request, "families/family_form.html", {"form": form, "family": family, "title": _("Family details")}
    )


STATUS_ACTIONS = {
    "open": (
        FamilyStatus.OPEN,
        gettext_lazy("Open as a case"),
        gettext_lazy("The family is now an open case."),
    ),
    "close": (
        FamilyStatus.CLOSED,
        gettext_lazy("Close the family"),
        gettext_lazy("The family is closed. Its record is kept."),
    ),
    "reopen": (
        FamilyStatus.OPEN,
        gettext_lazy("Reopen the family"),
        gettext_lazy("The family is open again; its history is kept."),
    ),
}


@family_view
def family_change_status(request, family, action):
    if action not in STATUS_ACTIONS:
        raise PermissionDenied(_("No such step."))
    if not keeps_records(request.user):
        raise PermissionDenied(_("Program administrators read case records; caseworkers keep them."))
    to_status, title, done = STATUS_ACTIONS[action]
    closing = to_status == FamilyStatus.CLOSED
    # A caseworker asks to close; the family closes when the unit's supervisor approves.
    asking = closing and not services.supervises(request.user, family)
    pending = family.closure_requests.filter(status=ClosureStatus.PENDING).first() if closing else None
    form = StatusChangeForm(request.POST or None, closing=closing, version_of=family)
    if request.method == "POST" and save_form(
        form, lambda: _change_status(request.user, family, form, to_status=to_status, asking=asking)
    ):
        messages.success(request, CLOSURE_ASKED if asking else done)
        return redirect("families:overview", family.public_id)
    return render(
        request,
        "families/status_form.html",
        {
            "form": form,
            "family": family,
            "title": _("Ask to close the family") if asking else title,
            "asking": asking,
            "approver": selectors.approver_of(family) if asking or pending else None,
            "pending": pending,
            "submit_label": _("Ask the supervisor") if asking else None,
        },
    )


CLOSURE_ASKED = gettext_lazy("Closing the family now waits for your supervisor's approval.")


def _change_status(user, family, form, *, to_status, asking: bool):
    data = form.cleaned_data
    if asking:
        return services.family_closure_request(
            family=family,
            by=user,
            closed_on=data["effective_on"],
            closure_reason=data["closure_reason"],
            reason=data["reason"],
        )
    return services.family_change_status(
        family=family,
        to_status=to_status,
        by=user,
        expected_version=form.loaded_version(),
        effective_on=data["effective_on"],
        reason=data["reason"],
        closure_reason=data.get("closure_reason", ""),
    )


@family_view
def family_reassign(request, family):
    if request.user.role not in (Role.SUPERVISOR, Role.PROGRAM_ADMINISTRATOR):
        raise PermissionDenied(_("Supervisors reassign families."))
    form = ReassignForm(
        request.POST or None,
        candidates=selectors.reassignment_candidates(family, request.user),
        version_of=family,
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.family_reassign(
            family=family,
            caseworker=form.cleaned_data["caseworker"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(
            request,
            _("%(family)s is now assigned to %(caseworker)s.")
            % {"family": family.display_name, "caseworker": family.assigned_caseworker},
        )
        return redirect("families:overview", family.public_id)
    return render(
        request,
        "families/reassign_form.html",
        {"form": form, "family": family, "assignments": selectors.family_assignments(family)},
    )


def _person_page(request, family, *, form_class, save, person=None, noun):
    """Add or change a caregiver or child. Before saving, likely matches across the agency
    are offered (families.persons): the page comes back with them, everything typed kept,
    and the worker links to one or says it is a different person; then it saves."""
    form = form_class(request.POST or None, instance=person, family=family, user=request.user)
    if request.method == "POST":
        if form.is_valid() and form.needs_check() and _offer_matches(request, form, family, person):
            return _render_person_form(request, family, form, person, noun)
        saved = save_form(
            form,
            lambda: save(
                family=family,
                by=request.user,
                person=person,
                relationships=form.relationships(),
                expected_version=form.loaded_version(),
                same_person=form.answered(),
                birth_year=form.cleaned_data.get("birth_year"),
                **form.person_fields(),
            ),
        )
        if saved:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.full_name})
            return redirect("families:overview", family.public_id)
    return _render_person_form(request, family, form, person, noun)


def _offer_matches(request, form, family, person) -> bool:
    """Run the match check (counted against the user's limit, audited); True when the form
    must come back: with likely matches to choose from, or with the limit's message."""
    try:
        count_check(request.user)
    except ChecksCannotBeCounted:
        form.add_error(
            None,
            _(
                "The check for people already known cannot be made right now. Save again in a "
                "minute: what you typed is kept."
            ),
        )
        return True
    except TooManyChecks:
        form.add_error(
            None,
            _(
                "You have checked for people already known %(count)s times in %(minutes)s minutes, "
                "the most allowed. Wait a few minutes, then save again: what you typed is kept."
            )
            % {"count": MATCH_CHECKS_ALLOWED, "minutes": MATCH_CHECK_WINDOW // 60},
        )
        audit_record(
            actor=request.user,
            action=AuditAction.SEARCH,
            family_public_id=family.public_id,
            case_number=family.case_number,
            detail="person match check refused: the limit was reached",
        )
        return True
    matches = likely_matches(form.probe(), exclude=person.person_id if person else None)
    audit_record(
        actor=request.user,
        action=AuditAction.SEARCH,
        family_public_id=family.public_id,
        case_number=family.case_number,
        detail=f"person match check: {len(matches)} likely matches",
    )
    if not matches:
        return False
    form.offer_matches(match_answers(matches, user=request.user, family=family))
    return True


def _render_person_form(request, family, form, person, noun):
    title = _("Edit %(name)s") % {"name": person.full_name} if person else ADD_TITLES[noun]
    return render(
        request,
        "families/person_form.html",
        {"form": form, "family": family, "person": person, "title": title, "noun": noun},
    )


ADD_TITLES = {"caregiver": gettext_lazy("Add a caregiver"), "child": gettext_lazy("Add a child")}


@family_edit_view
def caregiver_add(request, family):
    return _person_page(
        request, family, form_class=CaregiverForm, save=services.caregiver_save, noun="caregiver"
    )


@family_edit_view
def caregiver_edit(request, family, pk):
    caregiver = get_object_or_404(family.caregivers, pk=pk)
    return _person_page(
        request,
        family,
        form_class=CaregiverForm,
        save=services.caregiver_save,
        person=caregiver,
        noun="caregiver",
    )


@family_edit_view
def child_add(request, family):
    return _person_page(request, family, form_class=ChildForm, save=services.child_save, noun="child")


@family_edit_view
def child_edit(request, family, pk):
    child = get_object_or_404(family.children, pk=pk)
    return _person_page(
        request, family, form_class=ChildForm, save=services.child_save, person=child, noun="child"
    )


def _left_household_page(request, family, person):
    form = LeftHouseholdForm(request.POST or None, version_of=person)
    if request.method == "POST" and save_form(
        form,
        lambda: services.person_mark_left_household(
            person=person,
            left_on=form.cleaned_data["left_household_on"],
            by=request.user,
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(
            request, _("%(name)s is marked as having left the household.") % {"name": person.full_name}
        )
        return redirect("families:overview", family.public_id)
    return render(
        request, "families/left_household_form.html", {"form": form, "family": family, "person": person}
    )


@family_edit_view
def caregiver_left(request, family, pk):
    return _left_household_page(request, family, get_object_or_404(family.caregivers, pk=pk))


@family_edit_view
def child_left(request, family, pk):
    return _left_household_page(request, family, get_object_or_404(family.children, pk=pk))


@family_view
def contact_list(request, family):
    return render(
        request,
        "families/contact_list.html",
        {
            "family": family,
            "contacts": selectors.family_contacts(family),
            "editable": can_change_record(request.user, family),
        },
    )


def _contact_page(request, family, contact=None):
    form = ContactForm(request.POST or None, instance=contact, family=family)
    if request.method == "POST" and save_form(
        form,
        lambda: services.contact_save(
            family=family,
            by=request.user,
            contact=contact,
            expected_version=form.loaded_version(),
            **form.edited(),
        ),
    ):
        messages.success(request, _("The visit is recorded."))
        return redirect("families:overview", family.public_id)
    title = _("Edit the visit record") if contact else _("Record a visit or contact")
    return render(request, "families/contact_form.html", {"form": form, "family": family, "title": title})


@family_edit_view
def contact_add(request, family):
    return _contact_page(request, family)


@family_edit_view
def contact_edit(request, family, pk):
    return _contact_page(request, family, get_object_or_404(family.contacts, pk=pk))


@family_view
def family_changes(request, family):
    return render(request, "families/changes.html", {"family": family, "changes": family_changes_of(family)})


@family_view
def record_changes(request, family, kind, pk):
    """The changes of one record of the family (and of the records under it: a safety plan's
    rules, a meeting's action items), field by field; 404 for a record the family hasn't."""
    found = record_changes_of(family, kind, pk)
    if found is None:
        raise Http404
    record, changes = found
    return render(request, "families/changes.html", {"family": family, "changes": changes, "record": record})


def _wording_language(family, asked: str | None) -> str | None:
    """The language the wording pages show: the one asked for, else the family's language for
    documents, else the first the site has besides the original's (None: it has no other)."""
    languages = dict(wording_languages())
    for language in (asked, family.document_language):
        if language in languages:
            return language
    return next(iter(languages), None)


@family_view
def family_wording(request, family):
    """Every text staff wrote that the family's documents print, beside its wording in the
    family's language, with what is still missing."""
    language = _wording_language(family, request.GET.get("language"))
    texts = selectors.family_texts(family, language) if language else []
    missing = sum(1 for _kind, rows in texts for row in rows if row.missing)
    context = {
        "family": family,
        "language": language,
        "language_name": dict(wording_languages()).get(language, ""),
        "original_language": original_language(),
        "documents_in_original": family.document_language == original_language(),
        "texts": texts,
        "missing": missing,
        "can_edit": can_change_record(request.user, family),
    }
    return render(request, "families/family_wording.html", context)


@family_edit_view
def family_wording_edit(request, family, kind, pk):
    record = selectors.family_text(family, kind, pk)
    if record is None:
        raise Http404(_("No such text."))
    language = _wording_language(family, request.GET.get("language"))
    form = FamilyWordingForm(request.POST or None, record=record, language=language)
    saved = request.method == "POST" and save_form(
        form,
        lambda: services.family_wording_set(
            family=family,
            record=record,
            by=request.user,
            wording=form.wordings()[0],
            others=form.wordings()[1],
            language=form.cleaned_data["family_wording_language"],
            expected_version=form.loaded_version(),
        ),
    )
    if saved:
        messages.success(request, _("The family's wording is saved."))
        return redirect(came_from_url(request, reverse("families:wording", args=[family.public_id])))
    context = {
        "family": family,
        "form": form,
        "kind": wording_kinds[kind],
        "about": wording_kinds[kind].about(record) if wording_kinds[kind].about else "",
        "record": record,
        "original_language": original_language(),
        "earlier": selectors.earlier_wordings(record),
        "title": _("The family's wording"),
    }
    return render(request, "families/family_wording_form.html", context)
