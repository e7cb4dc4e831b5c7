"""The danger statement is written in parts and read as one sentence: the preview shows the
sentence the map (and the case plan) will show, and no clause is written twice."""

import pytest
from django.utils.html import escape

from safety_networks.models import DangerStatement
from safety_networks.statements import danger_sentence
from tests.safety_networks.conftest import danger_and_goal

pytestmark = pytest.mark.django_db

ALREADY_NAMED = {
    "danger-who_is_worried": "The school is worried",
    "danger-caregiver_behaviour": "that when Daniel drinks he could hit Sofía or Tomás",
    "danger-what_could_happen": "and they could be badly hurt",
}
SENTENCE = (
    "The school is worried that when Daniel drinks he could hit Sofía or Tomás. "
    "If nothing changes, they could be badly hurt."
)


def test_typed_words_the_sentence_adds_are_not_repeated_in_the_preview_nor_on_the_map(
    client_of, alice, url, sofia, tomas
):
    client = client_of(alice)
    data = danger_and_goal([sofia, tomas], **ALREADY_NAMED)
    preview = client.post(url("danger_preview"), data).text
    assert escape(SENTENCE) in preview
    assert client.post(url("danger_add"), data).status_code == 302
    assert DangerStatement.objects.count() == 1
    assert escape(SENTENCE) in client.get(url("map")).text  # what was shown is what is kept


def test_a_child_named_in_the_behaviour_and_another_ticked_are_each_named_once(
    client_of, alice, url, sofia, tomas
):
    data = danger_and_goal(
        [sofia, tomas], **{"danger-caregiver_behaviour": "when Daniel drinks he could hit Sofía"}
    )
    preview = client_of(alice).post(url("danger_preview"), data).text
    assert escape("he could hit Sofía or Tomás. If nothing changes, they could be badly hurt.") in preview


@pytest.mark.parametrize(
    ("behaviour", "children", "reads"),
    [
        ("he may grab or hit", ["Ana", "Ben"], "he may grab or hit Ana or Ben."),
        ("he may hit Ana or Ben", ["Ana", "Ben"], "he may hit Ana or Ben."),
        ("he may hit Ben and Ana", ["Ana", "Ben"], "he may hit Ben and Ana."),
        ("he may hit Ana, Ben or Cy", ["Ana", "Ben", "Cy"], "he may hit Ana, Ben or Cy."),
        ("when Ana cries he may hit", ["Ana", "Ben"], "when Ana cries he may hit Ana or Ben."),
        ("he may hit Anabel", ["Ana"], "he may hit Anabel Ana."),
    ],
)
def test_the_childrens_names_are_added_only_where_not_already_written(behaviour, children, reads):
    sentence = danger_sentence(
        who_is_worried="We", caregiver_behaviour=behaviour, children=children, what_could_happen="x"
    )
    assert f"We are worried that {reads} If nothing changes, x." == sentence
