"""A placement's changes, field by field, on the family's Changes page and on its own; a
visit's on its family-time plan's (placements/history.py)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from families.extensions import record_kind
from placements.models import FamilyTimePlan, Placement
from placements.services import (
    family_time_plan_save,
    family_time_visit_add,
    family_time_visit_record,
    placement_start,
    placement_update,
)
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_a_placement_s_and_a_visit_s_changes_show_where_the_worker_looks(
    client_of, alice, bob, charlie, family
):
    tomas = ChildFactory(family=family, first_name="Tomás", date_of_birth=date(2024, 1, 5))
    placement = placement_start(
        family=family, child=tomas, by=alice, setting="relative", started_on=date.today() - timedelta(days=9),
        carer_name="Lucía Reyes", carer_relationship="aunt", reason="His aunt came forward.",
        relatives_considered="yes",
    )  # fmt: skip
    placement_update(placement=placement, by=alice, carer_relationship="aunt (mother's sister)")
    plan = family_time_plan_save(
        family=family, by=alice, child=tomas, with_whom="Maria (mother)", with_kind="parent",
        supervised=True, supervised_by="Lucía Reyes", started_on=date.today() - timedelta(days=9),
    )  # fmt: skip
    visit = family_time_visit_add(plan=plan, by=alice, scheduled_at=timezone.now() + timedelta(days=1))
    family_time_visit_record(visit=visit, by=alice, status="cancelled", cancelled_by="parent")

    family_page = client_of(bob).get(reverse("families:changes", args=[family.public_id])).text
    placement_page = client_of(alice).get(
        reverse("families:record_changes", args=[family.public_id, record_kind(Placement), placement.pk])
    )
    plan_page = (
        client_of(alice)
        .get(
            reverse("families:record_changes", args=[family.public_id, record_kind(FamilyTimePlan), plan.pk])
        )
        .text
    )

    assert "<ins>aunt (mother&#x27;s sister)</ins>" in family_page
    assert placement_page.status_code == 200 and "<del>aunt</del>" in placement_page.text
    assert "<ins>Cancelled</ins>" in plan_page
    outsider = client_of(charlie).get(
        reverse("families:record_changes", args=[family.public_id, record_kind(Placement), placement.pk])
    )
    assert outsider.status_code == 404
