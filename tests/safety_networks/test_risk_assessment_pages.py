"""The scored risk assessment and reassessment, through their pages and services: a draft
answered and submitted, every item kept with the score and level, policy overrides,
discretionary overrides approved and refused through the supervisor's flow, the draft-only
rule, and each page for alice, bob and charlie."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safety_networks import risk_services
from safety_networks.models import OverrideStatus, RiskAssessment
from safety_networks.risk_models import RiskAssessmentDraft
from safety_networks.services import risk_override_decide, risk_override_waiting

pytestmark = pytest.mark.django_db

LOW = {"N1": "none", "N2": "no", "N3": "no", "N4": "no", "N5": "few", "N6": "agree"} | {
    "A1": "none", "A2": "no", "A3": "no", "A4": "no", "A5": "no", "A6": "no",
    "P1": "no", "P2": "no", "P3": "no",
}  # fmt: skip
HIGH = {**LOW, "A2": "yes", "A4": "more"}  # abuse 4: high
REASSESS_LOW = {"N4": "no", "N6": "agree", "R1": "good", "A3": "no", "A4": "no", "R2": "no"} | {
    "P1": "no", "P2": "no", "P3": "no",
}  # fmt: skip


def tool(kind="risk_assessment"):
    return risk_services.latest_instrument(kind)


def scored(family, by, answers, kind="risk_assessment", on=None):
    draft = risk_services.risk_draft_start(family=family, by=by, instrument=tool(kind), assessed_on=on)
    risk_services.risk_draft_save(draft=draft, by=by, answers=answers)
    return risk_services.risk_draft_submit(draft=draft, by=by)


def posted(answers, version, **extra):
    return {
        "version": version,
        "assessed_on": date.today().isoformat(),
        "notes": "",
        **{f"q_{code}": value for code, value in answers.items()},
        **extra,
    }


def test_a_draft_answered_on_its_page_scores_high_and_keeps_every_answer(client_of, alice, family, url):
    client = client_of(alice)
    response = client.post(url("risk_scored_start", "risk_assessment"), {"assessed_on": date.today()})
    draft = RiskAssessmentDraft.objects.get()
    assert response["Location"] == url("risk_draft", draft.pk)
    response = client.post(url("risk_draft", draft.pk), posted(HIGH, draft.version, submit="1"))
    assessment = RiskAssessment.objects.get()
    assert response["Location"] == url("risk_assessment", assessment.pk)
    assert (assessment.scored_level, assessment.index_level, assessment.level) == ("high", "high", "high")
    assert assessment.index_scores == {"neglect": 0, "abuse": 4}
    assert assessment.answers == HIGH and assessment.instrument == tool()
    assert assessment.kind == "risk_assessment" and assessment.policy_overrides == []
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.assessment == assessment
    page = client.get(url("risk_assessment", assessment.pk)).text
    assert "A caregiver has hurt a child in the home before." in page and "More than once" in page


def test_submitting_with_an_item_unanswered_is_refused_next_to_the_item(client_of, alice, family, url):
    draft = risk_services.risk_draft_start(family=family, by=alice, instrument=tool())
    answers = {k: v for k, v in LOW.items() if k not in ("N3", "P2")}
    response = client_of(alice).post(url("risk_draft", draft.pk), posted(answers, draft.version, submit="1"))
    assert response.status_code == 200
    assert response.text.count("Answer this question before submitting.") == 2
    assert 'id="id_q_N3_error"' not in response.text  # the message sits in the item's fieldset
    assert 'aria-describedby="id_q_N3-error"' in response.text
    assert not RiskAssessment.objects.exists()
    draft.refresh_from_db()
    assert draft.is_draft and draft.answers == answers  # what was answered is saved


def test_answers_change_only_while_a_draft(family, alice, client_of, url):
    draft = risk_services.risk_draft_start(family=family, by=alice, instrument=tool())
    risk_services.risk_draft_save(draft=draft, by=alice, answers=LOW)
    assessment = risk_services.risk_draft_submit(draft=draft, by=alice)
    with pytest.raises(ValidationError, match="can no longer change"):
        risk_services.risk_draft_save(draft=draft, by=alice, answers=HIGH)
    with pytest.raises(ValidationError, match="can no longer change"):
        risk_services.risk_draft_submit(draft=draft, by=alice)
    response = client_of(alice).post(url("risk_draft", draft.pk), posted(HIGH, draft.version + 1))
    assert response["Location"] == url("risk_assessment", assessment.pk)
    draft.refresh_from_db()
    assessment.refresh_from_db()
    assert draft.answers == LOW and assessment.answers == LOW and RiskAssessment.objects.count() == 1


def test_a_policy_override_forces_very_high(family, alice):
    assessment = scored(family, alice, {**LOW, "P2": "yes"})
    assert (assessment.index_level, assessment.scored_level, assessment.level) == (
        "low",
        "very_high",
        "very_high",
    )
    assert assessment.policy_overrides == ["P2"]
    with pytest.raises(ValidationError, match="Choose one of"):  # a mandatory level is not lowered
        risk_services.risk_override_request(
            assessment=assessment, by=alice, override_level="high", override_reason="Seems too high"
        )


def test_a_discretionary_override_approved_by_the_supervisor_is_in_force(family, alice, bob, client_of, url):
    assessment = scored(family, alice, HIGH)
    client = client_of(alice)
    page = client.get(url("risk_override_request", assessment.pk))
    assert page.status_code == 200
    response = client.post(
        url("risk_override_request", assessment.pk),
        {"version": assessment.version, "override_level": "very_high", "override_reason": "Police call-out"},
    )
    assert response["Location"] == url("risk_assessment", assessment.pk)
    assessment.refresh_from_db()
    assert (assessment.override_status, assessment.level) == (OverrideStatus.PENDING, "high")
    assert risk_override_waiting(family)  # the closing check
    inbox = client_of(bob).get(reverse("supervision:approvals")).text
    assert "Okafor-Reyes" in inbox
    response = client_of(bob).post(url("risk_override_decide", assessment.pk), {"decision": "approve"})
    assessment.refresh_from_db()
    assert (assessment.override_status, assessment.level) == (OverrideStatus.APPROVED, "very_high")
    assert not risk_override_waiting(family)


def test_a_discretionary_override_not_approved_leaves_the_tools_level(family, alice, bob):
    assessment = scored(family, alice, HIGH)
    risk_services.risk_override_request(
        assessment=assessment,
        by=alice,
        override_level="moderate",
        override_reason="Family moved in with aunt",
    )
    with pytest.raises(ValidationError):
        risk_override_decide(assessment=assessment, by=bob, approve=False, comment="")
    assessment.refresh_from_db()
    risk_override_decide(assessment=assessment, by=bob, approve=False, comment="Not yet: too early")
    assessment.refresh_from_db()
    assert (assessment.override_status, assessment.level) == (OverrideStatus.REJECTED, "high")


@pytest.mark.parametrize(
    "level, reason, message",
    [
        ("moderate", "  ", "Say why the level is overridden."),
        ("low", "Two levels down", "Choose one of: Moderate, Very high."),
        ("high", "The same level", "Choose one of: Moderate, Very high."),
    ],
)
def test_a_bad_override_is_refused(family, alice, client_of, url, level, reason, message):
    assessment = scored(family, alice, HIGH)
    with pytest.raises(ValidationError) as caught:
        risk_services.risk_override_request(
            assessment=assessment, by=alice, override_level=level, override_reason=reason
        )
    assert message in " ".join(caught.value.messages)
    assessment.refresh_from_db()
    assert assessment.override_status == OverrideStatus.NONE
    response = client_of(alice).post(
        url("risk_override_request", assessment.pk),
        {"version": assessment.version, "override_level": level, "override_reason": reason},
    )
    assert response.status_code == 200


def test_a_reassessment_is_compared_item_by_item_with_the_last_assessment(family, alice, client_of, url):
    first = scored(family, alice, HIGH, on=date.today() - timedelta(days=170))
    again = scored(family, alice, {**REASSESS_LOW, "A4": "once"}, kind="risk_reassessment")
    assert again.compared_with == first and again.kind == "risk_reassessment"
    assert (again.index_scores, again.level) == ({"neglect": 0, "abuse": 1}, "moderate")
    page = client_of(alice).get(url("risk_assessment", again.pk)).text
    assert "Risk reassessment" in page and "Compared with the risk assessment of" in page
    assert page.count('class="badge text-bg-warning">changed') == 1  # A4: more than once → once
    assert "not asked" in page  # R1 was not a question of the first tool


def test_a_new_version_of_the_tool_leaves_earlier_assessments_as_scored(family, alice, tmp_path):
    import json

    from django.core.management import call_command

    first = scored(family, alice, HIGH)
    data = dict(tool().definition)
    data["bands"] = {**data["bands"], "abuse": [
        {"level": "low", "from": 0, "to": 4}, {"level": "moderate", "from": 5, "to": 6},
        {"level": "high", "from": 7, "to": 8}, {"level": "very_high", "from": 9, "to": 9},
    ]}  # fmt: skip
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(data))
    call_command("load_instrument", str(path))
    assert risk_services.latest_instrument("risk_assessment").version == 2
    second = scored(family, alice, HIGH)
    first.refresh_from_db()
    assert (first.instrument.version, first.level) == (1, "high")
    assert (second.instrument.version, second.level) == (2, "low")


def test_old_assessments_are_shown_as_recorded_before_the_scored_tool(family, alice, client_of, url):
    RiskAssessment.objects.create(family=family, recorded_by=alice, scored_level="moderate")
    page = client_of(alice).get(url("decisions")).text
    assert "recorded before the scored tool" in page and "Moderate" in page


def _pages(family, alice):
    draft = risk_services.risk_draft_start(family=family, by=alice, instrument=tool())
    assessment = scored(family, alice, HIGH)
    return [
        ("risk_scored_start", ["risk_assessment"]),
        ("risk_scored_start", ["risk_reassessment"]),
        ("risk_draft", [draft.pk]),
        ("risk_assessment", [assessment.pk]),
        ("risk_override_request", [assessment.pk]),
        ("decisions", []),
    ]


def test_every_risk_page_opens_for_alice_and_bob_and_is_404_for_charlie(
    client, family, alice, bob, charlie, url
):
    for name, args in _pages(family, alice):
        for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
            client.force_login(person)
            assert client.get(url(name, *args)).status_code == expected, (person.username, name)


def test_an_unknown_tool_is_404(client_of, alice, url):
    assert client_of(alice).get(url("risk_scored_start", "fsna")).status_code == 404


def test_the_pages_read_in_a_fixed_number_of_queries(
    client_of, family, alice, url, django_assert_max_num_queries
):
    # 25 assessments and drafts: an N+1 on the decisions page, or on an assessment's
    # comparison, would show.
    for n in range(25):
        scored(family, alice, HIGH if n % 2 else LOW, on=date.today() - timedelta(days=n))
        risk_services.risk_draft_start(family=family, by=alice, instrument=tool("risk_reassessment"))
    last = RiskAssessment.objects.order_by("-assessed_on", "-id").first()
    draft = RiskAssessmentDraft.objects.filter(status="draft").first()
    client = client_of(alice)
    # session, user, family, 3 decisions lists, risk drafts, approver, audit write (+ savepoints)
    with django_assert_max_num_queries(14):
        assert client.get(url("decisions")).status_code == 200
    # session, user, family, the assessment with its tool and the one before, audit (+ savepoints)
    with django_assert_max_num_queries(9):
        assert client.get(url("risk_assessment", last.pk)).status_code == 200
    # session, user, family, the draft, the last scored assessment, audit (+ savepoints)
    with django_assert_max_num_queries(10):
        assert client.get(url("risk_draft", draft.pk)).status_code == 200
