"""The SDM safety assessment as data: the decision rule (a pure function), the instrument
file's checks (every problem with its place, a rule that leaves answers undecided refused
with them), versions, and `manage.py load_instrument` dispatching on the file's "tool"."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from protective_factors.instruments import InstrumentFileError
from safety_networks.models import SafetyInstrument
from safety_networks.sdm.safety_file import DEMONSTRATION, load_safety_instrument, read_safety_instrument
from safety_networks.sdm.safety_rule import (
    IN_HOME,
    NONE,
    PLACEMENT,
    Clause,
    decide,
    decide_answers,
    situations,
    threat_state,
    uncovered,
)

DEMO = json.loads(Path(DEMONSTRATION).read_text(encoding="utf-8"))
RULE = [Clause(c["when"], c["decision"]) for c in DEMO["decision_rule"]]
PLACEMENT_CODES = {"placement"}

# Every situation a rule must decide (the set of states of the threats present) and the
# demonstration rule's decision: safe with no threat; conditionally safe when every threat
# present is protected in the home; unsafe as soon as one is protected only by placement or
# by nothing.
SITUATIONS = [
    (set(), "safe"),
    ({IN_HOME}, "conditionally_safe"),
    ({PLACEMENT}, "unsafe"),
    ({NONE}, "unsafe"),
    ({IN_HOME, PLACEMENT}, "unsafe"),
    ({IN_HOME, NONE}, "unsafe"),
    ({PLACEMENT, NONE}, "unsafe"),
    ({IN_HOME, PLACEMENT, NONE}, "unsafe"),
]


def test_the_table_holds_every_situation():
    assert {frozenset(s) for s, _ in SITUATIONS} == set(situations())


@pytest.mark.parametrize(("states", "decision"), SITUATIONS)
def test_the_demonstration_rule_for_every_situation(states, decision):
    assert decide(states, RULE) == decision


# Interventions in place for one threat -> its state.
INTERVENTIONS = [
    (set(), NONE),
    ({"network_in_home"}, IN_HOME),
    ({"network_in_home", "caregiver_leaves"}, IN_HOME),
    ({"child_with_relative"}, IN_HOME),
    ({"placement"}, PLACEMENT),
    ({"network_in_home", "placement"}, PLACEMENT),
]


@pytest.mark.parametrize(("in_place", "state"), INTERVENTIONS)
def test_the_state_of_a_threat_from_its_interventions_in_place(in_place, state):
    assert threat_state(in_place, placement_codes=PLACEMENT_CODES) == state


@pytest.mark.parametrize("first", [s for s, _ in INTERVENTIONS])
@pytest.mark.parametrize("second", [None, *[s for s, _ in INTERVENTIONS]])
def test_every_combination_of_two_threats_and_their_interventions(first, second):
    """Two threats (the second present or not), each with every set of interventions in place."""
    present = {"1": first} if second is None else {"1": first, "2": second}
    states = {threat_state(codes, placement_codes=PLACEMENT_CODES) for codes in present.values()}
    expected = dict((frozenset(s), d) for s, d in SITUATIONS)[frozenset(states)]
    assert decide_answers(present, RULE, placement_codes=PLACEMENT_CODES) == expected


def test_no_threat_is_safe_whatever_was_considered():
    assert decide_answers({}, RULE, placement_codes=PLACEMENT_CODES) == "safe"


def test_the_demonstration_file_is_labelled_and_complete():
    checked = read_safety_instrument(DEMONSTRATION)
    assert checked.is_demonstration and "Demonstration" in checked.name
    assert [i["code"] for i in checked.interventions if i["placement"]] == ["placement"]
    assert {"network_in_home", "caregiver_leaves", "child_with_relative"} <= {
        i["code"] for i in checked.interventions
    }
    assert len(checked.threats) == 11 and all(t["translations"]["es"]["wording"] for t in checked.threats)
    assert uncovered(RULE) == []


def _file(tmp_path, **changes) -> Path:
    data = json.loads(json.dumps(DEMO))
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    path = tmp_path / "safety.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_rule_that_leaves_answers_undecided_is_refused_with_those_answers(tmp_path):
    rule = [c for c in DEMO["decision_rule"] if c["when"] != "any_unprotected"]
    with pytest.raises(InstrumentFileError) as refused:
        read_safety_instrument(_file(tmp_path, decision_rule=rule))
    assert refused.value.problems == [
        "decision_rule: gives no decision for the answers with threats present: a threat with no "
        "intervention in place",
        "decision_rule: gives no decision for the answers with threats present: a threat protected by an "
        "intervention in the home and a threat with no intervention in place",
    ]


def test_every_problem_is_listed_with_its_place(tmp_path):
    interventions = [dict(i, placement=False) for i in DEMO["interventions"]]
    threats = [*DEMO["threats"], {"code": "1", "wording": {"en": "Again", "es": "Otra vez"}}, {"code": "12"}]
    rule = [{"when": "sometimes", "decision": "maybe"}]
    with pytest.raises(InstrumentFileError) as refused:
        read_safety_instrument(
            _file(tmp_path, interventions=interventions, threats=threats, decision_rule=rule, code=None)
        )
    assert refused.value.problems == [
        "code: required",
        "threats[11].code: '1' is used twice",
        "threats[12].wording: required",
        'interventions: exactly one must be marked "placement": true (found 0)',
        "decision_rule[0].when: 'sometimes' is not one of ['all_in_home', 'always', 'any_placement', "
        "'any_threat', 'any_unprotected', 'no_threat']",
        "decision_rule[0].decision: 'maybe' is not one of ['safe', 'conditionally_safe', 'unsafe']",
    ]


@pytest.mark.django_db
def test_load_instrument_dispatches_on_the_tool_and_lists_the_problems(tmp_path, capsys):
    rule = [{"when": "no_threat", "decision": "safe"}]
    with pytest.raises(CommandError) as refused:
        call_command("load_instrument", str(_file(tmp_path, decision_rule=rule)))
    assert "7 problem(s)" in str(refused.value)
    assert "no decision for the answers with threats present: a threat protected only by placement" in str(
        refused.value
    )
    assert SafetyInstrument.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_file_is_a_new_version_and_the_same_file_changes_nothing(tmp_path, capsys):
    call_command("load_instrument", str(DEMONSTRATION))
    assert "already loaded" in capsys.readouterr().out
    threats = [*DEMO["threats"][:-1], {"code": "11", "wording": {"en": "Something else", "es": "Otra cosa"}}]
    call_command("load_instrument", str(_file(tmp_path, threats=threats)))
    assert (
        "Loaded Demonstration safety assessment (not a validated instrument) (version 2)"
        in capsys.readouterr().out
    )
    first, second = SafetyInstrument.objects.order_by("version")
    assert first.threats[-1]["wording"] != "Something else"  # the old version is as it was
    assert second.threats[-1]["wording"] == "Something else"


@pytest.mark.django_db
def test_a_protective_factors_file_still_loads_as_before(capsys):
    from protective_factors.instruments import DEMONSTRATION as PF_DEMONSTRATION

    call_command("load_instrument", str(PF_DEMONSTRATION))
    assert "already loaded" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_loader_function_is_usable_by_a_migration():
    instrument, created = load_safety_instrument(DEMONSTRATION, SafetyInstrument=SafetyInstrument)
    assert not created and instrument.version == 1
