"""Pages of a family's safety work. Each reaches the family through the access rule
(families.access), validates, calls a service, and redirects."""

from contextlib import suppress
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import signing
from documents.selectors import files_belonging_to
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import act, decision_of, save_form
from families.selectors import approver_of, document_wording
from families.services import supervises
from protective_factors.models import ProtectiveFactor

from . import fsna_selectors, risk_selectors, selectors, services
from .factor_links import suggest_factors
from .forms import (
    DangerStatementForm,
    HarmStatementForm,
    MapEntryForm,
    MemberLeftForm,
    NetworkMemberForm,
    RiskAssessmentForm,
    SafetyAssessmentForm,
    SafetyGoalForm,
    SafetyPlanForm,
    SafetyPlanRuleForm,
    ScalingForm,
    ScalingRoundForm,
    ThreeHousesForm,
    WithdrawForm,
)
from .models import (
    DangerStatement,
    EntryKind,
    HarmStatement,
    MapEntry,
    NetworkMember,
    OverrideStatus,
    RiskAssessment,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanSignature,
    ThreeHouses,
)
from .sdm.safety import danger_draft
from .statements import danger_sentence, goal_sentence, harm_sentence

FORM_PAGE = "families/form_page.html"


def _form_page(request, family, form, title, **extra):
    return render(request, FORM_PAGE, {"form": form, "family": family, "title": title, **extra})


def _back_to(page: str, family):
    return redirect(f"safety_networks:{page}", family.public_id)


def _posted(request, form, save, *, done: str, then):
    """On POST, save a versioned record's form through `save(expected_version=…, **typed)`;
    when it is saved, say `done` and return `then()` (a redirect). None: show the form."""
    if request.method == "POST" and save_form(
        form, lambda: save(expected_version=form.loaded_version(), **form.edited())
    ):
        messages.success(request, done)
        return then()
    return None


# --- The map ---------------------------------------------------------------------------


@family_view
def family_map(request, family):
    on = None
    if request.GET.get("on"):
        try:
            on = date.fromisoformat(request.GET["on"])
        except ValueError:
            messages.warning(request, _("That date could not be read; showing the map as it is now."))
    return render(
        request,
        "safety_networks/map.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family) and on is None,
            **selectors.family_map(family, on=on),
        },
    )


@family_edit_view
def map_entry_add(request, family, kind):
    if kind not in EntryKind.values:
        raise PermissionDenied("No such kind of map entry.")
    return _map_entry_page(request, family, MapEntry(kind=kind))


@family_edit_view
def map_entry_edit(request, family, pk):
    return _map_entry_page(request, family, get_object_or_404(MapEntry.objects.filter(family=family), pk=pk))


# Whole sentences for each kind of map entry (the kind's name alone does not make a sentence
# in every language).
ENTRY_SAVED = {
    EntryKind.COMPLICATING_FACTOR: gettext_lazy("Complicating factor saved on the map."),
    EntryKind.STRENGTH: gettext_lazy("Strength saved on the map."),
    EntryKind.EXISTING_SAFETY: gettext_lazy("Existing safety saved on the map."),
    EntryKind.NEXT_STEP: gettext_lazy("Next step saved on the map."),
}
ENTRY_ADD_TITLE = {
    EntryKind.COMPLICATING_FACTOR: gettext_lazy("Add a complicating factor"),
    EntryKind.STRENGTH: gettext_lazy("Add a strength"),
    EntryKind.EXISTING_SAFETY: gettext_lazy("Add existing safety"),
    EntryKind.NEXT_STEP: gettext_lazy("Add a next step"),
}
ENTRY_EDIT_TITLE = {
    EntryKind.COMPLICATING_FACTOR: gettext_lazy("Edit a complicating factor"),
    EntryKind.STRENGTH: gettext_lazy("Edit a strength"),
    EntryKind.EXISTING_SAFETY: gettext_lazy("Edit existing safety"),
    EntryKind.NEXT_STEP: gettext_lazy("Edit a next step"),
}


def _map_entry_page(request, family, entry):
    """A plain map entry, added or edited in place on the map (htmx swaps the entry for its
    form and back), or on a page of its own where JavaScript is off."""
    # A first draft of a strength from a domain a strengths and needs assessment rated A.
    draft = None
    if not entry.pk and entry.kind == EntryKind.STRENGTH and request.method == "GET":
        draft = fsna_selectors.strength_draft(family, request.GET)
    form = MapEntryForm(
        request.POST or None, instance=entry if entry.pk else None, kind=entry.kind, initial=draft
    )

    def save(**typed):
        existing = entry if entry.pk else None
        return services.map_entry_save(
            family=family, by=request.user, existing=existing, kind=entry.kind, **typed
        )

    if request.headers.get("HX-Request") == "true":
        saved = request.method == "POST" and save_form(
            form, lambda: save(expected_version=form.loaded_version(), **form.edited())
        )
        if saved:
            saved = MapEntry.objects.select_related("recorded_by").get(pk=saved.pk)
            first_of_kind = not entry.pk and not (
                MapEntry.objects.filter(family=family, kind=entry.kind).exclude(pk=saved.pk).exists()
            )
            context = {
                "item": saved,
                "family": family,
                "editable": True,
                "add_slot": None if entry.pk else entry.kind,
                # the map said "None yet." for this kind: the same answer takes it away
                "was_empty": first_of_kind,
            }
            return render(request, "safety_networks/_entry.html", context)
        context = {"form": form, "family": family, "entry": entry, "action": request.path}
        return render(request, "safety_networks/_entry_inline_form.html", context)

    saved = _posted(
        request,
        form,
        save,
        done=ENTRY_SAVED[entry.kind],
        then=lambda: _back_to("map", family),
    )
    title = (ENTRY_EDIT_TITLE if entry.pk else ENTRY_ADD_TITLE)[entry.kind]
    return saved or _form_page(request, family, form, title)


@family_edit_view
def harm_statement_add(request, family):
    return _harm_page(request, family, None)


@family_edit_view
def harm_statement_edit(request, family, pk):
    return _harm_page(request, family, get_object_or_404(HarmStatement.objects.filter(family=family), pk=pk))


def _harm_page(request, family, statement):
    form = HarmStatementForm(request.POST or None, instance=statement, family=family)
    saved = _posted(
        request,
        form,
        lambda **typed: services.harm_statement_save(
            family=family, by=request.user, existing=statement, **typed
        ),
        done=_("The harm statement is saved."),
        then=lambda: _back_to("map", family),
    )
    return saved or render(
        request,
        "safety_networks/statement_form.html",
        {
            "family": family,
            "forms": [form],
            "title": _("Edit the harm statement") if statement else _("Write a harm statement"),
            "preview_url": "safety_networks:harm_preview",
            "preview": _harm_preview_text(form),
        },
    )


@family_edit_view
def danger_statement_add(request, family):
    return _danger_page(request, family, None, None)


@family_edit_view
def danger_statement_edit(request, family, pk):
    statement = get_object_or_404(DangerStatement.objects.filter(family=family), pk=pk)
    goal = SafetyGoal.objects.filter(danger_statement=statement, status="active").first()
    return _danger_page(request, family, statement, goal)


def _danger_page(request, family, statement, goal):
    """The danger statement and its safety goal, written together: one goal per statement."""
    data = request.POST or None
    # A first draft from a threat a safety assessment found (safety_networks.sdm.safety).
    draft = danger_draft(family, request.GET) if statement is None and data is None else None
    danger_form = DangerStatementForm(data, instance=statement, family=family, initial=draft)
    goal_form = SafetyGoalForm(data, instance=goal)
    if request.method == "POST":
        goal_form.is_valid()  # both forms show their errors at once
        if goal_form.is_valid() and save_form(
            danger_form,
            lambda: services.danger_statement_save(
                family=family,
                by=request.user,
                statement=statement,
                statement_version=danger_form.loaded_version(),
                children=list(danger_form.cleaned_data["children"]),
                statement_fields=danger_form.statement_fields(),
                goal=goal,
                goal_version=goal_form.loaded_version(),
                factors=list(goal_form.cleaned_data["protective_factors"]),
                goal_fields=goal_form.goal_fields(),
            ),
        ):
            messages.success(request, _("The danger statement and its safety goal are saved."))
            return _back_to("map", family)
    return render(
        request,
        "safety_networks/statement_form.html",
        {
            "family": family,
            "forms": [danger_form, goal_form],
            "title": _("Edit the danger statement and its safety goal")
            if statement
            else _("Write a danger statement and its safety goal"),
            "preview_url": "safety_networks:danger_preview",
            "preview": _danger_preview_text(danger_form, family),
            "goal_preview": _goal_preview_text(request.POST) if request.method == "POST" else "",
            "suggested": _suggested(request.POST) if request.method == "POST" else [],
        },
    )


def _danger_preview_text(form, family) -> str:
    data = form.data if form.is_bound else None
    if data is None and form.instance.pk:
        instance = form.instance
        return danger_sentence(
            who_is_worried=instance.who_is_worried,
            caregiver_behaviour=instance.caregiver_behaviour,
            children=[c.called for c in instance.children.all()],
            what_could_happen=instance.what_could_happen,
        )
    data = data or {}
    ids = [i for i in (data.getlist("danger-children") if hasattr(data, "getlist") else []) if i.isdigit()]
    names = [c.called for c in family.children.filter(pk__in=ids)]
    return danger_sentence(
        who_is_worried=data.get("danger-who_is_worried", ""),
        caregiver_behaviour=data.get("danger-caregiver_behaviour", ""),
        children=names,
        what_could_happen=data.get("danger-what_could_happen", ""),
    )


def _harm_preview_text(form) -> str:
    if not form.is_bound and form.instance.pk:
        s = form.instance
        return harm_sentence(
            what_happened=s.what_happened,
            child=s.child.called,
            caregiver=s.caregiver.called if s.caregiver else "",
            caregiver_action=s.caregiver_action,
            effect=s.effect,
        )
    data = form.data if form.is_bound else {}
    child = (
        form.fields["child"].queryset.filter(pk=data.get("child") or 0).first()
        if data.get("child", "").isdigit()
        else None
    )
    caregiver = (
        form.fields["caregiver"].queryset.filter(pk=data.get("caregiver")).first()
        if data.get("caregiver", "").isdigit()
        else None
    )
    return harm_sentence(
        what_happened=data.get("what_happened", ""),
        child=child.called if child else "",
        caregiver=caregiver.called if caregiver else "",
        caregiver_action=data.get("caregiver_action", ""),
        effect=data.get("effect", ""),
    )


def _goal_preview_text(data) -> str:
    return goal_sentence(
        caregivers_will=data.get("goal-caregivers_will", ""),
        child_will_experience=data.get("goal-child_will_experience", ""),
        agency_needs_to_see=data.get("goal-agency_needs_to_see", ""),
        for_how_long=data.get("goal-for_how_long", ""),
    )


def _suggested(data) -> list[ProtectiveFactor]:
    codes = suggest_factors(
        data.get("goal-caregivers_will", ""),
        data.get("goal-child_will_experience", ""),
        data.get("goal-agency_needs_to_see", ""),
    )
    return list(ProtectiveFactor.objects.filter(code__in=codes))


@family_view
@require_POST
def danger_preview(request, family):
    """The live preview (htmx): the sentence as typed so far, and the factors the goal builds."""
    form = DangerStatementForm(request.POST, family=family)
    html = render_to_string(
        "safety_networks/_preview.html",
        {
            "preview": _danger_preview_text(form, family),
            "goal_preview": _goal_preview_text(request.POST),
            "suggested": _suggested(request.POST),
        },
        request=request,
    )
    return HttpResponse(html)


@family_view
@require_POST
def harm_preview(request, family):
    form = HarmStatementForm(request.POST, family=family)
    html = render_to_string(
        "safety_networks/_preview.html", {"preview": _harm_preview_text(form)}, request=request
    )
    return HttpResponse(html)


WITHDRAWABLE = {"entry": MapEntry, "harm": HarmStatement, "danger": DangerStatement}


@family_edit_view
def withdraw(request, family, what, pk):
    if what not in WITHDRAWABLE:
        raise PermissionDenied("Nothing of that kind is withdrawn.")
    record = get_object_or_404(WITHDRAWABLE[what].objects.filter(family=family), pk=pk)
    form = WithdrawForm(request.POST or None, version_of=record)
    saved = _posted(
        request,
        form,
        lambda **typed: services.withdraw(record=record, by=request.user, **typed),
        done=_("Withdrawn. It stays on the record, marked as withdrawn."),
        then=lambda: _back_to("map", family),
    )
    return saved or _form_page(request, family, form, _("Withdraw from the map"), intro_text=str(record))


# --- Scaling ---------------------------------------------------------------------------


def _kept_occasion(request) -> dict:
    """The occasion and date of the number just recorded, kept for the next one (they come
    back in the querystring: `?occasion=Home visit&date=2026-03-10`)."""
    initial = {}
    if request.GET.get("occasion"):
        initial["occasion"] = request.GET["occasion"][:200]
    with suppress(ValueError):
        initial["scored_on"] = date.fromisoformat(request.GET.get("date", ""))
    return initial


def _scaling_again(family, cleaned):
    """Back to the scaling page, its next blank form on the same occasion and date."""
    query = urlencode({"occasion": cleaned.get("occasion") or "", "date": cleaned["scored_on"].isoformat()})
    return redirect(f"{reverse('safety_networks:scaling', args=[family.public_id])}?{query}")


@family_view
def scaling(request, family):
    editable = can_change_record(request.user, family)
    givers = selectors.scaling_givers(family, request.user) if editable else []
    form = ScalingForm(request.POST or None, givers=givers, initial=_kept_occasion(request))
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("This family's record is read-only.")
        if save_form(
            form, lambda: services.scaling_record(family=family, by=request.user, **form.record_fields())
        ):
            messages.success(request, _("The scaling number is recorded."))
            return _scaling_again(family, form.cleaned_data)
    return render(
        request,
        "safety_networks/scaling.html",
        {
            "family": family,
            "form": form,
            "editable": editable,
            "kept": urlencode({k: request.GET[k] for k in ("occasion", "date") if request.GET.get(k)}),
            **selectors.scaling_history(family),
        },
    )


@family_edit_view
def scaling_round(request, family):
    """Everyone present at a visit or a meeting gives their number: one page for the round."""
    givers = selectors.scaling_givers(family, request.user, children_from_age=services.PLAN_CHILD_MIN_AGE)
    form = ScalingRoundForm(request.POST or None, givers=givers, initial=_kept_occasion(request))
    if request.method == "POST":
        saved = save_form(
            form,
            lambda: services.scaling_round_record(
                family=family,
                by=request.user,
                scored_on=form.cleaned_data["scored_on"],
                occasion=form.cleaned_data["occasion"],
                numbers=form.numbers(),
            ),
        )
        if saved:
            messages.success(
                request,
                ngettext(
                    "%(count)d scaling number is recorded.",
                    "%(count)d scaling numbers are recorded.",
                    len(saved),
                )
                % {"count": len(saved)},
            )
            return _scaling_again(family, form.cleaned_data)
    return render(
        request,
        "safety_networks/scaling_round.html",
        {"family": family, "form": form, "child_age": services.PLAN_CHILD_MIN_AGE},
    )


# --- The safety network ----------------------------------------------------------------


@family_view
def network(request, family):
    return render(
        request,
        "safety_networks/network.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family),
            **selectors.safety_network(family),
        },
    )


@family_edit_view
def network_member_add(request, family):
    return _member_page(request, family, None)


@family_edit_view
def network_member_edit(request, family, pk):
    return _member_page(
        request, family, get_object_or_404(NetworkMember.objects.filter(family=family), pk=pk)
    )


def _member_page(request, family, member):
    form = NetworkMemberForm(request.POST or None, instance=member)
    saved = _posted(
        request,
        form,
        lambda **typed: services.network_member_save(
            family=family, by=request.user, existing=member, **typed
        ),
        done=_("The safety network is updated."),
        then=lambda: _back_to("network", family),
    )
    return saved or _form_page(
        request,
        family,
        form,
        _("Edit %(name)s") % {"name": member.name} if member else _("Add someone to the safety network"),
    )


@family_edit_view
def network_member_left(request, family, pk):
    member = get_object_or_404(NetworkMember.objects.filter(family=family), pk=pk)
    form = MemberLeftForm(request.POST or None, version_of=member)
    saved = _posted(
        request,
        form,
        lambda **typed: services.network_member_leave(member=member, by=request.user, **typed),
        done=_("%(name)s is marked as having left the network.") % {"name": member.name},
        then=lambda: _back_to("network", family),
    )
    return saved or _form_page(
        request, family, form, _("%(name)s leaves the network") % {"name": member.name}
    )


# --- The safety plan -------------------------------------------------------------------


def _plan(family, pk) -> SafetyPlan:
    return get_object_or_404(SafetyPlan.objects.filter(family=family), pk=pk)


@family_view
def safety_plan(request, family):
    return render(
        request,
        "safety_networks/plans.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family),
            **selectors.safety_plans(family),
        },
    )


@family_edit_view
@require_POST
def safety_plan_start(request, family):
    try:
        plan = services.safety_plan_start(family=family, by=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return _back_to("plans", family)
    return redirect("safety_networks:plan", family.public_id, plan.pk)


@family_view
def safety_plan_detail(request, family, pk):
    plan = selectors.plan_with_rules(_plan(family, pk))
    can_request_pdf = can_change_record(request.user, family)
    signable = not plan.is_draft
    return render(
        request,
        "safety_networks/plan.html",
        {
            "family": family,
            "plan": plan,
            "editable": can_change_record(request.user, family) and plan.is_draft,
            "can_request_pdf": can_request_pdf,
            "pdf_texts": can_request_pdf
            and document_wording(
                family, lambda: selectors.safety_plan_texts(family, plan.pk), request.GET.get("language")
            ),
            "signable": signable,
            "signers": signing.plan_signers(
                family=family,
                record=plan,
                model=SafetyPlanSignature,
                supervisor=approver_of(family),
                user=request.user,
            )
            if signable
            else [],
            "files": files_belonging_to(
                family=family, user=request.user, kind="safety_plan", record_id=plan.pk
            ),
        },
    )


@family_edit_view
def safety_plan_signatures(request, family, pk):
    """Record signatures: the signed copy and who signed it (or would not)."""
    plan = _plan(family, pk)
    if plan.is_draft:
        messages.warning(request, _("A safety plan is signed once it is made the active plan."))
        return redirect("safety_networks:plan", family.public_id, plan.pk)
    return signing.signatures_page(
        request,
        family=family,
        record=plan,
        model=SafetyPlanSignature,
        record_kind="safety_plan",
        supervisor=approver_of(family),
        title=_("Record signatures: safety plan, version %(number)s") % {"number": plan.number},
        default_title=_("Signed safety plan, version %(number)s") % {"number": plan.number},
        back=reverse("safety_networks:plan", args=[family.public_id, plan.pk]),
    )


@family_edit_view
def safety_plan_signature_withdraw(request, family, pk, signature_pk):
    plan = _plan(family, pk)
    signature = get_object_or_404(
        SafetyPlanSignature.objects.filter(record=plan, withdrawn_at__isnull=True), pk=signature_pk
    )
    return signing.signature_withdraw_page(
        request,
        family=family,
        signature=signature,
        title=_("Withdraw a signature record"),
        back=reverse("safety_networks:plan", args=[family.public_id, plan.pk]),
    )


@family_view
def safety_plan_print(request, family, pk):
    plan = selectors.plan_with_rules(_plan(family, pk))
    return render(request, "safety_networks/plan_print.html", {"family": family, "plan": plan})


@family_edit_view
def safety_plan_edit(request, family, pk):
    plan = _plan(family, pk)
    form = SafetyPlanForm(request.POST or None, instance=plan, family=family)
    if request.method == "POST" and save_form(
        form,
        lambda: services.safety_plan_update(
            plan=plan,
            by=request.user,
            expected_version=form.loaded_version(),
            participants=form.participants(),
            **form.plan_fields(),
        ),
    ):
        messages.success(request, _("The draft plan is saved."))
        return redirect("safety_networks:plan", family.public_id, plan.pk)
    return _form_page(
        request, family, form, _("Safety plan, version %(number)s: details") % {"number": plan.number}
    )


@family_edit_view
def safety_plan_rule_add(request, family, pk):
    return _rule_page(request, family, _plan(family, pk), None)


@family_edit_view
def safety_plan_rule_edit(request, family, pk, rule_pk):
    plan = _plan(family, pk)
    return _rule_page(request, family, plan, get_object_or_404(plan.rules, pk=rule_pk))


def _rule_page(request, family, plan, rule):
    form = SafetyPlanRuleForm(request.POST or None, instance=rule, family=family)
    if request.method == "POST" and save_form(
        form,
        lambda: services.safety_plan_rule_save(
            plan=plan,
            by=request.user,
            existing=rule,
            expected_version=form.loaded_version(),
            responsible=list(form.cleaned_data["responsible"]),
            **form.rule_fields(),
        ),
    ):
        messages.success(request, _("The rule is saved."))
        return redirect("safety_networks:plan", family.public_id, plan.pk)
    return _form_page(request, family, form, _("Edit the rule") if rule else _("Add a rule to the plan"))


@family_edit_view
@require_POST
def safety_plan_activate(request, family, pk):
    plan = _plan(family, pk)
    act(
        request,
        lambda: services.safety_plan_activate(plan=plan, by=request.user),
        _("Version %(number)s is now the family’s safety plan.") % {"number": plan.number},
    )
    return redirect("safety_networks:plan", family.public_id, plan.pk)


# --- SDM decisions ---------------------------------------------------------------------


@family_view
def decisions(request, family):
    context = selectors.decisions(family)
    waiting = any(r.override_status == OverrideStatus.PENDING for r in context["risk_assessments"])
    return render(
        request,
        "safety_networks/decisions.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family),
            "can_decide_overrides": supervises(request.user, family),
            "approver": approver_of(family) if waiting else None,
            "risk_drafts": risk_selectors.open_drafts(family),
            **context,
        },
    )


@family_edit_view
def safety_assessment_add(request, family):
    form = SafetyAssessmentForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: services.safety_assessment_record(
            family=family,
            by=request.user,
            threats=list(form.cleaned_data["threats"]),
            **form.assessment_fields(),
        ),
    ):
        messages.success(request, _("The safety assessment is recorded."))
        return _back_to("decisions", family)
    return _form_page(request, family, form, _("Safety assessment"))


@family_edit_view
def risk_assessment_add(request, family):
    form = RiskAssessmentForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.risk_assessment_record(family=family, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The risk assessment is recorded."))
        return _back_to("decisions", family)
    return _form_page(request, family, form, _("Risk assessment"))


@family_view
@require_POST
def risk_override_decide(request, family, pk):
    assessment = get_object_or_404(RiskAssessment.objects.filter(family=family), pk=pk)
    act(
        request,
        lambda: services.risk_override_decide(assessment=assessment, by=request.user, **decision_of(request)),
        lambda: (
            _("Override approved.")
            if assessment.override_status == OverrideStatus.APPROVED
            else _("Override not approved.")
        ),
    )
    return _back_to("decisions", family)


# --- The child's voice -----------------------------------------------------------------


@family_view
def three_houses(request, family):
    return render(
        request,
        "safety_networks/three_houses.html",
        {
            "family": family,
            "editable": can_change_record(request.user, family),
            "records": selectors.three_houses(family),
        },
    )


@family_edit_view
def three_houses_add(request, family):
    return _three_houses_page(request, family, None)


@family_edit_view
def three_houses_edit(request, family, pk):
    return _three_houses_page(
        request, family, get_object_or_404(ThreeHouses.objects.filter(family=family), pk=pk)
    )


def _three_houses_page(request, family, record):
    form = ThreeHousesForm(request.POST or None, instance=record, family=family)
    saved = _posted(
        request,
        form,
        lambda **typed: services.three_houses_save(family=family, by=request.user, existing=record, **typed),
        done=_("The Three Houses are saved."),
        then=lambda: _back_to("three_houses", family),
    )
    return saved or _form_page(request, family, form, _("Three Houses"))
