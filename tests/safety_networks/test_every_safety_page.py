"""Every safety page for the three people. (The outsider's 404 and the anonymous redirect are
also proven for every URL by tests/test_every_url_keeps_the_access_rule.py.)"""

import pytest

from safety_networks.models import (
    MapEntry,
    PlanStatus,
    RiskAssessment,
    SafetyPlan,
    SafetyPlanRule,
    ThreeHouses,
)
from safety_networks.services import danger_statement_save, harm_statement_save, network_member_save

pytestmark = pytest.mark.django_db

PAGES = [
    ("map", []),
    ("entry_add", ["strength"]),
    ("entry_edit", ["entry"]),
    ("withdraw", ["entry", "entry"]),
    ("harm_add", []),
    ("harm_edit", ["harm"]),
    ("danger_add", []),
    ("danger_edit", ["danger"]),
    ("scaling", []),
    ("scaling_round", []),
    ("network", []),
    ("member_add", []),
    ("member_edit", ["member"]),
    ("member_left", ["member"]),
    ("plans", []),
    ("plan", ["plan"]),
    ("plan_edit", ["plan"]),
    ("plan_print", ["plan"]),
    ("rule_add", ["plan"]),
    ("rule_edit", ["plan", "rule"]),
    ("decisions", []),
    ("safety_assessment_add", []),
    ("risk_assessment_add", []),
    ("three_houses", []),
    ("three_houses_add", []),
    ("three_houses_edit", ["houses"]),
]


@pytest.fixture
def records(family, alice, sofia, daniel):
    entry = MapEntry.objects.create(
        family=family, recorded_by=alice, kind="strength", text="Gets them to school"
    )
    harm = harm_statement_save(
        family=family,
        by=alice,
        child=sofia,
        caregiver=daniel,
        what_happened="A bruise",
        caregiver_action="grabbed her",
        effect="scared",
    )
    danger, _ = danger_statement_save(
        family=family,
        by=alice,
        children=[sofia],
        factors=[],
        statement_fields={
            "who_is_worried": "The agency",
            "caregiver_behaviour": "may hit",
            "what_could_happen": "hurt",
        },
        goal_fields={
            "caregivers_will": "walks away",
            "child_will_experience": "safe",
            "agency_needs_to_see": "calm",
            "for_how_long": "six months",
        },
    )
    member = network_member_save(family=family, by=alice, name="Lucía", relationship="aunt")
    plan = SafetyPlan.objects.create(family=family, recorded_by=alice, number=1, status=PlanStatus.DRAFT)
    rule = SafetyPlanRule.objects.create(plan=plan, rule="Call Samuel", how_it_holds="by phone")
    houses = ThreeHouses.objects.create(family=family, recorded_by=alice, child=sofia, sat_with="the worker")
    RiskAssessment.objects.create(family=family, recorded_by=alice, scored_level="high")
    return {
        "entry": entry.pk,
        "harm": harm.pk,
        "danger": danger.pk,
        "member": member.pk,
        "plan": plan.pk,
        "rule": rule.pk,
        "houses": houses.pk,
        "strength": "strength",
    }


@pytest.mark.parametrize(("name", "extra"), PAGES, ids=[p[0] for p in PAGES])
def test_the_caseworker_and_the_supervisor_open_it_an_outsider_gets_404(
    client, url, records, alice, bob, charlie, name, extra
):
    args = ["entry" if (name == "withdraw" and i == 0) else records[a] for i, a in enumerate(extra)]
    target = url(name, *args)
    for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(person)
        assert client.get(target).status_code == expected, f"{person.username} {target}"


def test_an_administrator_reads_the_safety_pages_but_cannot_add(client_of, administrator, url, records):
    client = client_of(administrator)
    assert client.get(url("map")).status_code == 200
    assert client.get(url("plan", records["plan"])).status_code == 200
    assert client.get(url("harm_add")).status_code == 403
    assert client.get(url("scaling_round")).status_code == 403
