"""The SDM safety decision, as a pure function of plain values (no models).

Each threat found present is in one of three states, from the interventions in place for it:

- ``in_home``: at least one intervention other than placement is in place (the child can stay
  at home, protected by it), and placement is not;
- ``placement``: placement is in place for it (only placement protects);
- ``none``: nothing is in place for it.

An instrument file's rule is an ordered list of clauses ``{"when": CONDITION, "decision":
DECISION}``; the first clause whose condition holds gives the decision. The conditions look at
the set of states of the threats present, so the 8 sets (no threat, or any non-empty set of the
three states) are every situation a rule must decide: `uncovered` lists those it does not,
and a file with any is refused at load.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

IN_HOME, PLACEMENT, NONE = "in_home", "placement", "none"
STATES = (IN_HOME, PLACEMENT, NONE)
DECISIONS = ("safe", "conditionally_safe", "unsafe")

CONDITIONS = {
    "no_threat": lambda states: not states,
    "any_threat": lambda states: bool(states),
    "all_in_home": lambda states: bool(states) and states == {IN_HOME},
    "any_placement": lambda states: PLACEMENT in states,
    "any_unprotected": lambda states: NONE in states,
    "always": lambda states: True,
}

SITUATION_WORDS = {
    IN_HOME: "a threat protected by an intervention in the home",
    PLACEMENT: "a threat protected only by placement",
    NONE: "a threat with no intervention in place",
}


@dataclass(frozen=True)
class Clause:
    when: str
    decision: str


class NoDecision(ValueError):
    """The rule decides nothing for these answers (a loaded rule never raises it)."""


def threat_state(in_place: Iterable[str], *, placement_codes: set[str]) -> str:
    """The state of one threat present from the codes of the interventions in place for it."""
    codes = set(in_place)
    if codes & placement_codes:
        return PLACEMENT
    if codes:
        return IN_HOME
    return NONE


def decide(states: Iterable[str], rule: Sequence[Clause]) -> str:
    """The decision for the states of the threats present (empty: no threat)."""
    found = frozenset(states)
    for clause in rule:
        if CONDITIONS[clause.when](found):
            return clause.decision
    raise NoDecision(describe(found))


def decide_answers(
    present: Mapping[str, Iterable[str]], rule: Sequence[Clause], *, placement_codes: set[str]
) -> str:
    """The decision for {threat code present: codes of the interventions in place for it}."""
    return decide((threat_state(codes, placement_codes=placement_codes) for codes in present.values()), rule)


def situations() -> list[frozenset]:
    """Every set of states a rule must decide: no threat, then each non-empty set."""
    return [frozenset(c) for size in range(len(STATES) + 1) for c in combinations(STATES, size)]


def describe(states: frozenset) -> str:
    if not states:
        return "no threat present"
    return "threats present: " + " and ".join(SITUATION_WORDS[s] for s in STATES if s in states)


def uncovered(rule: Sequence[Clause]) -> list[str]:
    """The situations for which the rule gives no decision, in words."""
    missing = []
    for states in situations():
        try:
            decide(states, rule)
        except NoDecision:
            missing.append(describe(states))
    return missing
