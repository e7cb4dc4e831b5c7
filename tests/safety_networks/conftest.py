from datetime import date

import pytest
from django.urls import reverse

from tests.factories import CaregiverFactory, ChildFactory


@pytest.fixture
def sofia(family):
    return ChildFactory(
        family=family, first_name="Sofía", last_name="Okafor-Reyes", date_of_birth=date(2019, 5, 2)
    )


@pytest.fixture
def tomas(family):
    return ChildFactory(
        family=family, first_name="Tomás", last_name="Okafor-Reyes", date_of_birth=date(2024, 1, 9)
    )


@pytest.fixture
def daniel(family):
    return CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor")


@pytest.fixture
def url(family):
    """url("map"), url("plan", pk): the family's safety page of that name."""

    def build(name, *args):
        return reverse(f"safety_networks:{name}", args=[family.public_id, *args])

    return build


def danger_and_goal(children, **overrides):
    data = {
        "danger-who_is_worried": "The school, Maria and the agency",
        "danger-caregiver_behaviour": "when Daniel is angry and stressed he may grab or hit",
        "danger-children": [c.pk for c in children],
        "danger-what_could_happen": "they could be badly hurt",
        "danger-noted_on": "2026-03-04",
        "goal-caregivers_will": "when Daniel is angry he walks away and calls his brother",
        "goal-child_will_experience": "Sofía and Tomás are safe and feel safe at home",
        "goal-agency_needs_to_see": "an adult the children trust checks on them every day",
        "goal-for_how_long": "over the next six months",
        "goal-protective_factors": [],
    }
    return {**data, **overrides}
