"""Every page a user can open, checked with axe-core: no serious or critical violation.

The pages come from the URL resolver, not from a list someone keeps: a URL added later is
opened here on its own (by the caseworker, with the demo family's public id), and a URL
whose other parts this test cannot fill, or that is not a page, fails the test until it is
taught below; so is each model of Django's administration. Each page is opened by the
person who uses it (the caseworker, the unit's supervisor, the program administrator), on
the demo agency's worked example family, with
records in every state a page shows (a draft case plan and safety plan, a meeting still to
come, a risk override and a closure waiting for the supervisor, a finished document), and
also in the states a form shows after a refused save. Every template a page can be built
from must have been drawn at least once, so a new kind of page, panel or form is checked
too."""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test.signals import template_rendered
from django.urls import get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Unit, User
from case_plans.models import (
    CasePlan,
    CasePlanSignature,
    CasePlanStep,
    PlanStatus,
)
from case_plans.services import case_plan_start
from court.models import CourtOrder, CourtReport, Hearing
from documents.models import CaseFile, Document, DocumentState
from families.history import changes_kind
from families.models import AccessRequest, AccessStatus, Caregiver, Child, Contact, Family
from families.services import family_closure_request, family_wording_set
from intake.models import Referral
from meetings.models import Meeting
from meetings.services import meeting_schedule
from notifications.models import Notification
from protective_factors.models import Assessment, Instrument, WellBeingGoal
from protective_factors.services import assessment_start
from safety_networks.fsna_models import FsnaInstrument, StrengthsAndNeedsAssessment
from safety_networks.fsna_services import fsna_start
from safety_networks.models import (
    DangerStatement,
    HarmStatement,
    MapEntry,
    NetworkMember,
    RiskAssessment,
    SafetyAssessment,
    SafetyPlan,
    SafetyPlanRule,
    SafetyPlanSignature,
    ThreeHouses,
)
from safety_networks.reunification_models import ReunificationReassessment
from safety_networks.risk_models import RiskAssessmentDraft
from safety_networks.risk_services import (
    latest_instrument,
    risk_draft_save,
    risk_draft_start,
    risk_draft_submit,
)
from safety_networks.sdm.safety import safety_assessment_start
from safety_networks.services import risk_assessment_record, safety_plan_start
from sop_casework.demo.agency import seed_families, seed_staff
from sop_casework.demo.api_tokens import seed_api_tokens
from sop_casework.demo.risk import ANSWERS
from supervision.compliance import RULES_BY_SLUG
from supervision.models import Consultation
from tests.browser.conftest import serious_accessibility_violations
from tests.test_every_url_keeps_the_access_rule import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-demo-password-for-axe"
CASEWORKER, SUPERVISOR, ADMINISTRATOR = "caseworker1", "supervisor1", "admin"
# The program administrator signed in, before typing the authenticator app's code.
ADMINISTRATOR_AT_SECOND_STEP = "admin, at the second step"
ANONYMOUS = "someone not signed in"

# URLs that are not pages: what they answer instead. Each is checked to answer that way.
NOT_PAGES = {
    # Forms on other pages post here; a GET is refused (405). Their refused-save states are
    # pages, checked in REFUSED_SAVES.
    "logout": "post",
    "safety_networks:harm_preview": "post",
    "safety_networks:danger_preview": "post",
    "safety_networks:plan_start": "post",
    "safety_networks:plan_activate": "post",
    "safety_networks:risk_override_decide": "post",
    "safety_networks:reunification_override_decide": "post",
    "safety_networks:safety_assessment_start": "post",
    "safety_networks:safety_override_decide": "post",
    "case_plans:start": "post",
    "case_plans:submit": "post",
    "case_plans:move": "post",
    "case_plans:decide": "post",
    "court:report_start": "post",
    "court:report_submit": "post",
    "court:report_decide": "post",
    "documents:document_request": "post",
    "documents:document_retry": "post",
    "accounts:language": "post",
    "meetings:carry_to_map": "post",
    "supervision:decide": "post",
    "supervision:action_add": "post",
    "supervision:action_finish": "post",
    "notifications:mark_all_read": "post",
    # Sends each person to their own start page.
    "home": "redirect",
    # Marks the notification read and sends the reader to its record.
    "notifications:open": "redirect",
    # Files and machine answers, not HTML.
    "documents:document_download": "application/pdf",
    "documents:download": "application/pdf",
    "audit:export": "text/csv",
    # The pages' downloads (audit.exports), checked as CSV; tests/*/test_*export*.py read both files.
    "families:my_caseload_export": "text/csv",
    "supervision:unit_review_export": "text/csv",
    "supervision:families_export": "text/csv",
    "supervision:approvals_export": "text/csv",
    "meetings:upcoming_export": "text/csv",
    "meetings:overdue_export": "text/csv",
    "protective_factors:unit_export": "text/csv",
    "health": "application/json",
    "api_schema": "application/vnd.oai.openapi",
    # A piece of the document's page, which the page asks for by itself (htmx), not a page.
    "documents:document_status": "text/html",
}


@dataclass
class World:
    """The demo agency, with the Okafor-Reyes family's records in every state."""

    family: Family
    unit: Unit
    draft_plan: CasePlan
    draft_safety_plan: SafetyPlan
    upcoming: Meeting
    draft_assessment: Assessment
    draft_fsna: StrengthsAndNeedsAssessment
    document: Document
    submitted_plan: CasePlan
    access_request: AccessRequest
    placement: object
    time_plan: object
    time_visit: object

    @property
    def case_file(self) -> CaseFile:
        """The demo's signed case plan of the worked example (a PDF)."""
        return CaseFile.objects.get(family=self.family, kind="signed_case_plan")

    @property
    def plan_signature(self) -> CasePlanSignature:
        """A caregiver's signature of the plan in force (the demo's worked example)."""
        return CasePlanSignature.objects.filter(
            record__family=self.family, record__status="active", role="caregiver"
        ).first()

    @property
    def safety_plan_signature(self) -> SafetyPlanSignature:
        return SafetyPlanSignature.objects.filter(record__family=self.family, record__status="active").first()

    @property
    def draft_step(self) -> CasePlanStep:
        """A step the draft carried forward from the plan in force (the demo's has steps)."""
        step = CasePlanStep.in_plan.filter(plan=self.draft_plan).order_by("pk").first()
        assert step is not None, "the demo's plan in force lends the draft no step"
        return step

    def rated(self, rating: str):
        """A domain the family's submitted strengths and needs assessment rated `rating`
        (the demo's worked example: Daniel's "Relationships at home" D, Maria's parenting A)."""
        from safety_networks.fsna_models import DomainRating

        return DomainRating.objects.filter(
            assessment__family=self.family, assessment__status="submitted", rating=rating
        ).first()

    def placement_household(self):
        from placements.models import ResourceFamily

        return ResourceFamily.objects.order_by("pk").first()

    def first(self, model, **filters):
        return model.objects.filter(family=self.family, **filters).order_by("pk").first()


def build_world() -> World:
    agency = seed_staff(password=PASSWORD, caseworker_count=8)
    seed_families(agency=agency, count=6, seed=2026)
    seed_api_tokens(agency)  # the token pages with rows: tokens that work (Rotate, Revoke), revoked ones
    caseworker = User.objects.get(username=CASEWORKER)
    family = Family.objects.get(display_name="Okafor-Reyes")
    assert family.assigned_caseworker == caseworker
    # Its documents in Spanish, one rule in the family's words: the wording pages and the PDF
    # forms show both a translated text and the list of those still missing.
    family.document_language = "es"
    family.save(update_fields=["document_language"])
    for wording, how_it_holds in (
        ("Cuando Daniel se enoja, sale y llama a Samuel.", "Samuel contesta."),
        ("Cuando Daniel se enoja, sale del cuarto y llama a Samuel.", "Samuel contesta de día o de noche."),
    ):
        family_wording_set(  # twice: its edit page lists the earlier wording (of both its texts)
            family=family,
            record=SafetyPlanRule.objects.filter(plan__family=family).order_by("pk").first(),
            by=caseworker,
            wording=wording,
            others={"how_it_holds": how_it_holds},
            language="es",
        )
    # Records waiting for the supervisor, drafts, a meeting still to come, a document.
    draft_plan = case_plan_start(family=family, by=caseworker)
    draft_safety_plan = safety_plan_start(family=family, by=caseworker)
    upcoming = meeting_schedule(
        family=family,
        by=caseworker,
        scheduled_at=timezone.now() + timedelta(days=7),
        caregivers=list(family.caregivers.all()),
    )
    draft_assessment = assessment_start(
        family=family,
        by=caseworker,
        instrument=Instrument.objects.first(),
        caregiver=family.caregivers.order_by("pk").first(),
    )
    draft_fsna = fsna_start(
        family=family, by=caseworker, instrument=FsnaInstrument.objects.get(is_demonstration=True)
    )
    safety_assessment_start(family=family, by=caseworker)  # a draft of the scored safety tool
    # the closure is asked for first: it is refused while an override waits
    family_closure_request(
        family=family,
        by=caseworker,
        closed_on=date.today(),
        closure_reason="safety_goals_met",
        reason="The safety plan has held for six months.",
    )
    risk_draft_start(family=family, by=caseworker, instrument=latest_instrument("risk_assessment"))
    reassessment = risk_draft_start(
        family=family, by=caseworker, instrument=latest_instrument("risk_reassessment")
    )
    risk_draft_save(
        draft=reassessment,
        by=caseworker,
        answers={**ANSWERS["risk_reassessment"]["moderate"], "P1": "no", "P2": "no", "P3": "no"},
    )
    risk_draft_submit(draft=reassessment, by=caseworker)
    risk_assessment_record(
        family=family,
        by=caseworker,
        scored_level="moderate",
        override_level="high",
        override_reason="The children's father returned home last week.",
    )
    other_family = Family.objects.filter(assigned_caseworker__unit=caseworker.unit).exclude(pk=family.pk)
    other_family = other_family.exclude(status="closed").order_by("pk").first()
    submitted_plan = CasePlan.objects.create(
        family=other_family,
        number=CasePlan.objects.filter(family=other_family).count() + 1,
        status=PlanStatus.SUBMITTED,
        recorded_by=other_family.assigned_caseworker,
        submitted_at=timezone.now(),
    )
    document = Document.objects.create(
        family=family,
        kind="case_plan",
        source_id=draft_plan.pk,
        title="Case plan, version 2",
        state=DocumentState.FAILED,
        failure_reason="The printer stopped.",
        requested_by=caseworker,
    )
    # Maria Reyes was a mother in a closed family of the other unit (seed_demo), and her
    # caseworker has asked to read it (seed_demo too: the other unit's supervisor decides).
    maria = family.caregivers.get(first_name="Maria")
    earlier = Caregiver.objects.exclude(family=family).get(person=maria.person).family
    access_request = AccessRequest.objects.get(
        family=earlier, from_family=family, requested_by=caseworker, status=AccessStatus.PENDING
    )
    placement, time_plan, time_visit = _placements(family, caseworker)
    _reunification(family, caseworker, time_plan.child)
    return World(
        placement=placement,
        time_plan=time_plan,
        time_visit=time_visit,
        access_request=access_request,
        family=family,
        unit=caseworker.unit,
        draft_plan=draft_plan,
        draft_safety_plan=draft_safety_plan,
        upcoming=upcoming,
        draft_assessment=draft_assessment,
        draft_fsna=draft_fsna,
        document=document,
        submitted_plan=submitted_plan,
    )


def _placements(family, caseworker):
    """Tomás placed with his aunt (a move after a night with a resource family), weekly family
    time with his mother, a visit to come."""
    from placements.models import FamilyTimeVisit, ResourceFamily
    from placements.services import family_time_plan_save, placement_start

    tomas = family.children.get(first_name="Tomás")
    night = date.today() - timedelta(days=20)
    placement_start(
        family=family, child=tomas, by=caseworker, setting="resource_family", started_on=night,
        resource_family=ResourceFamily.objects.order_by("pk").first(), reason="Emergency placement.",
    )  # fmt: skip
    placement = placement_start(
        family=family, child=tomas, by=caseworker, setting="relative", started_on=night + timedelta(days=1),
        carer_name="Lucía Reyes", carer_relationship="aunt", address="12 Elm Street",
        reason="His aunt came forward.", relatives_considered="yes",
    )  # fmt: skip
    plan = family_time_plan_save(
        family=family, by=caseworker, child=tomas, with_whom="Maria (mother)", with_kind="parent",
        supervised=True, supervised_by="Lucía Reyes", started_on=night,
    )  # fmt: skip
    visit = FamilyTimeVisit.objects.create(
        plan=plan, family=family, scheduled_at=timezone.now() + timedelta(days=2), recorded_by=caseworker
    )
    return placement, plan, visit


def _reunification(family, caseworker, child):
    """Tomás's reunification reassessments: one submitted, one submitted whose override waits
    for the supervisor (a row of the approvals inbox), a draft begun since."""
    from safety_networks import reunification_services as services
    from safety_networks.reunification_models import Recommendation

    instrument = services.latest_instrument()
    submitted = []
    for _ in range(2):
        done = services.reunification_start(family=family, by=caseworker, child=child, instrument=instrument)
        services.reunification_save(
            reassessment=done,
            by=caseworker,
            goal_ratings={g["key"]: "some" for g in done.goals},
            family_time={i["code"]: "good" for i in instrument.definition["family_time_items"]},
            safety_answer="conditionally_safe",
        )
        submitted.append(services.reunification_submit(reassessment=done, by=caseworker))
    overridden = submitted[1]
    services.reunification_override_request(
        reassessment=overridden,
        by=caseworker,
        override_recommendation=next(r for r in Recommendation.values if r != overridden.recommendation),
        override_reason="The aunt says the visits went less well than the notes show.",
    )
    services.reunification_start(family=family, by=caseworker, child=child, instrument=instrument)


# Who opens a page when it is not the caseworker, by URL name or namespace.
OPENED_BY = {
    "supervision:": SUPERVISOR,
    "protective_factors:unit": SUPERVISOR,
    "protective_factors:unit_export": SUPERVISOR,
    "accounts:staff": ADMINISTRATOR,
    "tokens:service_accounts": ADMINISTRATOR,
    "audit:": ADMINISTRATOR,
    "documents:withdrawn": ADMINISTRATOR,
    "admin:": ADMINISTRATOR,
    "supervision:consultations": CASEWORKER,
    "accounts:two_factor_verify": ADMINISTRATOR_AT_SECOND_STEP,
    "families:reassign": SUPERVISOR,
    "families:person_unlink": SUPERVISOR,
    # Charlie's family of the other unit is decided by its own supervisor.
    "families:access_request_decide": "supervisor2",
    "intake:screen": SUPERVISOR,
    "placements:resource_family_add": ADMINISTRATOR,
    "placements:resource_family_edit": ADMINISTRATOR,
    "login": ANONYMOUS,
}


def opened_by(name: str) -> str:
    matches = [key for key in OPENED_BY if name == key or (key.endswith(":") and name.startswith(key))]
    return OPENED_BY[max(matches, key=len)] if matches else CASEWORKER


QUERY = "the query string"


# The records that fill the other parts of a URL: URL name -> each set of URL kwargs (and
# the query string a page needs, if any).
def record_kwargs(w: World) -> dict[str, list[dict]]:
    first = w.first
    meeting = first(Meeting, status="held")
    return {
        "families:change_status": [{"action": "close"}],
        "families:caregiver_edit": [{"pk": first(Caregiver).pk}],
        "families:caregiver_left": [{"pk": first(Caregiver).pk}],
        "families:child_edit": [{"pk": first(Child).pk}],
        "families:child_left": [{"pk": first(Child).pk}],
        "families:contact_edit": [{"pk": first(Contact).pk}],
        "safety_networks:entry_add": [{"kind": "strength"}],
        "safety_networks:entry_edit": [{"pk": first(MapEntry).pk}],
        "safety_networks:withdraw": [
            {"what": "entry", "pk": first(MapEntry).pk},
            {"what": "harm", "pk": first(HarmStatement).pk},
            {"what": "danger", "pk": first(DangerStatement).pk},
        ],
        "safety_networks:harm_edit": [{"pk": first(HarmStatement).pk}],
        "safety_networks:danger_edit": [{"pk": first(DangerStatement).pk}],
        "safety_networks:member_edit": [{"pk": first(NetworkMember).pk}],
        "safety_networks:member_left": [{"pk": first(NetworkMember).pk}],
        "safety_networks:plan": [
            {"pk": first(SafetyPlan, status="active").pk},
            {"pk": w.draft_safety_plan.pk},
            {"pk": first(SafetyPlan, status="active").pk, QUERY: "?language=en"},  # the PDF form in English
        ],
        "safety_networks:plan_edit": [{"pk": w.draft_safety_plan.pk}],
        "safety_networks:plan_print": [{"pk": first(SafetyPlan, status="active").pk}],
        "safety_networks:rule_add": [{"pk": w.draft_safety_plan.pk}],
        "safety_networks:rule_edit": [
            {"pk": w.draft_safety_plan.pk, "rule_pk": w.draft_safety_plan.rules.order_by("pk").first().pk}
        ],
        "safety_networks:three_houses_edit": [{"pk": first(ThreeHouses).pk}],
        "safety_networks:fsna": [
            {"pk": first(StrengthsAndNeedsAssessment, status="submitted").pk},
            {"pk": w.draft_fsna.pk},
        ],
        "safety_networks:fsna_draft": [{"pk": w.draft_fsna.pk}],
        "safety_networks:reunification": [
            {"pk": first(ReunificationReassessment, status="submitted").pk},
            {"pk": first(ReunificationReassessment, status="draft").pk},
        ],
        "safety_networks:reunification_draft": [{"pk": first(ReunificationReassessment, status="draft").pk}],
        "safety_networks:reunification_override": [
            {"pk": first(ReunificationReassessment, status="submitted").pk}
        ],
        "safety_networks:risk_scored_start": [{"tool": "risk_assessment"}, {"tool": "risk_reassessment"}],
        "safety_networks:risk_draft": [{"pk": first(RiskAssessmentDraft, status="draft").pk}],
        "safety_networks:risk_assessment": [
            {"pk": first(RiskAssessment, kind="risk_assessment", instrument__isnull=False).pk},
            {"pk": first(RiskAssessment, kind="risk_reassessment").pk},  # compared with the first
        ],
        "safety_networks:risk_override_request": [
            {"pk": first(RiskAssessment, instrument__isnull=False, override_status="none").pk}
        ],
        "safety_networks:safety_assessment": [
            {"pk": first(SafetyAssessment, status="submitted", instrument__isnull=False).pk},
            {"pk": first(SafetyAssessment, status="draft").pk},
        ],
        "protective_factors:assessment": [
            {"pk": first(Assessment, status="submitted").pk},
            {"pk": w.draft_assessment.pk},
        ],
        "protective_factors:goal_edit": [{"pk": first(WellBeingGoal).pk}],
        "meetings:meeting": [{"pk": meeting.pk}, {"pk": w.upcoming.pk}],
        "meetings:record": [{"pk": meeting.pk}],  # one still to come is not offered for recording
        "meetings:summary": [{"pk": meeting.pk}],
        "meetings:cancel": [{"pk": w.upcoming.pk}],
        "meetings:scaling": [{"pk": meeting.pk}],
        "meetings:action_add": [{"pk": meeting.pk}],
        "meetings:action_edit": [{"pk": meeting.pk, "item_pk": meeting.action_items.first().pk}],
        "case_plans:plan": [{"pk": first(CasePlan, status="active").pk}, {"pk": w.draft_plan.pk}],
        "case_plans:edit": [{"pk": w.draft_plan.pk}],
        "case_plans:step_add": [{"pk": w.draft_plan.pk}],
        "case_plans:pull": [{"pk": w.draft_plan.pk}],
        "case_plans:step_edit": [{"pk": w.draft_plan.pk, "step_pk": w.draft_step.pk}],
        "case_plans:step_withdraw": [{"pk": w.draft_plan.pk, "step_pk": w.draft_step.pk}],
        "case_plans:need": [
            {"pk": w.draft_plan.pk, "rating_pk": w.rated("D").pk},
            {"pk": w.draft_plan.pk, "rating_pk": w.rated("A").pk},
        ],
        "case_plans:need_step": [{"pk": w.draft_plan.pk, "rating_pk": w.rated("D").pk}],
        "case_plans:need_goal": [{"pk": w.draft_plan.pk, "rating_pk": w.rated("C").pk}],
        "documents:document": [{"document_id": w.document.public_id}],
        "documents:withdraw": [{"file_id": w.case_file.public_id}],
        "case_plans:signatures": [{"pk": first(CasePlan, status="active").pk}],
        "case_plans:signature_withdraw": [
            {"pk": first(CasePlan, status="active").pk, "signature_pk": w.plan_signature.pk}
        ],
        "safety_networks:signatures": [{"pk": first(SafetyPlan, status="active").pk}],
        "safety_networks:signature_withdraw": [
            {"pk": first(SafetyPlan, status="active").pk, "signature_pk": w.safety_plan_signature.pk}
        ],
        "court:hearing_edit": [{"pk": first(Hearing).pk}],
        "court:hearing_withdraw": [{"pk": first(Hearing).pk}],
        "court:order_add": [{"pk": first(Hearing).pk}],
        "court:order_end": [{"order_pk": first(CourtOrder).pk}],
        "court:report": [
            {"pk": first(CourtReport, status="final").pk},
            {"pk": first(CourtReport, status="draft").pk},
        ],
        "court:report_edit": [{"pk": first(CourtReport, status="draft").pk}],
        "supervision:unit_review_of": [{"unit_id": w.unit.pk}],
        "supervision:families": [{QUERY: f"?rule={slug}"} for slug in RULES_BY_SLUG],
        "supervision:consultation_edit": [{"pk": first(Consultation).pk}],
        "intake:referral": [{"pk": first(Referral).pk}],
        "intake:allegation_add": [{"pk": first(Referral).pk}],
        "intake:screen": [{"pk": first(Referral).pk}],
        "intake:findings": [{"pk": first(Referral, screening="screened_in").pk}],
        "families:wording_edit": [
            {
                "kind": "safety-plan-rule",
                "pk": SafetyPlanRule.objects.filter(plan__family=w.family).first().pk,
            },
            {"kind": "danger-statement", "pk": first(DangerStatement).pk},
            {"kind": "case-plan-step", "pk": w.draft_step.pk},
        ],
        "families:access_request_new": [{"other": w.access_request.family.public_id}],
        "families:access_request_decide": [{"request_id": w.access_request.public_id}],
        "families:person_unlink": [{"kind": "caregiver", "pk": first(Caregiver, first_name="Maria").pk}],
        # a record's changes: a safety plan (with its rules) and a meeting (with who took part)
        "families:record_changes": [
            {"kind": changes_kind(plan), "pk": plan.pk}
            for plan in (first(SafetyPlan, status="active"), meeting)
        ],
        "placements:placement_edit": [{"pk": w.placement.pk}],
        "placements:placement_end": [{"pk": w.placement.pk}],
        "placements:plan_edit": [{"pk": w.time_plan.pk}],
        "placements:visit_add": [{"pk": w.time_plan.pk}],
        "placements:visit_record": [{"pk": w.time_visit.pk}],
        "placements:resource_family": [{"pk": w.placement_household().pk}],
        "placements:resource_family_edit": [{"pk": w.placement_household().pk}],
    }


@dataclass(frozen=True)
class Visit:
    who: str
    url: str
    label: str


def page_visits(w: World) -> list[Visit]:
    """One visit per page of the resolver; fails for a URL it cannot fill."""
    filled = record_kwargs(w)
    visits, untaught = [], []
    for name, entry in walk(get_resolver().url_patterns):
        # api: the REST API answers programs in JSON (tests/test_every_url_keeps_the_access_rule.py)
        if name in NOT_PAGES or name.startswith(("admin:", "api:")):
            continue
        keys = set(getattr(entry.pattern, "converters", {}))
        other = keys - {"public_id"}
        if other and name not in filled:
            untaught.append(f"{name} takes {sorted(other)}")
            continue
        for kwargs in filled.get(name, [{}]):
            query = kwargs.get(QUERY, "")
            kwargs = {key: value for key, value in kwargs.items() if key != QUERY}
            if "public_id" in keys:
                kwargs = {"public_id": w.family.public_id, **kwargs}
            visits.append(Visit(opened_by(name), reverse(name, kwargs=kwargs) + query, name))
    assert not untaught, f"Teach this test which record fills these URLs (record_kwargs): {untaught}"
    return visits


def extra_visits(w: World) -> list[Visit]:
    """Pages the resolver walk does not reach on its own: the same page as another person
    sees it, and the index of Django's administration (its other pages are Django's own,
    reached only by the program administrator, and skipped by the walk)."""
    overview = reverse("families:overview", kwargs={"public_id": w.family.public_id})
    submitted = w.submitted_plan
    return [
        Visit(
            SUPERVISOR,
            reverse("case_plans:plan", args=[submitted.family.public_id, submitted.pk]),
            "a case plan waiting for the supervisor, as the supervisor",
        ),
        Visit(SUPERVISOR, overview, "overview, as the supervisor"),
        Visit(ADMINISTRATOR, overview, "overview, as the program administrator"),
        Visit(
            ADMINISTRATOR,
            reverse("documents:files", args=[w.family.public_id]),
            "files, with the withdrawn one, as the program administrator",
        ),
        Visit(SUPERVISOR, reverse("meetings:upcoming"), "meetings, as the supervisor"),
        Visit(ADMINISTRATOR, reverse("accounts:two_factor_setup"), "two-step sign-in, once set up"),
        Visit(ADMINISTRATOR, reverse("supervision:unit_review"), "agency review"),
        Visit(ADMINISTRATOR, reverse("admin:index"), "administration"),
        Visit(CASEWORKER, f"{reverse('families:search')}?q=Okafor", "search results"),
        *administration_visits(),
    ]


def administration_visits() -> list[Visit]:
    """Each model the program administrator keeps in Django's administration: its app's page,
    its list, its form for a new one (where one may be added there), and one of them: its
    form, its history, and the question before deleting it (where it may be deleted)."""
    request = AdministratorRequest()
    visits, apps = [], set()
    for model, model_admin in admin.site._registry.items():
        app = model._meta.app_label
        if app not in apps:
            apps.add(app)
            visits.append(
                Visit(ADMINISTRATOR, reverse("admin:app_list", args=[app]), f"admin:app_list {app}")
            )
        name = f"admin:{app}_{model._meta.model_name}"
        visits.append(Visit(ADMINISTRATOR, reverse(f"{name}_changelist"), f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            visits.append(Visit(ADMINISTRATOR, reverse(f"{name}_add"), f"{name}_add"))
        if first := model.objects.order_by("pk").first():
            pages = [
                "change",
                "history",
                *(["delete"] if model_admin.has_delete_permission(request, first) else []),
            ]
            visits += [
                Visit(ADMINISTRATOR, reverse(f"{name}_{p}", args=[first.pk]), f"{name}_{p}") for p in pages
            ]
    visits.append(Visit(ADMINISTRATOR, reverse("admin:password_change"), "admin:password_change"))
    return visits


class AdministratorRequest:
    """Enough of a request for a ModelAdmin to say whether the administrator may add."""

    user = property(lambda self: User.objects.get(username=ADMINISTRATOR))


# Error pages: (who, url, status).
def error_visits(w: World) -> list[tuple[str, str, int]]:
    return [
        (CASEWORKER, "/families/00000000-0000-4000-8000-000000000000/", 404),
        (ADMINISTRATOR, reverse("families:edit", kwargs={"public_id": w.family.public_id}), 403),
    ]


# Forms whose refused save (sent empty) is a page shape of its own.
REFUSED_SAVES = [
    "families:new",
    "families:caregiver_add",
    "safety_networks:harm_add",
    "supervision:consultation_new",
    "documents:upload",
]


def test_every_page_has_no_serious_accessibility_problem(browser, live_server):
    world = build_world()
    drawn: set[str] = set()

    def record_template(sender, template, context, **kwargs):
        drawn.add(template.name)

    template_rendered.connect(record_template)
    try:
        problems = walk_every_page(browser, live_server, world)
    finally:
        template_rendered.disconnect(record_template)

    never_drawn = sorted(page_templates() - drawn - NOT_DRAWN_HERE.keys())
    if never_drawn:
        problems.append(f"no page here drew these templates; open a page that does: {never_drawn}")
    heading = "Pages with a serious or critical accessibility problem, or not opened as a page:"
    assert not problems, "\n".join([heading, *problems])


# Templates this walk does not draw, and why.
EMAIL = (
    "an email's HTML part, not a page: read in a mail program, rendered and checked for case "
    "detail by tests/notifications"
)
NOT_DRAWN_HERE = {
    "500.html": "drawn only when the server fails; plain HTML with no form or colour of its own",
    "notifications/email/_base.html": EMAIL,
    "notifications/email/digest.html": EMAIL,
    "notifications/email/plan_returned.html": EMAIL,
    "notifications/email/override_returned.html": EMAIL,
    "notifications/email/safety_override_returned.html": EMAIL,
    "notifications/email/reunification_override_returned.html": EMAIL,
    "notifications/email/closure_returned.html": EMAIL,
    "notifications/email/access_requested.html": EMAIL,
}


def page_templates() -> set[str]:
    root = Path(settings.BASE_DIR) / "templates"
    return {
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if path.relative_to(root).parts[0] not in ("pdf",)
    }


def walk_every_page(browser, live_server, w: World) -> list[str]:
    problems: list[str] = []
    pages = {}

    def page_of(who):
        if who == ADMINISTRATOR_AT_SECOND_STEP:
            page_of(ADMINISTRATOR)  # whose first sign-in sets up the app
        if who not in pages:
            pages[who] = signed_in(browser, live_server, who)
        return pages[who]

    def check(page, label):
        for violation in serious_accessibility_violations(page):
            problems.append(f"{label} ({page.url}): {violation}")

    visits = page_visits(w) + extra_visits(w)
    for visit in visits:
        page = page_of(visit.who)
        response = page.goto(f"{live_server.url}{visit.url}")
        if response.status != 200 or not page.url.endswith(visit.url):
            answer = f"answered {response.status} at {page.url}"
            problems.append(f"{visit.label} as {visit.who}: {visit.url} {answer}")
            continue
        check(page, f"{visit.label} as {visit.who}")

    for who, url, status in error_visits(w):
        page = page_of(who)
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == status, f"{url} as {who}: {response.status}, not {status}"
        check(page, f"error {status}")

    for name in REFUSED_SAVES:
        page = page_of(opened_by(name))
        kwargs = {"public_id": w.family.public_id} if "public_id" in url_keys(name) else {}
        page.goto(f"{live_server.url}{reverse(name, kwargs=kwargs)}")
        page.evaluate("for (const f of document.forms) f.noValidate = true")
        page.locator("main form[method='post'] [type='submit']").first.click()
        if page.locator(".is-invalid, .invalid-feedback, .alert-danger").count() == 0:
            problems.append(f"{name}: sent empty, it was not refused; choose another form")
            continue
        check(page, f"{name}, refused save")

    check_in_page_states(page_of, live_server, w, check)
    check_not_pages(page_of, live_server, w)
    check_paused_sign_in(page_of(ANONYMOUS), live_server, check)  # last: it locks the address
    return problems


def check_paused_sign_in(page, live_server, check) -> None:
    """The page of a sign-in paused after too many failures (which pauses this address too,
    so nothing signs in after it)."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("someone-guessing")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign-in is paused for this account")).to_be_visible()
    check(page, "sign-in paused")


def check_in_page_states(page_of, live_server, w: World, check) -> None:
    """What a page turns into without a new page: the map's inline form, a draft
    assessment's autosave, a save refused because someone else saved first."""
    family = w.family.public_id
    page = page_of(CASEWORKER)
    page.goto(live_server.url + reverse("safety_networks:map", kwargs={"public_id": family}))
    page.locator("a[hx-target='#new-strength']").click()
    inline = page.locator("form.inline-entry-form")
    expect(inline).to_be_visible()
    check(page, "the map, adding a strength in place")
    inline.get_by_role("button", name="Save").click()
    expect(inline.locator(".is-invalid").first).to_be_visible()
    check(page, "the map, a strength sent empty")

    assessment = reverse("protective_factors:assessment", args=[family, w.draft_assessment.pk])
    page.goto(live_server.url + assessment)
    page.locator("main form input[type='radio']").first.check()
    expect(page.locator("#autosave")).to_contain_text("Draft saved")
    check(page, "a draft assessment, saved as it is answered")

    edit = live_server.url + reverse("families:caregiver_edit", args=[family, w.first(Caregiver).pk])
    first, second = page_of(SUPERVISOR), page
    first.goto(edit)
    second.goto(edit)
    first.get_by_role("button", name="Save").click()
    expect(first.locator(".alert-success")).to_be_visible()
    second.get_by_role("button", name="Save").click()
    expect(second.locator(".conflict-theirs").first).to_be_visible()
    check(second, "a caregiver saved meanwhile by someone else")


def url_keys(name: str) -> set[str]:
    for found, entry in walk(get_resolver().url_patterns):
        if found == name:
            return set(getattr(entry.pattern, "converters", {}))
    raise KeyError(name)


def check_not_pages(page_of, live_server, w: World) -> None:
    """Each URL said not to be a page answers as NOT_PAGES says."""
    for name, answer in NOT_PAGES.items():
        keys = url_keys(name)
        values = {
            "public_id": w.family.public_id,
            "pk": w.draft_plan.pk,
            "document_id": w.document.public_id,
            "file_id": w.case_file.public_id,
            "kind": "case_plan",
            "notification_id": Notification.objects.filter(recipient__username=CASEWORKER)
            .values_list("public_id", flat=True)
            .first(),
            "fmt": "csv",
        }
        url = f"{live_server.url}{reverse(name, kwargs={k: values[k] for k in keys})}"
        response = page_of(opened_by(name)).request.get(url, max_redirects=0)
        if answer == "post":
            assert response.status == 405, f"{name}: GET answered {response.status}; is it a page now?"
        elif answer == "redirect":
            assert response.status == 302, f"{name}: {response.status}"
        else:
            assert response.status in (200, 404), f"{name}: {response.status}"
            if response.status == 200:
                assert response.headers["content-type"].startswith(answer), name


def signed_in(browser, live_server, username: str):
    """A page of a browser context of its own, signed in through the sign-in page (with the
    authenticator app's code for the program administrator, whose first sign-in sets it up)."""
    page = browser.new_context().new_page()
    if username == ANONYMOUS:
        return page
    page.goto(f"{live_server.url}/login/")
    at_second_step = username == ADMINISTRATOR_AT_SECOND_STEP
    if at_second_step:
        username = ADMINISTRATOR
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if at_second_step:
        expect(page.get_by_role("button", name="Continue")).to_be_visible()
    elif username == ADMINISTRATOR:
        expect(page.get_by_role("button", name="Turn on")).to_be_visible()
        device = TOTPDevice.objects.get(user__username=username)
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        page.get_by_label("Code from your authenticator app").fill(code)
        page.get_by_role("button", name="Turn on").click()
        expect(page).not_to_have_url(f"{live_server.url}/account/two-factor/")
    return page
