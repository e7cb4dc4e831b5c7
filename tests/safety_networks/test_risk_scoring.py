"""The scored SDM risk tools as data: each demonstration file scored against a table of
answer sets (the edges of every band), the policy overrides, and files refused at load with
every problem in its place (safety_networks.sdm.risk)."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from safety_networks.models import RiskInstrument
from safety_networks.sdm import risk

RISK = risk.read(risk.DEMONSTRATION_RISK)
REASSESSMENT = risk.read(risk.DEMONSTRATION_REASSESSMENT)

# Lowest-scoring answer of each question.
RISK_NONE = {"N1": "none", "N2": "no", "N3": "no", "N4": "no", "N5": "few", "N6": "agree"} | {
    "A1": "none", "A2": "no", "A3": "no", "A4": "no", "A5": "no", "A6": "no",
    "P1": "no", "P2": "no", "P3": "no",
}  # fmt: skip
REASSESSMENT_NONE = {"N4": "no", "N6": "agree", "R1": "good", "A3": "no", "A4": "no", "R2": "no"} | {
    "P1": "no", "P2": "no", "P3": "no",
}  # fmt: skip


def answered(base, **changes):
    return {**base, **changes}


# (what changes from the lowest answers, neglect total, abuse total, level): every band's edges.
RISK_TABLE = [
    ({}, 0, 0, "low"),
    ({"N2": "yes"}, 1, 0, "low"),  # neglect low's top
    ({"A3": "yes"}, 0, 1, "low"),  # abuse low's top
    ({"N1": "some", "N2": "yes"}, 2, 0, "moderate"),  # neglect moderate's bottom
    ({"N1": "many", "N2": "yes"}, 3, 0, "moderate"),  # neglect moderate's top
    ({"A2": "yes"}, 0, 2, "moderate"),  # abuse moderate's bottom
    ({"A2": "yes", "A3": "yes"}, 0, 3, "moderate"),  # abuse moderate's top
    ({"N1": "many", "N4": "now"}, 4, 0, "high"),  # neglect high's bottom
    ({"N1": "many", "N4": "now", "N6": "not"}, 6, 0, "high"),  # neglect high's top
    ({"A2": "yes", "A4": "more"}, 0, 4, "high"),  # abuse high's bottom
    ({"A2": "yes", "A4": "more", "A3": "yes"}, 0, 5, "high"),  # abuse high's top
    ({"N1": "many", "N4": "now", "N6": "not", "N2": "yes"}, 7, 0, "very_high"),  # neglect very high
    (
        {"N1": "many", "N2": "yes", "N3": "yes", "N4": "now", "N5": "many", "N6": "not"},
        9,
        0,
        "very_high",
    ),  # neglect's highest total
    ({"A1": "more", "A2": "yes", "A4": "more"}, 0, 6, "very_high"),  # abuse very high's bottom
    ({"A1": "more", "A2": "yes", "A3": "yes", "A4": "more", "A5": "yes", "A6": "yes"}, 0, 9, "very_high"),
    # the higher of the two indices' levels
    ({"N2": "yes", "A2": "yes", "A4": "more"}, 1, 4, "high"),
    ({"N1": "some", "N2": "yes", "A3": "yes"}, 2, 1, "moderate"),
]

REASSESSMENT_TABLE = [
    ({}, 0, 0, "low"),
    ({"R1": "some"}, 1, 0, "low"),
    ({"R1": "none"}, 2, 0, "moderate"),
    ({"R1": "none", "N6": "partly"}, 3, 0, "high"),
    ({"R1": "none", "N6": "not"}, 4, 0, "high"),
    ({"R1": "none", "N6": "not", "N4": "past"}, 5, 0, "very_high"),
    ({"R1": "none", "N6": "not", "N4": "now"}, 6, 0, "very_high"),
    ({"A3": "yes"}, 0, 1, "moderate"),
    ({"R2": "yes"}, 0, 2, "moderate"),
    ({"R2": "yes", "A3": "yes"}, 0, 3, "high"),
    ({"R2": "yes", "A4": "more"}, 0, 4, "very_high"),
    ({"R2": "yes", "A4": "more", "A3": "yes"}, 0, 5, "very_high"),
    ({"R1": "some", "A3": "yes"}, 1, 1, "moderate"),
]


@pytest.mark.parametrize(("changes", "neglect", "abuse", "level"), RISK_TABLE)
def test_the_demonstration_risk_assessment_scores_each_answer_set(changes, neglect, abuse, level):
    result = risk.score(RISK, answered(RISK_NONE, **changes))
    assert result.index_scores == {"neglect": neglect, "abuse": abuse}
    assert (result.index_level, result.level, result.policy_overrides) == (level, level, [])


@pytest.mark.parametrize(("changes", "neglect", "abuse", "level"), REASSESSMENT_TABLE)
def test_the_demonstration_reassessment_scores_each_answer_set(changes, neglect, abuse, level):
    result = risk.score(REASSESSMENT, answered(REASSESSMENT_NONE, **changes))
    assert result.index_scores == {"neglect": neglect, "abuse": abuse}
    assert (result.index_level, result.level) == (level, level)


@pytest.mark.parametrize("definition, base", [(RISK, RISK_NONE), (REASSESSMENT, REASSESSMENT_NONE)])
@pytest.mark.parametrize("override", ["P1", "P2", "P3"])
def test_a_policy_override_answered_yes_makes_the_level_very_high(definition, base, override):
    result = risk.score(definition, answered(base, **{override: "yes"}))
    assert (result.index_level, result.level, result.policy_overrides) == ("low", "very_high", [override])


def test_every_answer_set_of_the_demonstration_gets_a_level():
    """Brute force over a sample: the check at load is what makes this hold for every set."""
    assert risk.check(RISK) == [] and risk.check(REASSESSMENT) == []
    for neglect in risk.reachable_totals([i for i in RISK["items"] if i["index"] == "neglect"]).values():
        for abuse in risk.reachable_totals([i for i in RISK["items"] if i["index"] == "abuse"]).values():
            assert risk.score(RISK, {**RISK_NONE, **neglect, **abuse}).level in risk.LEVELS


def test_an_unanswered_question_is_named():
    answers = dict(RISK_NONE)
    del answers["N3"], answers["P2"]
    with pytest.raises(risk.Unanswered) as caught:
        risk.score(RISK, answers)
    assert caught.value.codes == ["N3", "P2"]


def test_an_answer_not_of_the_question_is_refused():
    with pytest.raises(ValueError, match="N1"):
        risk.score(RISK, answered(RISK_NONE, N1="sometimes"))


@pytest.mark.parametrize(
    "level, policy, allowed",
    [
        ("low", False, ["moderate"]),
        ("moderate", False, ["low", "high"]),
        ("high", False, ["moderate", "very_high"]),
        ("very_high", False, ["high"]),
        ("very_high", True, []),  # a mandatory override is not lowered
    ],
)
def test_a_discretionary_override_moves_one_level(level, policy, allowed):
    assert risk.discretionary_levels(RISK, level, policy_applied=policy) == allowed


# --- Files refused at load ------------------------------------------------------------


def write(tmp_path, data, name="tool.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_band_gap_is_refused_with_the_totals_and_answers_that_reach_it(tmp_path):
    data = copy.deepcopy(RISK)
    data["bands"]["abuse"][2] = {"level": "high", "from": 4, "to": 4}  # 5 is in no band
    problems = risk.check(data)
    assert problems == [
        "bands.abuse: the rule gives no level when the abuse index totals 5 (reached by "
        "A1=none, A2=no, A3=yes, A4=more, A5=yes, A6=yes)"
    ]
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument", str(write(tmp_path, data)))
    assert "1 problem(s)" in str(caught.value) and "abuse index totals 5" in str(caught.value)


def test_a_total_above_every_band_and_overlapping_bands_are_refused(tmp_path):
    data = copy.deepcopy(REASSESSMENT)
    data["bands"]["neglect"][-1]["to"] = 5  # 6 is reachable
    data["bands"]["abuse"][1]["to"] = 3  # 3 in moderate and high
    problems = risk.check(data)
    assert any("neglect index totals 6 (reached by N4=now, N6=not, R1=none)" in p for p in problems)
    assert any("abuse index total of 3 is in 2 bands" in p for p in problems)


def test_every_problem_is_listed_with_its_place():
    data = copy.deepcopy(RISK)
    data["tool"] = "risk"
    data["items"][0]["index"] = "housing"
    data["items"][1]["answers"][0]["score"] = -1
    data["items"][2]["code"] = "N1"
    data["bands"]["neglect"][0]["level"] = "medium"
    data["rule"] = "average"
    data["policy_overrides"][0]["level"] = "urgent"
    problems = risk.check(data)
    for expected in [
        "tool: must be one of",
        "items[0].index: 'housing' is not one of the indices",
        "items[1].answers[0].score: a whole number, 0 or more, is required",
        "items[2].code: 'N1' is used twice",
        "bands.neglect[0].level: must be one of",
        "rule: must be one of highest, lowest",
        "policy_overrides[0].level: must be one of",
    ]:
        assert any(p.startswith(expected) for p in problems), (expected, problems)


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(risk.RiskFileError, match="cannot be read as JSON"):
        risk.load_from_file(str(path))  # what load_instrument calls for a risk file


@pytest.mark.django_db
def test_a_changed_file_is_a_new_version_and_the_old_one_is_kept(tmp_path):
    first = RiskInstrument.objects.get(code="demo-risk-assessment")
    call_command("load_instrument", str(risk.DEMONSTRATION_RISK))
    assert RiskInstrument.objects.filter(code="demo-risk-assessment").count() == 1  # same content
    data = copy.deepcopy(RISK)
    data["bands"]["abuse"] = [
        {"level": "low", "from": 0, "to": 2},
        {"level": "moderate", "from": 3, "to": 4},
        {"level": "high", "from": 5, "to": 6},
        {"level": "very_high", "from": 7, "to": 9},
    ]
    call_command("load_instrument", str(write(tmp_path, data)))
    second = RiskInstrument.objects.get(code="demo-risk-assessment", version=2)
    first.refresh_from_db()
    assert first.definition == RISK and second.definition["bands"]["abuse"][0]["to"] == 2
