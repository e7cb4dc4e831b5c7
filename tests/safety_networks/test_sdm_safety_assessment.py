"""The scored SDM safety assessment: a draft answered per child, the decision that follows,
the safety plan that "conditionally safe" needs, the override and the supervisor's decision
(on the page and in the approvals inbox), the draft-only rule, the comparison with the last
assessment, the danger statement draft, and the pages for alice, bob and charlie."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from families.extensions import check_closing
from notifications.models import Notification
from safety_networks.models import (
    OverrideStatus,
    SafetyAssessment,
    SafetyAssessmentStatus,
    SafetyInterventionAnswer,
    SafetyThreat,
    SafetyThreatAnswer,
)
from safety_networks.sdm import safety
from safety_networks.services import (
    network_member_save,
    safety_assessment_record,
    safety_plan_activate,
    safety_plan_rule_save,
    safety_plan_start,
)
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_plan(family, alice):
    samuel = network_member_save(family=family, by=alice, name="Samuel", relationship="brother")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(plan=plan, by=alice, rule="Call Samuel", how_it_holds="phone", responsible=[samuel])
    return safety_plan_activate(plan=plan, by=alice)


@pytest.fixture
def draft(family, alice, sofia, tomas):
    return safety.safety_assessment_start(family=family, by=alice)


def answer(draft, by, *, present=(), interventions=None, **fields):
    """Every threat answered for every child: yes for the codes in `present` (for Sofía, the
    first child), no for the rest; `interventions` {(threat, code): state}."""
    draft.refresh_from_db()
    threats = {(a.child_id, a.threat): a.threat in present and a.child.first_name == "Sofía"
               for a in draft.threat_answers.select_related("child")}  # fmt: skip
    return safety.safety_assessment_save(
        assessment=draft,
        by=by,
        expected_version=draft.version,
        threats=threats,
        interventions=interventions or {},
        **fields,
    )


def page(family, pk):
    return reverse("safety_networks:safety_assessment", args=[family.public_id, pk])


def test_a_draft_asks_every_threat_for_every_child_on_the_version_loaded_last(draft, sofia, tomas):
    assert draft.is_draft and draft.instrument.version == 1 and draft.decision == ""
    answers = SafetyThreatAnswer.objects.filter(assessment=draft)
    assert answers.count() == 2 * 11 and not answers.exclude(present=None).exists()


def test_no_threat_is_safe(draft, alice):
    submitted = safety.safety_assessment_submit(assessment=answer(draft, alice), by=alice)
    assert (submitted.status, submitted.scored_decision, submitted.decision) == ("submitted", "safe", "safe")


def test_a_threat_with_an_intervention_in_place_is_conditionally_safe_with_the_active_plan(
    draft, alice, active_plan
):
    saved = answer(draft, alice, present={"4"}, interventions={("4", "network_in_home"): "in_place"})
    submitted = safety.safety_assessment_submit(assessment=saved, by=alice)
    assert submitted.decision == "conditionally_safe" and not submitted.placement_made


def test_conditionally_safe_without_an_active_plan_is_refused_and_stays_a_draft(draft, alice):
    saved = answer(draft, alice, present={"4"}, interventions={("4", "network_in_home"): "in_place"})
    with pytest.raises(ValidationError, match="needs the family’s active safety plan"):
        safety.safety_assessment_submit(assessment=saved, by=alice)
    assert SafetyAssessment.objects.get(pk=draft.pk).is_draft


def test_only_placement_protects_is_unsafe_and_records_the_placement(draft, alice):
    saved = answer(
        draft, alice, present={"1", "4"},
        interventions={("1", "placement"): "in_place", ("4", "network_in_home"): "in_place"},
    )  # fmt: skip
    submitted = safety.safety_assessment_submit(assessment=saved, by=alice)
    assert submitted.decision == "unsafe" and submitted.placement_made


def test_an_intervention_only_considered_does_not_protect(draft, alice):
    saved = answer(draft, alice, present={"4"}, interventions={("4", "network_in_home"): "considered"})
    assert safety.safety_assessment_submit(assessment=saved, by=alice).decision == "unsafe"
    row = SafetyInterventionAnswer.objects.get(assessment=draft)
    assert (row.threat, row.intervention, row.considered, row.in_place) == (
        "4",
        "network_in_home",
        True,
        False,
    )


def test_submitting_with_an_item_unanswered_is_refused_naming_each(draft, alice, sofia):
    draft.refresh_from_db()
    threats = {(a.child_id, a.threat): False for a in draft.threat_answers.all()}
    threats[(sofia.pk, "3")] = None
    saved = safety.safety_assessment_save(
        assessment=draft, by=alice, expected_version=draft.version, threats=threats, interventions={}
    )
    with pytest.raises(ValidationError) as refused:
        safety.safety_assessment_submit(assessment=saved, by=alice)
    assert refused.value.message_dict == {f"threat-{sofia.pk}-3": ["Answer yes or no before submitting."]}


def test_answers_change_only_while_a_draft(draft, alice):
    submitted = safety.safety_assessment_submit(assessment=answer(draft, alice), by=alice)
    with pytest.raises(ValidationError, match="submitted; its answers can no longer change"):
        answer(submitted, alice, present={"1"})
    submitted.refresh_from_db()
    with pytest.raises(ValidationError, match="submitted"):
        safety.safety_assessment_submit(assessment=submitted, by=alice)
    assert not SafetyThreatAnswer.objects.filter(assessment=draft, present=True).exists()


def test_a_stale_draft_is_refused(draft, alice):
    first = answer(draft, alice)
    with pytest.raises(ValidationError, match="Someone else saved"):
        safety.safety_assessment_save(
            assessment=first, by=alice, expected_version=first.version - 1, threats={}, interventions={}
        )


def test_an_override_without_a_reason_is_refused(draft, alice):
    with pytest.raises(ValidationError) as refused:
        answer(draft, alice, override_decision="unsafe", override_reason="  ")
    assert refused.value.message_dict == {
        "override_reason": ["Say why you disagree with the tool’s decision."]
    }


@pytest.fixture
def overridden(draft, alice, bob):
    saved = answer(
        draft, alice, override_decision="unsafe", override_reason="The threats are worse than the tool says."
    )
    return safety.safety_assessment_submit(assessment=saved, by=alice)


def test_an_override_waits_for_the_supervisor_with_the_tool_decision_in_force(overridden, family, bob):
    assert (overridden.scored_decision, overridden.decision) == ("safe", "safe")
    assert overridden.override_status == OverrideStatus.PENDING
    assert Notification.objects.filter(recipient=bob, family=family).exists()
    with pytest.raises(ValidationError, match="safety override is waiting"):
        check_closing(family)


def test_the_supervisor_approves_the_override_and_its_decision_is_in_force(overridden, family, bob):
    safety.safety_override_decide(assessment=overridden, by=bob, approve=True)
    overridden.refresh_from_db()
    assert (overridden.override_status, overridden.decision) == (OverrideStatus.APPROVED, "unsafe")
    assert overridden.override_decided_by == bob
    check_closing(family)  # nothing waits


def test_the_supervisor_refuses_the_override_saying_why_and_the_tool_decision_stays(overridden, bob):
    with pytest.raises(ValidationError, match="Say why"):
        safety.safety_override_decide(assessment=overridden, by=bob, approve=False)
    safety.safety_override_decide(assessment=overridden, by=bob, approve=False, comment="No new facts.")
    overridden.refresh_from_db()
    assert (overridden.override_status, overridden.decision) == (OverrideStatus.REJECTED, "safe")
    with pytest.raises(ValidationError, match="not waiting"):
        safety.safety_override_decide(assessment=overridden, by=bob, approve=True)


def test_only_the_units_supervisor_decides_an_override(overridden, alice, charlie):
    from django.core.exceptions import PermissionDenied

    for someone in (alice, charlie):
        with pytest.raises(PermissionDenied):
            safety.safety_override_decide(assessment=overridden, by=someone, approve=True)


def test_the_override_is_in_the_approvals_inbox_and_decided_there(overridden, family, client_of, bob):
    client = client_of(bob)
    inbox = client.get(reverse("supervision:approvals"))
    assert "Safety decision overridden: Safe → Unsafe" in inbox.text
    url = reverse("supervision:decide", args=[family.public_id, "safety_override", overridden.pk])
    refused = client.post(url, {"decision": "return", "comment": ""})
    assert refused.status_code == 200 and "Say why the override is not approved." in refused.text
    assert client.post(url, {"decision": "approve"}).status_code == 302
    overridden.refresh_from_db()
    assert overridden.decision == "unsafe"


def test_a_new_version_of_the_file_leaves_an_assessment_of_the_old_one_as_it_was(draft, alice, tmp_path):
    import json

    from django.core.management import call_command

    from safety_networks.sdm.safety_file import DEMONSTRATION

    data = json.loads(DEMONSTRATION.read_text(encoding="utf-8"))
    data["decision_rule"] = [{"when": "always", "decision": "unsafe"}]
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("load_instrument", str(path))
    assert safety.current_instrument().version == 2
    submitted = safety.safety_assessment_submit(assessment=answer(draft, alice), by=alice)
    assert submitted.instrument.version == 1 and submitted.decision == "safe"


# --- The pages -----------------------------------------------------------------------------


def test_alice_starts_answers_and_submits_on_the_page(client_of, alice, family, sofia, tomas, active_plan):
    client = client_of(alice)
    started = client.post(reverse("safety_networks:safety_assessment_start", args=[family.public_id]))
    draft = SafetyAssessment.objects.get(family=family, status="draft")
    assert started["Location"] == page(family, draft.pk)
    opened = client.get(page(family, draft.pk))
    assert opened.status_code == 200 and "Sofía" in opened.text and "Demonstration wording" in opened.text
    data = {f"threat-{a.child_id}-{a.threat}": "no" for a in draft.threat_answers.all()}
    data |= {f"threat-{sofia.pk}-4": "yes", "version": draft.version, "assessed_on": date.today().isoformat()}
    saved = client.post(page(family, draft.pk), data | {"save": ""})
    assert saved.status_code == 302
    shown = client.get(page(family, draft.pk)).text
    assert "Safety interventions" in shown and 'name="intervention-4-network_in_home"' in shown
    draft.refresh_from_db()
    data |= {"version": draft.version, "intervention-4-network_in_home": "in_place", "submit": ""}
    assert client.post(page(family, draft.pk), data).status_code == 302
    draft.refresh_from_db()
    assert draft.decision == "conditionally_safe"
    shown = client.get(page(family, draft.pk)).text
    assert "See the active safety plan" in shown and "Draft a danger statement" in shown


def test_submitting_on_the_page_with_an_item_unanswered_says_so_beside_it(
    client_of, alice, family, draft, sofia
):
    data = {f"threat-{a.child_id}-{a.threat}": "no" for a in draft.threat_answers.all()}
    data.pop(f"threat-{sofia.pk}-7")
    data |= {"version": draft.version, "assessed_on": date.today().isoformat(), "submit": ""}
    response = client_of(alice).post(page(family, draft.pk), data)
    assert response.status_code == 200
    html = response.text
    error_at = html.index("Answer yes or no before submitting.")
    assert html.rfind('id="threat-7"', 0, error_at) > html.rfind('id="threat-6"', 0, error_at)
    assert SafetyAssessment.objects.get(pk=draft.pk).is_draft
    # the answers typed are kept, at the saved version: the next submit is not a conflict
    assert SafetyThreatAnswer.objects.filter(assessment=draft, present=False).count() == 21


def test_conditionally_safe_without_a_plan_asks_for_one_on_the_page(client_of, alice, family, draft, sofia):
    data = {f"threat-{a.child_id}-{a.threat}": "no" for a in draft.threat_answers.all()}
    data |= {f"threat-{sofia.pk}-4": "yes", "version": draft.version, "assessed_on": date.today().isoformat()}
    client = client_of(alice)
    client.post(page(family, draft.pk), data | {"save": ""})
    draft.refresh_from_db()
    data |= {"version": draft.version, "intervention-4-network_in_home": "in_place", "submit": ""}
    response = client.post(page(family, draft.pk), data)
    assert response.status_code == 200
    assert "needs the family’s active safety plan" in response.text
    assert "Make and activate the safety plan" in response.text


def test_a_submitted_assessment_refuses_a_post(client_of, alice, family, draft):
    submitted = safety.safety_assessment_submit(assessment=answer(draft, alice), by=alice)
    client = client_of(alice)
    response = client.post(
        page(family, submitted.pk), {"version": submitted.version, "submit": ""}, follow=True
    )
    assert "can no longer change" in response.text


def test_bob_reads_and_decides_the_override_on_the_page(client_of, bob, family, overridden):
    client = client_of(bob)
    shown = client.get(page(family, overridden.pk))
    assert shown.status_code == 200 and "Approve the changed decision" in shown.text
    decide = reverse("safety_networks:safety_override_decide", args=[family.public_id, overridden.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    overridden.refresh_from_db()
    assert overridden.decision == "unsafe"


def test_charlie_gets_404_everywhere(client_of, charlie, family, overridden):
    client = client_of(charlie)
    assert client.get(page(family, overridden.pk)).status_code == 404
    assert client.post(page(family, overridden.pk), {}).status_code == 404
    start = reverse("safety_networks:safety_assessment_start", args=[family.public_id])
    assert client.post(start).status_code == 404
    decide = reverse("safety_networks:safety_override_decide", args=[family.public_id, overridden.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    overridden.refresh_from_db()
    assert overridden.override_status == OverrideStatus.PENDING


def test_the_page_compares_with_the_last_assessment_threat_by_threat(client_of, alice, family, draft):
    """The last one was recorded before the scored tool (threat 1 on its checklist): its
    rows stay readable and are compared by the threats' codes."""
    safety_assessment_record(
        family=family, by=alice, threats=[SafetyThreat.objects.get(code="1")], decision="unsafe",
        placement_made=True, assessed_on=date.today() - timedelta(days=30),
    )  # fmt: skip
    saved = answer(draft, alice, present={"5"}, interventions={("5", "placement"): "in_place"})
    safety.safety_assessment_submit(assessment=saved, by=alice)
    client = client_of(alice)
    html = client.get(page(family, draft.pk)).text
    assert "Compared with the safety assessment of" in html
    assert html.count("no longer present") == 1 and html.count("new since last time") == 1
    decisions = client.get(reverse("safety_networks:decisions", args=[family.public_id])).text
    assert "Recorded before the scored tool" in decisions


def test_a_threat_present_offers_a_danger_statement_draft(client_of, alice, family, draft, sofia):
    saved = answer(draft, alice, present={"6"}, interventions={("6", "network_in_home"): "in_place"})
    client = client_of(alice)
    url = reverse("safety_networks:danger_add", args=[family.public_id])
    response = client.get(f"{url}?safety_assessment={saved.pk}&threat=6")
    assert "drug or alcohol use stops them from caring" in response.text
    danger = response.context["forms"][0]
    assert list(danger["children"].value()) == [sofia.pk]  # the child it was found for
    assert danger["who_is_worried"].value() == "The agency"
    # a threat the assessment does not have, or another family's assessment: an empty composer
    assert client.get(f"{url}?safety_assessment={saved.pk}&threat=99").context["forms"][0].initial == {}


def test_a_draft_is_not_the_familys_latest_decision(client_of, alice, family, draft):
    caseload = client_of(alice).get(reverse("families:my_caseload")).text
    assert "Conditionally safe" not in caseload and "Unsafe" not in caseload
    assert SafetyAssessment.objects.filter(status=SafetyAssessmentStatus.DRAFT).count() == 1


def test_the_page_reads_in_a_fixed_number_of_queries(client_of, alice, family, django_assert_max_num_queries):
    """25 children × 11 threats, every intervention considered for 11 threats, and a previous
    assessment: the page's queries do not grow with them. Queries: session and user (2),
    family (1), assessment + threat answers + intervention answers (3), previous + its
    checklist + its answers (3), active plan (1), the audit of the view (1), the
    notifications bell (2) and savepoints."""
    for n in range(25):
        ChildFactory(
            family=family, first_name=f"Child{n}", date_of_birth=date(2015, 1, 1) + timedelta(days=n)
        )
    first = safety.safety_assessment_start(family=family, by=alice)
    safety.safety_assessment_submit(assessment=answer(first, alice), by=alice)
    draft = safety.safety_assessment_start(family=family, by=alice)
    interventions = {(str(t), i): "considered" for t in range(1, 12) for i in ("network_in_home", "services")}
    answer(draft, alice, present={"1", "2"}, interventions=interventions)
    client = client_of(alice)
    with django_assert_max_num_queries(16):
        response = client.get(page(family, draft.pk))
    assert response.status_code == 200 and response.text.count('type="radio"') == 25 * 11 * 2
