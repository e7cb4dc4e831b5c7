"""No edit can forget the version check (no lost updates). Walk the URL resolver: every view
is accounted for, in one of three places.

- EDITS: a page that changes a record that already exists. Each is checked the way a user
  meets it: the page is opened, its own form is sent back (1) after someone else saved the
  record: refused, showing what they saved, nothing saved; (2) without the version: refused,
  nothing saved; (3) as opened, with the stored version: saved. (3) proves the refusals were
  the version's doing, not something else wrong with the form.
- NOT_EDITS: reads, and pages that only add a new record (adding never conflicts).
- EXCEPTIONS: pages that change a record without a version from the page, each with the
  reason that is safe.

A new URL fails test_every_view_is_accounted_for until it is put in one of them. And every
model form over a versioned record is either a VersionedFormMixin or named in ADD_ONLY_FORMS.
"""

import inspect
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.forms.widgets import CheckboxInput, ChoiceWidget
from django.urls import reverse
from django.utils import timezone

from case_plans import services as case_plan_services
from case_plans.models import CasePlan, CasePlanSignature
from court.services import court_order_add, court_report_start, hearing_save
from documents.services import case_file_upload
from families.versioning import Versioned, VersionedFormMixin
from intake.models import Referral
from intake.services import referral_record, referral_screen
from meetings.models import ActionItem, Meeting
from notifications.models import EmailPreference
from protective_factors.models import ProtectiveFactor, WellBeingGoal
from safety_networks import risk_services
from safety_networks.fsna_models import FsnaInstrument
from safety_networks.fsna_services import fsna_start
from safety_networks.models import MapEntry, SafetyPlan, SafetyPlanRule, SafetyPlanSignature, ThreeHouses
from safety_networks.sdm.safety import safety_assessment_start
from safety_networks.services import danger_statement_save, harm_statement_save, network_member_save
from supervision.models import Consultation
from tests.factories import CaregiverFactory, CaseworkerFactory, ChildFactory, ContactFactory
from tests.test_every_url_keeps_the_access_rule import walk

pytestmark = pytest.mark.django_db

PROJECT_APPS = {
    "accounts", "audit", "families", "intake", "safety_networks", "protective_factors", "meetings",
    "case_plans", "supervision", "documents", "notifications", "court", "placements",
}  # fmt: skip

# Pages that read, or only add a new record.
NOT_EDITS = {
    "home", "login", "logout", "health", "audit:search", "audit:export",
    "accounts:staff", "accounts:password_change_done",
    "families:my_caseload", "families:search", "families:new", "families:overview",
    "families:changes", "families:record_changes", "families:caregiver_add", "families:child_add",
    "families:contacts",
    "families:contact_add", "families:wording", "families:access_requests",
    "families:access_request_new",
    "safety_networks:map", "safety_networks:entry_add", "safety_networks:harm_add",
    "safety_networks:harm_preview", "safety_networks:danger_add", "safety_networks:danger_preview",
    "safety_networks:scaling", "safety_networks:network", "safety_networks:member_add",
    "safety_networks:plans", "safety_networks:plan_start", "safety_networks:plan",
    "safety_networks:plan_print", "safety_networks:rule_add", "safety_networks:decisions",
    "safety_networks:safety_assessment_add", "safety_networks:risk_assessment_add",
    "safety_networks:risk_scored_start", "safety_networks:risk_assessment",
    "safety_networks:safety_assessment_start",
    "safety_networks:three_houses", "safety_networks:three_houses_add",
    "safety_networks:fsna_start", "safety_networks:fsna",
    "safety_networks:reunification_list", "safety_networks:reunification_start",
    "safety_networks:reunification",
    "protective_factors:family", "protective_factors:assessment_start", "protective_factors:goal_add",
    "protective_factors:unit",
    "meetings:upcoming", "meetings:list", "meetings:schedule", "meetings:meeting", "meetings:summary",
    "meetings:scaling", "meetings:action_add",
    "case_plans:plans", "case_plans:start", "case_plans:plan", "case_plans:step_add", "case_plans:pull",
    "case_plans:need_step", "case_plans:need_goal",
    "documents:document_request", "documents:document", "documents:document_download",
    "supervision:unit_review", "supervision:unit_review_of", "supervision:families",
    "supervision:approvals", "supervision:consultations", "supervision:consultation_new",
    "supervision:action_add", "documents:document_status", "meetings:record_held",
    "safety_networks:scaling_round",
    "documents:files", "documents:upload", "documents:download", "documents:withdrawn",
    "case_plans:signatures", "safety_networks:signatures",
    "intake:referral_new_family", "intake:referral_new", "intake:referral", "intake:allegation_add",
    "api_schema", "api_docs", "api:not_found",
    "api:family-list", "api:family-detail", "api:contact-list",
    "api:danger-statement-list", "api:danger-statement-detail", "api:harm-statement-list",
    "api:harm-statement-detail", "api:map-entry-list", "api:map-entry-detail", "api:meeting-list",
    "api:meeting-detail", "api:network-member-list", "api:network-member-detail",
    "api:safety-plan-list", "api:safety-plan-detail", "api:scaling-list", "api:scaling-detail",
    "api:action-item-list", "api:assessment-list", "api:assessment-detail", "api:well-being-goal-list",
    "api:well-being-goal-detail", "api:case-plan-list", "api:case-plan-detail", "api:case-file-list",
    "api:case-file-detail", "api:case-file-download",
    "api:safety-assessment-list", "api:safety-assessment-detail", "api:risk-assessment-list",
    "api:risk-assessment-detail", "api:three-houses-list", "api:three-houses-detail",
    "api:referral-list", "api:referral-detail", "api:allegation-list", "api:allegation-detail",
    "api:placement-list", "api:placement-detail", "api:family-time-plan-list", "api:family-time-plan-detail",
    "api:family-time-visit-list", "api:family-time-visit-detail", "api:hearing-list", "api:hearing-detail",
    "api:court-order-list", "api:court-order-detail", "api:court-report-list", "api:court-report-detail",
    "supervision:screening", "notifications:list",
    # Downloads of a page's list (audit.exports): they read.
    "families:my_caseload_export", "supervision:unit_review_export", "supervision:families_export",
    "supervision:approvals_export", "meetings:upcoming_export", "meetings:overdue_export",
    "protective_factors:unit_export",
    "court:hearings", "court:hearing_add", "court:order_add", "court:report", "court:report_start",
    "placements:family", "placements:placement_add", "placements:plan_add", "placements:visit_add",
    "placements:resource_families", "placements:resource_family", "placements:resource_family_add",
}  # fmt: skip

STATUS_STEP = (
    "a one-way status step guarded by the status itself: the service locks the record, refuses "
    "unless it is still in the status the step starts from (so a second, stale click is refused), "
    "and changes nothing anyone typed"
)

# Pages that change a record without the version of the page, and why that loses nothing.
EXCEPTIONS = {
    "protective_factors:assessment": (
        "per-answer autosave: each answer is its own row; an autosave saves only the answers it "
        "carries (it never blanks one chosen since), so two people never overwrite more than "
        "the one answer they both changed; a finished assessment is locked by its status; "
        "the language a draft's questions are shown in is one choice, not anything typed, and "
        "leaves the answers as they are"
    ),
    "court:report_submit": STATUS_STEP + " (only a draft or returned court report is submitted)",
    "court:report_decide": STATUS_STEP + " (only a submitted court report, which cannot change, is decided)",
    "case_plans:submit": STATUS_STEP + " (only a draft or returned plan is submitted)",
    "case_plans:decide": STATUS_STEP + " (only a submitted plan, which cannot change, is decided)",
    "documents:document_retry": (
        "a document's render is not a caseworker's record; only a failed one is made again"
    ),
    "safety_networks:plan_activate": STATUS_STEP + " (only a draft safety plan is put in force)",
    "safety_networks:risk_override_decide": STATUS_STEP + " (only a pending override is decided)",
    "safety_networks:safety_override_decide": STATUS_STEP + " (only a pending safety override is decided)",
    "safety_networks:reunification_override_decide": STATUS_STEP
    + " (only a pending reunification override is decided)",
    "meetings:cancel": STATUS_STEP + " (only a meeting still to come is cancelled)",
    "meetings:carry_to_map": "adds new map entries from a held meeting; it changes no existing record",
    "supervision:decide": STATUS_STEP + " (only a pending closure, plan or override is decided)",
    "supervision:action_finish": STATUS_STEP + " (only an open agreed action is finished)",
    "supervision:reassign": (
        "a supervisor picks families from the unit's list, not one record's page: each "
        "reassignment ends the old assignment and starts a new one (kept in the history), and "
        "reassigning to the caseworker who already has the family is refused"
    ),
    "families:access_request_decide": STATUS_STEP + " (only a pending access request is decided)",
    "families:person_unlink": (
        "changes which person in the agency's index a caregiver or child is, not anything typed: "
        "each unlink gives them a new person of their own and keeps the old link and the reason"
    ),
    "accounts:two_factor_setup": "the signed-in user's own sign-in device, not a case record",
    "accounts:two_factor_verify": "the signed-in user's own sign-in check, not a case record",
    "accounts:password_change": "the signed-in user's own password, not a case record",
    "accounts:language": "the signed-in user's own choice of language, not a case record",
    "api:action-item-detail": (
        "the API's update: If-Match with the item's ETag (its version) is required (428 without, "
        "412 when stale) and passed to the service's claim_version; tests/api/test_endpoints.py "
        "proves the lost update is refused"
    ),
    "api:contact-detail": (
        "the API's correction of a contact: If-Match with the contact's ETag (its version) is "
        "required (428 without, 412 when stale) and passed to contact_save's claim_version; "
        "tests/api/test_endpoints.py proves the lost update is refused"
    ),
    "tokens:personal": "the signed-in user's own API tokens (make one, revoke one), not a case record",
    "tokens:service_accounts": (
        "service accounts and their tokens, made, rotated and revoked by a program administrator: "
        "not a case record; revoking twice leaves it revoked once, and a second rotation of the same "
        "token finds it revoked by the first and is refused"
    ),
    "notifications:open": "marks the signed-in user's own notification read; not a case record",
    "notifications:mark_all_read": "marks the signed-in user's own notifications read; not a case record",
}

# Model forms over versioned records that only ever add one (the edit pages above prove the rest).
ADD_ONLY_FORMS = {
    "NewFamilyForm": "intake: a new family",
    "ScheduleForm": "schedules a new meeting",
    "HeldMeetingForm": "records a new meeting that was held without being scheduled first",
    "ScalingForm": "a new scaling number; earlier numbers are kept as they were",
    "SafetyAssessmentForm": "a new safety assessment; earlier ones are kept as they were",
    "RiskAssessmentForm": "a new risk assessment; earlier ones are kept as they were",
    "AgreedActionForm": "a new agreed action of a consultation (finished by a status step)",
    "ReferralForm": "a new referral; its screening and findings are edited with the version",
    "AllegationForm": "a new allegation of a referral (its finding is recorded with the referral's version)",
    "OrderForm": "a new court order of a hearing (its end is recorded with the order's version)",
    "PlacementForm": "a new placement (a move ends the current one in the service, under the child's lock)",
    "VisitAddForm": "a new family-time visit; what happened at it is recorded with its version",
}


@dataclass
class Edit:
    """How to reach one edit page: `setup(world)` gives (url, the record it edits); `extra` is
    what the user must still fill in on the opened page; `user` signs in; `button` is for a
    page of buttons (no form to open): the data the button sends, without its version;
    `version_key` is the field carrying the record's version."""

    setup: object
    extra: dict = field(default_factory=dict)
    user: str = "alice"
    button: object = None
    version_key: str = "version"


def _url(name, world, *args):
    return reverse(name, args=[world["family"].public_id, *args])


EDITS = {
    "families:edit": Edit(lambda w: (_url("families:edit", w), w["family"])),
    "families:change_status": Edit(
        lambda w: (_url("families:change_status", w, "close"), w["family"]),
        extra={"closure_reason": "moved"},
        user="bob",  # a supervisor closes directly (a caseworker asks, adding a request)
    ),
    "families:reassign": Edit(
        lambda w: (_url("families:reassign", w), w["family"]),
        extra=lambda w: {"caseworker": w["dana"].pk, "reason": "Alice is on leave."},
        user="bob",
    ),
    "families:caregiver_edit": Edit(
        lambda w: (_url("families:caregiver_edit", w, w["maria"].pk), w["maria"])
    ),
    "families:caregiver_left": Edit(
        lambda w: (_url("families:caregiver_left", w, w["maria"].pk), w["maria"])
    ),
    "families:child_edit": Edit(lambda w: (_url("families:child_edit", w, w["sofia"].pk), w["sofia"])),
    "families:child_left": Edit(lambda w: (_url("families:child_left", w, w["sofia"].pk), w["sofia"])),
    "families:contact_edit": Edit(lambda w: (_url("families:contact_edit", w, w["visit"].pk), w["visit"])),
    "families:wording_edit": Edit(
        lambda w: (_url("families:wording_edit", w, "safety-plan-rule", w["rule"].pk), w["rule"]),
        extra={"family_wording": "Cuando Daniel se enoja, llama a Samuel."},
    ),
    "safety_networks:entry_edit": Edit(
        lambda w: (_url("safety_networks:entry_edit", w, w["entry"].pk), w["entry"])
    ),
    "safety_networks:withdraw": Edit(
        lambda w: (_url("safety_networks:withdraw", w, "entry", w["entry"].pk), w["entry"]),
        extra={"withdrawn_reason": "Said twice"},
    ),
    "safety_networks:harm_edit": Edit(
        lambda w: (_url("safety_networks:harm_edit", w, w["harm"].pk), w["harm"])
    ),
    "safety_networks:danger_edit": Edit(
        lambda w: (_url("safety_networks:danger_edit", w, w["danger"].pk), w["danger"]),
        version_key="danger-version",  # the page holds the statement's form and its goal's
    ),
    "safety_networks:member_edit": Edit(
        lambda w: (_url("safety_networks:member_edit", w, w["member"].pk), w["member"])
    ),
    "safety_networks:member_left": Edit(
        lambda w: (_url("safety_networks:member_left", w, w["member"].pk), w["member"])
    ),
    "safety_networks:plan_edit": Edit(
        lambda w: (_url("safety_networks:plan_edit", w, w["safety_plan"].pk), w["safety_plan"])
    ),
    "safety_networks:rule_edit": Edit(
        lambda w: (_url("safety_networks:rule_edit", w, w["safety_plan"].pk, w["rule"].pk), w["rule"])
    ),
    "safety_networks:risk_draft": Edit(
        lambda w: (_url("safety_networks:risk_draft", w, w["risk_draft"].pk), w["risk_draft"]),
        extra={"q_N1": "some"},
    ),
    "safety_networks:risk_override_request": Edit(
        lambda w: (_url("safety_networks:risk_override_request", w, w["risk_scored"].pk), w["risk_scored"]),
        extra={"override_level": "moderate", "override_reason": "The aunt moved in."},
    ),
    "safety_networks:safety_assessment": Edit(
        lambda w: (_url("safety_networks:safety_assessment", w, w["safety_draft"].pk), w["safety_draft"])
    ),
    "safety_networks:three_houses_edit": Edit(
        lambda w: (_url("safety_networks:three_houses_edit", w, w["houses"].pk), w["houses"])
    ),
    "safety_networks:reunification_draft": Edit(
        lambda w: (
            _url("safety_networks:reunification_draft", w, w["reunification_draft"].pk),
            w["reunification_draft"],
        ),
        extra={"notes": "Answered after the visit"},
    ),
    "safety_networks:reunification_override": Edit(
        lambda w: (
            _url("safety_networks:reunification_override", w, w["reunification"].pk),
            w["reunification"],
        ),
        extra={
            "override_recommendation": "continue_reunification",
            "override_reason": "Two visits cut short.",
        },
    ),
    "safety_networks:fsna_draft": Edit(
        lambda w: (_url("safety_networks:fsna_draft", w, w["fsna"].pk), w["fsna"]),
        extra={"notes": "Rated at the kitchen table"},
    ),
    "protective_factors:goal_edit": Edit(
        lambda w: (_url("protective_factors:goal_edit", w, w["fathers"].pk), w["fathers"])
    ),
    "meetings:record": Edit(lambda w: (_url("meetings:record", w, w["meeting"].pk), w["meeting"])),
    "meetings:action_edit": Edit(
        lambda w: (_url("meetings:action_edit", w, w["meeting"].pk, w["item"].pk), w["item"])
    ),
    "case_plans:edit": Edit(lambda w: (_url("case_plans:edit", w, w["plan"].pk), w["plan"])),
    "case_plans:need": Edit(lambda w: _plan_need(w)),
    "case_plans:step_edit": Edit(
        lambda w: (_url("case_plans:step_edit", w, w["plan"].pk, w["step"].pk), w["step"])
    ),
    "case_plans:step_withdraw": Edit(
        lambda w: (_url("case_plans:step_withdraw", w, w["plan"].pk, w["step"].pk), w["step"])
    ),
    "case_plans:move": Edit(
        lambda w: (_url("case_plans:move", w, w["plan"].pk), w["plan"]),
        button=lambda w: {"kind": "wellbeing", "goal": w["rent"].pk, "up": "1"},
    ),
    "documents:withdraw": Edit(
        lambda w: (_url("documents:withdraw", w, w["case_file"].public_id), w["case_file"]),
        extra={"withdrawn_reason": "Uploaded to the wrong family"},
    ),
    "case_plans:signature_withdraw": Edit(
        lambda w: (
            _url("case_plans:signature_withdraw", w, w["signed_plan"].pk, w["plan_signature"].pk),
            w["plan_signature"],
        ),
        extra={"withdrawn_reason": "Ticked for the wrong person"},
    ),
    "safety_networks:signature_withdraw": Edit(
        lambda w: (
            _url("safety_networks:signature_withdraw", w, w["safety_plan"].pk, w["safety_signature"].pk),
            w["safety_signature"],
        ),
        extra={"withdrawn_reason": "Ticked for the wrong person"},
    ),
    "intake:screen": Edit(
        lambda w: (_url("intake:screen", w, w["referral"].pk), w["referral"]),
        extra={"screening": "screened_in", "response_time": "ten_day"},
        user="bob",
    ),
    "intake:findings": Edit(
        lambda w: (_url("intake:findings", w, w["screened_in"].pk), w["screened_in"]),
        extra=lambda w: {f"finding_{a.pk}": "unfounded" for a in w["screened_in"].allegations.all()},
    ),
    "supervision:consultation_edit": Edit(
        lambda w: (_url("supervision:consultation_edit", w, w["consultation"].pk), w["consultation"])
    ),
    "court:hearing_edit": Edit(lambda w: (_url("court:hearing_edit", w, w["hearing"].pk), w["hearing"])),
    "court:hearing_withdraw": Edit(
        lambda w: (_url("court:hearing_withdraw", w, w["hearing"].pk), w["hearing"]),
        extra={"reason": "Entered twice"},
    ),
    "court:order_end": Edit(
        lambda w: (_url("court:order_end", w, w["order"].pk), w["order"]),
        extra=lambda w: {"ended_on": date.today().isoformat()},
    ),
    "court:report_edit": Edit(
        lambda w: (_url("court:report_edit", w, w["court_report"].pk), w["court_report"]),
        extra={"summary": "Before the court since March."},
    ),
    "placements:placement_edit": Edit(
        lambda w: (_url("placements:placement_edit", w, w["placement"].pk), w["placement"])
    ),
    "placements:placement_end": Edit(
        lambda w: (_url("placements:placement_end", w, w["placement"].pk), w["placement"]),
        extra={"ended_on": date.today().isoformat(), "end_reason": "Went home"},
    ),
    "placements:plan_edit": Edit(
        lambda w: (_url("placements:plan_edit", w, w["time_plan"].pk), w["time_plan"])
    ),
    "placements:visit_record": Edit(
        lambda w: (_url("placements:visit_record", w, w["time_visit"].pk), w["time_visit"]),
        extra={"status": "held"},
    ),
    "placements:resource_family_edit": Edit(
        lambda w: (
            reverse("placements:resource_family_edit", args=[w["household"].pk]),
            w["household"],
        ),
        user="pat",  # a program administrator keeps the households
    ),
    # The person's own email settings (alice's), saved once before so there is a version.
    "notifications:email_preferences": Edit(
        lambda w: (
            reverse("notifications:email_preferences"),
            EmailPreference.objects.create(user=w["family"].assigned_caseworker, digest="weekly"),
        )
    ),
}


def project_urls() -> set[str]:
    from django.urls import get_resolver

    return {name for name, _ in walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def test_every_view_is_accounted_for():
    urls = project_urls()
    places = {"EDITS": set(EDITS), "NOT_EDITS": NOT_EDITS, "EXCEPTIONS": set(EXCEPTIONS)}
    unplaced = urls - set().union(*places.values())
    assert not unplaced, (
        f"{sorted(unplaced)}: say how each keeps from losing someone's update: add it to EDITS "
        "(it checks the version), NOT_EDITS (it reads or only adds) or EXCEPTIONS (with the reason)"
    )
    twice = [(a, b, places[a] & places[b]) for a in places for b in places if a < b and places[a] & places[b]]
    assert not twice, f"listed in two places: {twice}"
    gone = set().union(*places.values()) - urls
    assert not gone, f"{sorted(gone)} are listed here but are no longer URLs"
    assert all(len(reason) > 30 for reason in EXCEPTIONS.values())


def test_the_admin_changes_no_case_record():
    """The admin's change pages check no version: it may hold reference data and accounts only."""
    versioned = [model.__name__ for model in admin.site._registry if issubclass(model, Versioned)]
    assert not versioned


def test_every_model_form_over_a_versioned_record_carries_the_version():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    offenders = [
        form.__name__
        for form in subclasses(forms.ModelForm)
        if form.__module__.split(".")[0] in PROJECT_APPS
        and getattr(getattr(form, "_meta", None), "model", None) is not None
        and issubclass(form._meta.model, Versioned)
        and not issubclass(form, VersionedFormMixin)
        and form.__name__ not in ADD_ONLY_FORMS
        and not inspect.isabstract(form)
    ]
    assert not offenders, f"{offenders} edit versioned records without carrying the version"
    named = {form.__name__ for form in subclasses(forms.Form)} | {
        f.__name__ for f in subclasses(forms.ModelForm)
    }
    assert set(ADD_ONLY_FORMS) <= named, set(ADD_ONLY_FORMS) - named


# --- Each edit page, as a user meets it --------------------------------------------------


@pytest.fixture
def world(family, alice, bob):
    """One family with a record of every kind an edit page changes."""
    maria = CaregiverFactory(family=family, first_name="Maria")
    sofia = ChildFactory(family=family, first_name="Sofía")
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    danger, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[sofia],
        factors=[factors["parental_resilience"]],
        statement_fields={
            "who_is_worried": "The school",
            "caregiver_behaviour": "when Daniel is angry he may grab",
            "what_could_happen": "hurt",
        },
        goal_fields={
            "caregivers_will": "walks away and calls Samuel",
            "child_will_experience": "safe",
            "agency_needs_to_see": "calm evenings",
            "for_how_long": "six months",
        },
    )
    fathers = WellBeingGoal.objects.create(
        family=family, recorded_by=alice, factor=factors["parental_resilience"], goal="A fathers' group"
    )
    rent = WellBeingGoal.objects.create(
        family=family, recorded_by=alice, factor=factors["concrete_support"], goal="Rental assistance"
    )
    plan = case_plan_services.case_plan_start(family=family, by=alice)
    step = case_plan_services.case_plan_step_add(
        plan=plan, by=alice, goal=goal, what="Call Samuel when angry", who="Daniel",
        by_when=date.today() + timedelta(days=30), progress_shown_by="Samuel reports the calls",
    )  # fmt: skip
    meeting = Meeting.objects.create(
        family=family, recorded_by=alice, scheduled_at=timezone.now() - timedelta(days=1)
    )
    safety_plan = SafetyPlan.objects.create(family=family, recorded_by=alice, number=1)
    member = network_member_save(family=family, by=alice, name="Lucía", relationship="aunt")
    rule = SafetyPlanRule.objects.create(plan=safety_plan, rule="Call Samuel", how_it_holds="by phone")
    rule.responsible.set([member])
    consultation = Consultation.objects.create(
        family=family, recorded_by=bob, worried_about="x", working_well="y", needs_to_happen="z"
    )
    consultation.staff_present.set([alice, bob])
    today = date.today()
    signed_plan = CasePlan.objects.create(
        family=family,
        number=9,
        status="superseded",
        recorded_by=alice,
        decided_by=bob,
        decided_at=timezone.now(),
    )
    copy = case_file_upload(
        family=family, by=alice, upload=SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n"),
        kind="signed_case_plan", document_date=today, title="Signed plan",
    )  # fmt: skip
    safety_copy = case_file_upload(
        family=family, by=alice, upload=SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n"),
        kind="signed_safety_plan", document_date=today, title="Signed safety plan",
    )  # fmt: skip
    referral, screened_in = (
        referral_record(
            family=family, by=alice, received_at=timezone.now() - timedelta(days=2), channel="phone",
            reporter_type="anonymous", what_was_reported="A bruise",
            allegations=[{"child": sofia, "kind": "physical_abuse", "alleged_caregiver": maria}],
        )
        for _ in range(2)
    )  # fmt: skip
    referral_screen(
        referral=screened_in, by=bob, screening="screened_in", response_time="ten_day",
        screened_on=today - timedelta(days=1),
    )  # fmt: skip
    family.first_contact_at = timezone.now() - timedelta(hours=1)
    family.first_contact_kind = "home_visit"
    family.save(update_fields=["first_contact_at", "first_contact_kind"])
    risk_tool = risk_services.latest_instrument("risk_assessment")
    risk_draft = risk_services.risk_draft_start(family=family, by=alice, instrument=risk_tool)
    risk_scored = risk_services.risk_draft_start(family=family, by=alice, instrument=risk_tool)
    answers = {q: "no" for q in ("N2", "N3", "N4", "A2", "A3", "A4", "A5", "A6", "P1", "P2", "P3")}
    answers |= {"N1": "none", "N5": "few", "N6": "agree", "A1": "none"}
    risk_services.risk_draft_save(draft=risk_scored, by=alice, answers=answers)
    return {
        "risk_draft": risk_draft,
        "risk_scored": risk_services.risk_draft_submit(draft=risk_scored, by=alice),
        "family": family,
        "signed_plan": signed_plan,
        "plan_signature": CasePlanSignature.objects.create(
            record=signed_plan, role="caregiver", caregiver=maria, dated=today, signed_copy=copy,
            recorded_by=alice,
        ),
        "safety_signature": SafetyPlanSignature.objects.create(
            record=safety_plan, role="caseworker", staff=alice, dated=today, signed_copy=safety_copy,
            recorded_by=alice,
        ),
        "dana": CaseworkerFactory(unit=alice.unit, first_name="Dana"),
        "maria": maria,
        "sofia": sofia,
        "visit": ContactFactory(family=family),
        "entry": MapEntry.objects.create(family=family, recorded_by=alice, kind="strength", text="At school"),
        "harm": harm_statement_save(
            family=family, by=alice, child=sofia, caregiver=maria, what_happened="A bruise",
            caregiver_action="grabbed her", effect="scared",
        ),
        "danger": danger,
        "member": member,
        "safety_plan": safety_plan,
        "rule": rule,
        "houses": ThreeHouses.objects.create(family=family, recorded_by=alice, child=sofia, sat_with="me"),
        "fsna": fsna_start(
            family=family, by=alice, instrument=FsnaInstrument.objects.get(is_demonstration=True),
        ),
        "fathers": fathers,
        "rent": rent,
        "meeting": meeting,
        "item": ActionItem.objects.create(meeting=meeting, family=family, what="Call", who="A", due_on=today),
        "plan": plan,
        "step": step,
        "consultation": consultation,
        "case_file": case_file_upload(
            family=family, by=alice, upload=SimpleUploadedFile("order.pdf", b"%PDF-1.4\n%%EOF\n"),
            kind="court", document_date=today, title="Court order",
        ),
        "referral": referral,
        "screened_in": Referral.objects.get(pk=screened_in.pk),
        **_court_records(family, alice, sofia),
        **_placements_world(family, alice, sofia),
        **_reunification_world(family, alice, sofia),
        "safety_draft": safety_assessment_start(family=family, by=alice),
    }  # fmt: skip


def _plan_need(w):
    """The world's strengths and needs assessment submitted with one need (Maria's money, C),
    set aside in the draft plan: the page that changes how the plan answers it."""
    from case_plans.models import PlanNeed
    from safety_networks.fsna_models import DomainRating
    from safety_networks.fsna_services import fsna_save, fsna_submit

    alice = w["family"].assigned_caseworker
    rows = DomainRating.objects.filter(assessment=w["fsna"])
    need = rows.get(caregiver=w["maria"], domain="resource_management")
    fsna_save(assessment=w["fsna"], by=alice, ratings={r.pk: ("C" if r == need else "B", "") for r in rows})
    fsna_submit(assessment=w["fsna"], by=alice)
    case_plan_services.case_plan_need_answer(plan=w["plan"], by=alice, rating=need, set_aside_reason="Later")
    return _url("case_plans:need", w, w["plan"].pk, need.pk), PlanNeed.objects.get(rating=need)


def _court_records(family, alice, sofia) -> dict:
    held = hearing_save(
        family=family,
        by=alice,
        kind="disposition",
        hearing_on=date.today() - timedelta(days=1),
        children=[sofia],
    )
    return {
        "hearing": held,
        "order": court_order_add(hearing=held, by=alice, kind="no_contact", text="No contact with Daniel"),
        "court_report": court_report_start(hearing=held, by=alice),
    }


def _placements_world(family, alice, child) -> dict:
    from placements.models import FamilyTimePlan, FamilyTimeVisit, Placement, ResourceFamily

    child.date_of_birth = date.today() - timedelta(days=3000)
    child.save(update_fields=["date_of_birth"])
    placement = Placement.objects.create(
        family=family, child=child, setting="relative", started_on=date.today() - timedelta(days=20),
        carer_name="Lucía Reyes", carer_relationship="aunt", reason="Unsafe at home", recorded_by=alice,
    )  # fmt: skip
    time_plan = FamilyTimePlan.objects.create(
        family=family, child=child, with_whom="Maria (mother)", with_kind="parent", times=1, per="week",
        supervised=True, supervised_by="Lucía", started_on=date.today() - timedelta(days=14),
        recorded_by=alice,
    )  # fmt: skip
    time_visit = FamilyTimeVisit.objects.create(
        plan=time_plan, family=family, scheduled_at=timezone.now() - timedelta(hours=2), recorded_by=alice
    )
    household = ResourceFamily.objects.create(name="The Nguyen family", licence="approved", address="1 Oak")
    return {"placement": placement, "time_plan": time_plan, "time_visit": time_visit, "household": household}


def _reunification_world(family, alice, child) -> dict:
    """A draft and a submitted reunification reassessment of the child in care."""
    from safety_networks.models import ReunificationInstrument, ReunificationReassessment

    common = {
        "family": family, "recorded_by": alice, "child": child,
        "instrument": ReunificationInstrument.objects.first(),
        "goals": [{"key": "safety-1", "kind": "Safety goal", "wording": "Daniel walks away."}],
    }  # fmt: skip
    return {
        "reunification_draft": ReunificationReassessment.objects.create(**common),
        "reunification": ReunificationReassessment.objects.create(
            status="submitted", recommendation="return_home", submitted_at=timezone.now(), **common
        ),
    }


def as_posted(form) -> dict:
    """What the browser sends for `form` as the page shows it."""
    data = {}
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, ChoiceWidget) and widget.allow_multiple_selected:
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value or []]
        elif value is not None:
            shown = widget.format_value(value)
            data[bound.html_name] = shown[0] if isinstance(shown, list) else shown or ""
    return data


def open_page(client, url, to_fill) -> dict:
    page = client.get(url)
    assert page.status_code == 200, url
    context_forms = page.context.get("forms") or [page.context["form"]]
    data = {}
    for form in context_forms:
        data |= as_posted(form)
    return data | to_fill


def someone_else_saves(record) -> int:
    type(record).objects.filter(pk=record.pk).update(version=F("version") + 1)
    return stored_version(record)


def stored_version(record) -> int:
    return type(record).objects.values_list("version", flat=True).get(pk=record.pk)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_the_edit_page_refuses_a_stale_or_versionless_save_and_takes_a_current_one(
    client, client_of, alice, bob, administrator, world, name
):
    edit = EDITS[name]
    url, record = edit.setup(world)
    client_of({"alice": alice, "bob": bob, "pat": administrator}[edit.user])
    to_fill = edit.extra(world) if callable(edit.extra) else edit.extra  # noqa: S610 (not a queryset)
    if edit.button:
        page = client.get(reverse("case_plans:plan", args=[world["family"].public_id, record.pk])).text
        assert f'name="version" value="{record.version}"' in page  # the buttons carry it
        data = edit.button(world) | {"version": str(record.version)}
    else:
        data = open_page(client, url, to_fill)
    versions = [key for key in data if key == "version" or key.endswith("-version")]
    assert data.get(edit.version_key) == str(record.version), f"{name}: the page does not carry the version"

    theirs = someone_else_saves(record)
    stale = client.post(url, data, follow=True)
    assert "Someone else" in stale.text, (
        f"{name}: a save over a newer version went through",
        stale.context and stale.context.get("form") and stale.context["form"].errors,
    )
    assert stored_version(record) == theirs

    without = client.post(url, {k: v for k, v in data.items() if k not in versions}, follow=True)
    assert "came without the version" in without.text, f"{name}: a save without the version went through"
    assert stored_version(record) == theirs

    current = data | {edit.version_key: theirs}
    saved = client.post(url, current)
    assert saved.status_code == 302, f"{name}: the page's own form, current, was not saved"
    assert stored_version(record) > theirs
