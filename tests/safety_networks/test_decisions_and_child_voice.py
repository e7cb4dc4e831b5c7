from datetime import date

import pytest
from django.urls import reverse

from safety_networks.models import OverrideStatus, RiskAssessment, SafetyAssessment, SafetyThreat, ThreeHouses
from safety_networks.services import (
    network_member_save,
    risk_assessment_record,
    safety_assessment_record,
    safety_plan_activate,
    safety_plan_rule_save,
    safety_plan_start,
)

pytestmark = pytest.mark.django_db


def assessment(**overrides):
    return {
        "assessed_on": date.today().isoformat(),
        "decision": "conditionally_safe",
        "notes": "",
        **overrides,
    }


def test_the_threat_list_is_loaded_as_data():
    assert SafetyThreat.objects.filter(instrument="Demonstration safety threats").count() == 11


def test_conditionally_safe_needs_an_active_safety_plan(client_of, alice, url):
    threat = SafetyThreat.objects.first()
    response = client_of(alice).post(
        url("safety_assessment_add"), assessment(threats=[threat.pk], notes="seen at home")
    )
    assert response.status_code == 200
    assert "needs an active safety plan or a recorded placement" in response.text
    assert "seen at home" in response.text
    assert not SafetyAssessment.objects.exists()


def test_with_an_active_plan_the_decision_is_recorded_and_shows_on_the_caseload(
    client_of, alice, url, family
):
    samuel = network_member_save(family=family, by=alice, name="Samuel", relationship="brother")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(plan=plan, by=alice, rule="Call Samuel", how_it_holds="phone", responsible=[samuel])
    safety_plan_activate(plan=plan, by=alice)
    client = client_of(alice)
    threat = SafetyThreat.objects.first()
    response = client.post(
        url("safety_assessment_add"), assessment(threats=[threat.pk], notes="seen at home")
    )
    assert response.status_code == 302 and response["Location"] == url("decisions")
    saved = SafetyAssessment.objects.get()
    assert (saved.family, saved.recorded_by, saved.decision) == (family, alice, "conditionally_safe")
    assert saved.assessed_on == date.today() and saved.notes == "seen at home"
    assert list(saved.threats.all()) == [threat] and not saved.placement_made
    caseload = client.get(reverse("families:my_caseload")).text
    assert "Conditionally safe" in caseload
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "Conditionally safe" in overview


def test_unsafe_with_a_recorded_placement_is_accepted(client_of, alice, url, family):
    response = client_of(alice).post(
        url("safety_assessment_add"), assessment(decision="unsafe", placement_made="on")
    )
    assert response.status_code == 302 and response["Location"] == url("decisions")
    saved = SafetyAssessment.objects.get()
    assert (saved.family, saved.recorded_by, saved.decision, saved.placement_made) == (
        family,
        alice,
        "unsafe",
        True,
    )


def test_safe_needs_nothing_more(family, alice):
    assert safety_assessment_record(family=family, by=alice, threats=[], decision="safe").decision == "safe"


def test_a_risk_override_waits_for_the_supervisor_and_then_applies(client_of, alice, bob, url, family):
    client = client_of(alice)
    response = client.post(
        url("risk_assessment_add"),
        {
            "assessed_on": date.today().isoformat(),
            "scored_level": "moderate",
            "override_level": "high",
            "override_reason": "Police call-out last night.",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("decisions")
    risk = RiskAssessment.objects.get()
    assert risk.override_status == OverrideStatus.PENDING and risk.level == "moderate"
    assert risk.override_reason == "Police call-out last night." and risk.recorded_by == alice
    assert "(override pending)" in client.get(reverse("families:my_caseload")).text

    assert client.post(url("risk_override_decide", risk.pk), {"decision": "approve"}).status_code == 403

    decided = client_of(bob).post(url("risk_override_decide", risk.pk), {"decision": "approve"})
    assert decided.status_code == 302 and decided["Location"] == url("decisions")
    risk.refresh_from_db()
    assert (
        risk.override_status == OverrideStatus.APPROVED
        and risk.level == "high"
        and risk.override_decided_by == bob
    )
    assert "High" in client_of(alice).get(reverse("families:my_caseload")).text


def test_an_override_needs_a_reason(client_of, alice, url):
    response = client_of(alice).post(
        url("risk_assessment_add"),
        {"assessed_on": date.today().isoformat(), "scored_level": "low", "override_level": "high"},
    )
    assert "Say why the level is overridden" in response.text
    assert not RiskAssessment.objects.exists()


def test_a_rejected_override_leaves_the_tools_level(family, alice, bob):
    from safety_networks.services import risk_override_decide

    risk = risk_assessment_record(
        family=family,
        by=alice,
        scored_level="high",
        override_level="low",
        override_reason="Grandmother moved in.",
    )
    risk_override_decide(assessment=risk, by=bob, approve=False, comment="The move is not confirmed.")
    assert risk.level == "high"


def test_three_houses_in_the_childs_own_words(client_of, alice, url, sofia):
    client = client_of(alice)
    response = client.post(
        url("three_houses_add"),
        {
            "child": sofia.pk,
            "recorded_on": "2026-03-05",
            "house_of_worries": "Daddy shouting",
            "house_of_good_things": "Aunt Lucía, drawing",
            "house_of_hopes_and_dreams": "everyone happy at dinner",
            "sat_with": "the caseworker",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("three_houses")
    saved = ThreeHouses.objects.get()
    assert (saved.family, saved.child, saved.recorded_by) == (sofia.family, sofia, alice)
    assert saved.recorded_on == date(2026, 3, 5) and saved.sat_with == "the caseworker"
    assert (saved.house_of_worries, saved.house_of_good_things, saved.house_of_hopes_and_dreams) == (
        "Daddy shouting",
        "Aunt Lucía, drawing",
        "everyone happy at dinner",
    )
    page = client.get(url("three_houses")).text
    assert "Daddy shouting" in page and "everyone happy at dinner" in page


def test_the_live_preview_writes_the_sentence_and_suggests_factors(client_of, alice, url, sofia, tomas):
    from tests.safety_networks.conftest import danger_and_goal

    response = client_of(alice).post(url("danger_preview"), danger_and_goal([sofia, tomas]))
    assert response.status_code == 200
    assert "may grab or hit Sofía or Tomás. If nothing changes, they could be badly hurt." in response.text
    assert "Parental resilience" in response.text and "Social connections" in response.text


def test_the_preview_answers_only_post(client_of, alice, url):
    assert client_of(alice).get(url("danger_preview")).status_code == 405
