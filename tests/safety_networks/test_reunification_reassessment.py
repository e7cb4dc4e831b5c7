"""The reunification reassessment of a child in care: started for a child in care on the case
plan's goals, answered only while a draft, refused with a blank question (a message beside
it) or without a risk reassessment, submitted with the recommendation that follows, compared
with the child's last one, overridden with the supervisor's decision; its pages for alice,
bob and charlie (404), their queries as goals and visits grow, its Changes page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from safety_networks import reunification_services as services
from safety_networks.models import (
    OverrideStatus,
    ReunificationReassessment,
    SafetyAssessment,
    SafetyInstrument,
    SafetyThreatAnswer,
)
from tests.factories import ChildFactory
from tests.safety_networks.reunification_world import answers, child_in_care

pytestmark = pytest.mark.django_db


@pytest.fixture
def sofia(family, alice):
    return child_in_care(family, alice)


def start(family, alice, child, on=None):
    return services.reunification_start(
        family=family, by=alice, child=child, instrument=services.latest_instrument(), assessed_on=on
    )


def url(name, family, *args):
    return reverse(f"safety_networks:{name}", args=[family.public_id, *args])


def answer_all(reassessment, alice, *, progress="substantial", quality="good", safety="safe"):
    definition = reassessment.instrument.definition
    return services.reunification_save(
        reassessment=reassessment,
        by=alice,
        goal_ratings={g["key"]: progress for g in reassessment.goals},
        family_time={i["code"]: quality for i in definition["family_time_items"]},
        safety_answer=safety,
        expected_version=reassessment.version,
    )


# --- Starting ------------------------------------------------------------------------------


def test_a_draft_rates_progress_on_each_goal_of_the_plan_in_force(family, alice, sofia):
    reassessment = start(family, alice, sofia)
    assert [g["kind"] for g in reassessment.goals] == ["Safety goal", "Safety goal"]
    assert "goal 0 behaviour" in reassessment.goals[0]["wording"]
    assert reassessment.is_draft
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, family_public_id=family.public_id).exists()


def test_only_a_child_in_care_is_reassessed(family, alice, sofia):
    at_home = ChildFactory(family=family)
    with pytest.raises(ValidationError) as refused:
        start(family, alice, at_home)
    assert "child" in refused.value.message_dict


# --- Answering and submitting ----------------------------------------------------------------


def test_submitting_gives_the_recommendation_that_follows_and_keeps_the_findings(family, alice, sofia):
    reassessment = answer_all(start(family, alice, sofia), alice)
    done = services.reunification_submit(reassessment=reassessment, by=alice)
    assert done.recommendation == "return_home"  # moderate risk, substantial progress, good time, safe
    assert (done.risk_level, done.safety_decision, done.progress) == ("moderate", "safe", "substantial")
    assert (done.family_time_held, done.family_time_planned) == (4, 6)
    assert not done.is_draft


def test_answers_change_only_while_a_draft(family, alice, sofia):
    reassessment = services.reunification_submit(
        reassessment=answer_all(start(family, alice, sofia), alice), by=alice
    )
    with pytest.raises(ValidationError, match="can no longer change"):
        answer_all(reassessment, alice, progress="minimal")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.reunification_submit(reassessment=reassessment, by=alice)
    reassessment.refresh_from_db()
    assert set(reassessment.goal_ratings.values()) == {"substantial"}


def test_the_draft_page_of_a_submitted_reassessment_changes_nothing(client_of, family, alice, sofia):
    reassessment = services.reunification_submit(
        reassessment=answer_all(start(family, alice, sofia), alice), by=alice
    )
    posted = client_of(alice).post(
        url("reunification_draft", family, reassessment.pk), answers(reassessment, progress="minimal")
    )
    assert posted.status_code == 302
    reassessment.refresh_from_db()
    assert set(reassessment.goal_ratings.values()) == {"substantial"}


def test_a_question_left_blank_is_refused_with_a_message_beside_it(client_of, family, alice, sofia):
    reassessment = start(family, alice, sofia)
    data = answers(reassessment) | {"submit": "1"}
    blank = f"goal_{reassessment.goals[1]['key']}"
    del data[blank]

    page = client_of(alice).post(url("reunification_draft", family, reassessment.pk), data)

    assert page.status_code == 200
    assert page.context["form"].errors[blank] == ["Answer this before submitting."]
    assert list(page.context["form"].errors) == [blank]
    reassessment.refresh_from_db()
    assert reassessment.is_draft
    assert reassessment.goal_ratings[reassessment.goals[0]["key"]] == "substantial"  # kept


def test_without_a_risk_reassessment_the_page_asks_for_one_and_submitting_is_refused(
    client_of, family, alice
):
    child = child_in_care(family, alice, risk=None)
    reassessment = start(family, alice, child)
    page = client_of(alice).get(url("reunification_draft", family, reassessment.pk)).text
    assert "A risk reassessment of the household is needed first." in page
    assert url("risk_scored_start", family, "risk_reassessment") in page

    with pytest.raises(ValidationError, match="risk reassessment"):
        services.reunification_submit(reassessment=answer_all(reassessment, alice), by=alice)


def test_the_safety_decision_is_read_from_the_child_s_latest_safety_assessment(
    client_of, family, alice, sofia
):
    assessment = SafetyAssessment.objects.create(
        family=family, recorded_by=alice, instrument=SafetyInstrument.objects.first(), decision="unsafe",
        scored_decision="unsafe", status="submitted",
    )  # fmt: skip
    SafetyThreatAnswer.objects.create(assessment=assessment, child=sofia, threat="1", present=True)
    reassessment = start(family, alice, sofia)
    page = client_of(alice).get(url("reunification_draft", family, reassessment.pk))
    assert "safety_answer" not in page.context["form"].fields  # not asked: the assessment answers it

    done = services.reunification_submit(reassessment=answer_all(reassessment, alice, safety=""), by=alice)
    assert (done.safety_decision, done.safety_assessment, done.recommendation) == (
        "unsafe",
        assessment,
        "continue_reunification",
    )


def test_the_draft_is_answered_and_submitted_through_the_page(client_of, family, alice, sofia):
    client = client_of(alice)
    started = client.post(
        url("reunification_start", family),
        {"child": sofia.pk, "assessed_on": timezone.localdate().isoformat()},
    )
    reassessment = ReunificationReassessment.objects.get()
    assert started.url == url("reunification_draft", family, reassessment.pk)

    done = client.post(
        url("reunification_draft", family, reassessment.pk),
        answers(reassessment, progress="minimal") | {"submit": "1"},
    )
    assert done.url == url("reunification", family, reassessment.pk)
    page = client.get(done.url).text
    assert "Continue reunification services" in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, family_public_id=family.public_id).exists()


def test_a_reassessment_reads_beside_the_child_s_last_one(client_of, family, alice, sofia):
    first = start(family, alice, sofia, on=timezone.localdate() - timedelta(days=90))
    services.reunification_submit(reassessment=answer_all(first, alice, progress="some"), by=alice)
    second = start(family, alice, sofia)
    second = services.reunification_submit(reassessment=answer_all(second, alice), by=alice)
    assert second.compared_with == first

    page = client_of(alice).get(url("reunification", family, second.pk))
    goal_rows = [r for r in page.context["rows"] if r.section == "goal"]
    assert all(r.changed and r.before.startswith("Some change") for r in goal_rows)
    family_time_rows = [r for r in page.context["rows"] if r.section == "family_time"]
    assert not any(r.changed for r in family_time_rows)
    assert "changed" in page.text


# --- Overrides ---------------------------------------------------------------------------------


@pytest.fixture
def submitted(family, alice, sofia):
    return services.reunification_submit(
        reassessment=answer_all(start(family, alice, sofia), alice), by=alice
    )


def test_an_override_needs_a_reason_and_waits_for_the_supervisor(family, alice, submitted):
    with pytest.raises(ValidationError) as refused:
        services.reunification_override_request(
            reassessment=submitted,
            by=alice,
            override_recommendation="continue_reunification",
            override_reason=" ",
        )
    assert "override_reason" in refused.value.message_dict
    submitted.refresh_from_db()  # the refusal rolled back
    with pytest.raises(ValidationError):
        services.reunification_override_request(
            reassessment=submitted, by=alice, override_recommendation="return_home", override_reason="same"
        )
    submitted.refresh_from_db()
    services.reunification_override_request(
        reassessment=submitted, by=alice, override_recommendation="continue_reunification",
        override_reason="The aunt reports the mother left a visit early twice.",
    )  # fmt: skip
    assert submitted.override_status == OverrideStatus.PENDING
    assert submitted.recommendation_in_force == "return_home"  # the tool's, until approved
    assert services.reunification_override_waiting(family)


def test_the_supervisor_approves_an_override_and_it_is_in_force(client_of, family, alice, bob, submitted):
    client_of(alice).post(
        url("reunification_override", family, submitted.pk),
        {
            "version": submitted.version,
            "override_recommendation": "continue_reunification",
            "override_reason": "r",
        },
    )
    submitted.refresh_from_db()
    assert submitted.override_status == OverrideStatus.PENDING
    with pytest.raises(PermissionDenied):
        services.reunification_override_decide(reassessment=submitted, by=alice, approve=True)

    client_of(bob).post(url("reunification_override_decide", family, submitted.pk), {"decision": "approve"})

    submitted.refresh_from_db()
    assert submitted.override_status == OverrideStatus.APPROVED
    assert submitted.override_decided_by == bob
    assert submitted.recommendation_in_force == "continue_reunification"


def test_the_supervisor_refuses_an_override_only_saying_why(family, alice, bob, submitted):
    services.reunification_override_request(
        reassessment=submitted, by=alice, override_recommendation="end_reunification", override_reason="r"
    )
    with pytest.raises(ValidationError):
        services.reunification_override_decide(reassessment=submitted, by=bob, approve=False, comment="")
    services.reunification_override_decide(
        reassessment=submitted, by=bob, approve=False, comment="Family time is going well."
    )
    submitted.refresh_from_db()
    assert submitted.override_status == OverrideStatus.REJECTED
    assert submitted.recommendation_in_force == "return_home"


# --- Who may see it; queries; changes ----------------------------------------------------------


def test_the_pages_answer_the_family_s_people_and_404_to_an_outsider(
    client_of, family, alice, bob, charlie, sofia
):
    draft = start(family, alice, sofia)
    done = services.reunification_submit(
        reassessment=answer_all(start(family, alice, sofia), alice), by=alice
    )
    pages = [
        url("reunification_list", family),
        url("reunification_start", family),
        url("reunification_draft", family, draft.pk),
        url("reunification", family, done.pk),
        url("reunification_override", family, done.pk),
    ]
    for page in pages:
        assert client_of(alice).get(page).status_code == 200, page
        assert client_of(bob).get(page).status_code == 200, page
        assert client_of(charlie).get(page).status_code == 404, page
    decide = url("reunification_override_decide", family, done.pk)
    assert client_of(charlie).post(decide, {"decision": "approve"}).status_code == 404
    assert client_of(charlie).post(pages[2], answers(draft) | {"submit": "1"}).status_code == 404
    decisions = client_of(alice).get(url("decisions", family)).text
    assert url("reunification_list", family) in decisions
    overview = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert url("reunification_list", family) in overview


def test_a_reassessment_of_another_family_is_not_found_through_this_one(client_of, family, alice, sofia):
    from tests.factories import FamilyFactory

    other = FamilyFactory(assigned_caseworker=alice)
    elsewhere = start(other, alice, child_in_care(other, alice))
    assert client_of(alice).get(url("reunification", family, elsewhere.pk)).status_code == 404
    assert client_of(alice).get(url("reunification_draft", family, elsewhere.pk)).status_code == 404


def test_the_pages_keep_their_queries_as_goals_and_visits_grow(
    client_of, family, alice, django_assert_max_num_queries
):
    child = child_in_care(family, alice, goals=22, visits=25)
    first = start(family, alice, child, on=timezone.localdate() - timedelta(days=40))
    services.reunification_submit(reassessment=answer_all(first, alice), by=alice)
    second = start(family, alice, child)
    for _ in range(20):
        services.reunification_submit(reassessment=answer_all(start(family, alice, child), alice), by=alice)
    client = client_of(alice)
    # Every page: session and user, the family, the unit (navigation), the audit event with its
    # savepoint and the session's update (4). The list: the reassessments with their children
    # and recorders (1). One reassessment: it, with its child, tool, recorder and the one
    # before with its tool (1). The draft: it (1), the family-time plans and visits (2), the
    # scaling numbers, the risk reassessment, the safety assessment, the child's last one (4).
    budgets = {
        url("reunification_list", family): 9,
        url("reunification", family, first.pk): 9,
        url("reunification_draft", family, second.pk): 15,
    }
    for page, budget in budgets.items():
        client.get(page)  # sessions, caches warm
        with django_assert_max_num_queries(budget):
            assert client.get(page).status_code == 200


def test_the_changes_page_shows_the_reassessment(client_of, family, alice, sofia):
    reassessment = answer_all(start(family, alice, sofia), alice)
    kind = "safety-networks-reunificationreassessment"
    own = client_of(alice).get(
        reverse("families:record_changes", args=[family.public_id, kind, reassessment.pk])
    )
    assert own.status_code == 200
    assert "Reunification reassessment for Sofía" in own.text
    everything = client_of(alice).get(reverse("families:changes", args=[family.public_id])).text
    assert "Reunification reassessment for Sofía" in everything
