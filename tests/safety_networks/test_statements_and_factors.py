"""The plain-language sentences and the protective-factor suggestions (pure functions)."""

import pytest

from protective_factors.models import FactorCode
from safety_networks.factor_links import suggest_factors
from safety_networks.statements import danger_sentence, goal_sentence, harm_sentence, names_joined


def test_the_danger_statement_reads_as_domain_md_writes_it():
    assert danger_sentence(
        who_is_worried="The school, Maria and the agency",
        caregiver_behaviour="when Daniel is angry and stressed he may grab or hit",
        children=["Sofía", "Tomás"],
        what_could_happen="they could be badly hurt.",
    ) == (
        "The school, Maria and the agency are worried that when Daniel is angry and stressed he may grab or "
        "hit Sofía or Tomás. If nothing changes, they could be badly hurt."
    )


def test_one_worried_party_is_worried():
    sentence = danger_sentence(
        who_is_worried="the agency", caregiver_behaviour="x", children=["Ana"], what_could_happen="y"
    )
    assert sentence.startswith("The agency is worried that")


def test_an_unfinished_statement_shows_where_words_are_missing():
    assert danger_sentence(who_is_worried="", caregiver_behaviour="", children=[], what_could_happen="") == (
        "… is worried that … …. If nothing changes, …."
    )


def test_the_harm_statement_names_the_child_the_caregiver_and_the_effect():
    assert (
        harm_sentence(
            what_happened="Sofía came to school with a bruise",
            child="Sofía",
            caregiver="Daniel",
            caregiver_action="grabbed her hard",
            effect="she was scared",
        )
        == "Sofía came to school with a bruise. It happened when Daniel grabbed her hard. "
        "For Sofía: she was scared."
    )


def test_the_goal_reads_as_one_statement():
    assert (
        goal_sentence(
            caregivers_will="Daniel walks away",
            child_will_experience="the children feel safe",
            agency_needs_to_see="daily check-ins",
            for_how_long="over six months",
        )
        == "Over six months, Daniel walks away. That way, the children feel safe. "
        "The agency needs to see daily check-ins."
    )


@pytest.mark.parametrize(
    ("names", "joined"),
    [([], ""), (["Ana"], "Ana"), (["Ana", "Bo"], "Ana or Bo"), (["A", "B", "C"], "A, B or C")],
)
def test_names_joined(names, joined):
    assert names_joined(names, "or") == joined


def test_the_worked_examples_goal_is_suggested_resilience_and_connections():
    codes = suggest_factors(
        "Maria, Daniel and their network will show that when Daniel is angry he walks away and calls "
        "his brother",
        "Sofía and Tomás are safe and feel safe at home",
        "an adult the children trust checks on them every day",
    )
    assert FactorCode.PARENTAL_RESILIENCE in codes and FactorCode.SOCIAL_CONNECTIONS in codes


def test_concrete_needs_suggest_concrete_support_and_nothing_matches_nothing():
    assert suggest_factors("the family applies for rental assistance and keeps up with rent") == [
        FactorCode.CONCRETE_SUPPORT
    ]
    assert suggest_factors("") == []
    assert suggest_factors("workaround") == []  # a cue inside another word does not count
