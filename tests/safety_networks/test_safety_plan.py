from datetime import date

import pytest

from safety_networks.models import PlanStatus, SafetyPlan, SafetyPlanRule
from safety_networks.services import (
    network_member_save,
    safety_plan_activate,
    safety_plan_rule_save,
    safety_plan_start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def samuel(family, alice):
    return network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")


@pytest.fixture
def lucia(family, alice):
    return network_member_save(family=family, by=alice, name="Lucía Reyes", relationship="aunt")


def start(client, url):
    client.post(url("plan_start"))
    return SafetyPlan.objects.get(status=PlanStatus.DRAFT)


def test_a_plan_with_two_rules_is_activated(client_of, alice, url, samuel, lucia):
    client = client_of(alice)
    plan = start(client, url)
    client.post(
        url("rule_add", plan.pk),
        {
            "rule": "When Daniel feels angry he leaves the room and calls Samuel.",
            "how_it_holds": "Samuel answers day or night.",
            "responsible": [samuel.pk],
        },
    )
    client.post(
        url("rule_add", plan.pk),
        {
            "rule": "Lucía checks in with Sofía every evening.",
            "how_it_holds": "A call at seven.",
            "responsible": [lucia.pk],
        },
    )
    response = client.post(url("plan_activate", plan.pk), follow=True)
    plan.refresh_from_db()
    assert (
        plan.status == PlanStatus.ACTIVE and plan.activated_on == date.today() and plan.activated_by == alice
    )
    assert "is now the family’s safety plan" in response.text
    page = client.get(url("plan", plan.pk)).text
    assert "Who makes sure it holds: Samuel Okafor (brother)" in page


def test_a_plan_with_no_rules_is_not_activated(client_of, alice, url):
    client = client_of(alice)
    plan = start(client, url)
    response = client.post(url("plan_activate", plan.pk), follow=True)
    assert "needs at least one rule" in response.text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_rule_must_name_who_makes_sure_it_holds(client_of, alice, url, samuel):
    client = client_of(alice)
    plan = start(client, url)
    response = client.post(
        url("rule_add", plan.pk), {"rule": "Keep calm", "how_it_holds": "somehow", "responsible": []}
    )
    assert response.status_code == 200 and "This field is required" in response.text
    assert "Keep calm" in response.text
    SafetyPlanRule.objects.create(plan=plan, rule="An old rule without a name", how_it_holds="?")
    refused = client.post(url("plan_activate", plan.pk), follow=True)
    assert "Each rule must name who makes sure it holds" in refused.text


def test_activating_a_new_version_supersedes_the_old_one_which_stays_readable(
    client_of, alice, url, family, samuel
):
    first = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=first, by=alice, rule="Call Samuel", how_it_holds="phone", responsible=[samuel]
    )
    safety_plan_activate(plan=first, by=alice)
    second = safety_plan_start(family=family, by=alice)
    assert [r.rule for r in second.rules.all()] == ["Call Samuel"]  # the new version starts from the old
    safety_plan_activate(plan=second, by=alice)
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED and first.superseded_on == date.today()
    page = client_of(alice).get(url("plan", first.pk)).text
    assert "This version was replaced" in page and "Call Samuel" in page
    assert SafetyPlan.objects.filter(status=PlanStatus.ACTIVE).get() == second


def test_an_active_plan_cannot_change(client_of, alice, url, family, samuel):
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(plan=plan, by=alice, rule="Call Samuel", how_it_holds="phone", responsible=[samuel])
    safety_plan_activate(plan=plan, by=alice)
    response = client_of(alice).post(
        url("rule_add", plan.pk), {"rule": "x", "how_it_holds": "y", "responsible": [samuel.pk]}
    )
    assert "can no longer change" in response.text
    assert plan.rules.count() == 1


def test_only_one_draft_at_a_time(client_of, alice, url):
    client = client_of(alice)
    start(client, url)
    response = client.post(url("plan_start"), follow=True)
    assert "There is already a draft" in response.text


def test_children_under_12_do_not_sign_the_plan(client_of, alice, url, sofia, family):
    plan = safety_plan_start(family=family, by=alice)
    response = client_of(alice).post(
        url("plan_edit", plan.pk),
        {"children_took_part": [sofia.pk], "warning_signs": "shouting", "version": plan.version},
    )
    # a child under 12 is not offered (tests/meetings checks the list); one posted anyway is refused
    assert "No child of the family is 12 or older yet." in response.text
    assert response.context["form"].errors["children_took_part"]
    assert "shouting" in response.text
    plan.refresh_from_db()
    assert plan.warning_signs == "" and not plan.children_took_part.exists()


def test_the_print_view_has_the_rules_and_signature_lines(client_of, alice, url, family, samuel):
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(plan=plan, by=alice, rule="Call Samuel", how_it_holds="phone", responsible=[samuel])
    page = client_of(alice).get(url("plan_print", plan.pk)).text
    assert "Call Samuel" in page and "signature-line" in page and family.case_number in page
