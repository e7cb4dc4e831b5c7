"""The reunification reassessment's file and rule (safety_networks.sdm.reunification): the
demonstration file's recommendation for every combination of the four findings, the findings
from the answers, and a file refused when its rule leaves a combination without one."""

import itertools
import json

import pytest
from django.core.management import CommandError, call_command

from safety_networks.models import ReunificationInstrument
from safety_networks.sdm import reunification

DEMO = json.loads(reunification.DEMONSTRATION.read_text())
RETURN, CONTINUE, END = "return_home", "continue_reunification", "end_reunification"


def expected(risk: str, progress: str, family_time: str, safety: str) -> str:
    """The demonstration file's rule, as its description reads in words."""
    if safety == "unsafe":  # the home is not safe: not home yet; stop if nothing changed
        return END if progress == "minimal" else CONTINUE
    if risk in ("low", "moderate") and progress != "minimal" and family_time != "poor":
        return RETURN
    if progress == "minimal" and (family_time == "poor" or risk == "very_high"):
        return END
    return CONTINUE


TABLE = [
    (risk, progress, quality, safety, expected(risk, progress, quality, safety))
    for risk, progress, quality, safety in itertools.product(
        reunification.RISK_LEVELS,
        ("substantial", "some", "minimal"),
        ("good", "mixed", "poor"),
        reunification.SAFETY_DECISIONS,
    )
]


def test_the_table_holds_every_combination():
    assert len(TABLE) == 4 * 3 * 3 * 3
    assert {row[-1] for row in TABLE} == {RETURN, CONTINUE, END}


@pytest.mark.parametrize(("risk", "progress", "family_time", "safety", "recommendation"), TABLE)
def test_the_demonstration_rule_recommends(risk, progress, family_time, safety, recommendation):
    findings = {"risk": risk, "progress": progress, "family_time": family_time, "safety": safety}
    assert reunification.recommend(DEMO["rule"], findings) == recommendation


def test_progress_is_the_least_rated_and_family_time_the_poorest_answer():
    found = reunification.result(
        DEMO,
        risk="low",
        goal_ratings={"safety-1": "substantial", "safety-2": "some"},
        goal_keys=["safety-1", "safety-2"],
        family_time={"FT1": "good", "FT2": "good", "FT3": "mixed"},
        safety="safe",
    )
    assert (found.progress, found.family_time, found.recommendation) == ("some", "mixed", RETURN)


def test_every_question_left_blank_is_named():
    with pytest.raises(reunification.Unanswered) as unanswered:
        reunification.result(
            DEMO,
            risk="low",
            goal_ratings={"safety-1": "some"},
            goal_keys=["safety-1", "safety-2"],
            family_time={"FT1": "good", "FT3": "good"},
            safety="",
        )
    assert unanswered.value.questions == [("goal", "safety-2"), ("family_time", "FT2"), ("safety", "")]


def test_the_demonstration_file_is_clean_labelled_and_bilingual():
    assert reunification.check(DEMO) == []
    assert DEMO["demonstration"] is True
    assert "not a validated instrument" in DEMO["name"]["en"]
    for item in DEMO["family_time_items"]:
        assert set(item["wording"]) == {"en", "es"}


def write(tmp_path, data) -> str:
    path = tmp_path / "reunification.json"
    path.write_text(json.dumps(data))
    return str(path)


@pytest.mark.django_db
def test_a_rule_leaving_a_combination_without_a_recommendation_is_refused_naming_it(tmp_path):
    data = json.loads(json.dumps(DEMO))
    data["code"] = "agency-reunification"
    data["rule"] = data["rule"][:-1]  # no catch-all: the "continue" cases are left undecided

    with pytest.raises(CommandError) as refused:
        call_command("load_instrument", write(tmp_path, data))

    message = str(refused.value)
    assert (
        "rule: gives no recommendation when risk=low, progress=substantial, family_time=poor, safety=safe"
        in message
    )
    assert "risk=high, progress=some, family_time=good, safety=conditionally_safe" in message
    assert not ReunificationInstrument.objects.filter(code="agency-reunification").exists()


@pytest.mark.django_db
def test_a_file_with_problems_is_refused_with_each_place(tmp_path):
    data = json.loads(json.dumps(DEMO))
    data["progress_scale"][1]["code"] = "substantial"
    data["rule"][0]["when"]["safety"] = ["dangerous"]
    data["rule"][1]["recommendation"] = "adopt"
    del data["safety_question"]

    with pytest.raises(CommandError) as refused:
        call_command("load_instrument", write(tmp_path, data))

    message = str(refused.value)
    assert "progress_scale[1].code: 'substantial' is used twice" in message
    assert "rule[0].when.safety: 'dangerous' is not one of" in message
    assert "rule[1].recommendation: must be one of" in message
    assert "safety_question.wording: required" in message


@pytest.mark.django_db
def test_the_demonstration_is_loaded_once_and_a_changed_file_is_a_new_version(tmp_path):
    loaded = ReunificationInstrument.objects.get(code=DEMO["code"])
    assert reunification.load(reunification.DEMONSTRATION) == (loaded, False)
    data = json.loads(json.dumps(DEMO))
    data["family_time_items"][0]["wording"]["en"] = "The caregivers come on time."
    call_command("load_instrument", write(tmp_path, data))
    assert ReunificationInstrument.objects.filter(code=DEMO["code"]).count() == 2
