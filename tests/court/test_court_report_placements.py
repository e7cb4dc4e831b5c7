"""The court report holds placements' part (registered from placements, families.extensions):
where each child has lived, and family time held against the plan; never an address the court
ordered kept from the parents."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.services import family_time_plan_save, family_time_visit_add, placement_start
from tests.court.helpers import hearing, ready_report, with_map
from tests.court.test_court_report_pdf import printed, private_media  # noqa: F401 (fixtures)
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

KEPT = "7 Hidden Lane"


def test_the_report_tells_where_the_children_lived_and_the_family_time_held(family, alice, printed):  # noqa: F811
    with_map(family, alice)
    tomas = ChildFactory(family=family, first_name="Tomás", date_of_birth=date(2024, 1, 5))
    placement_start(
        family=family, child=tomas, by=alice, setting="relative",
        started_on=date.today() - timedelta(days=40),
        carer_name="Lucía Reyes", carer_relationship="aunt", address=KEPT, address_confidential=True,
        reason="His aunt came forward.", relatives_considered="yes",
    )  # fmt: skip
    plan = family_time_plan_save(
        family=family, by=alice, child=tomas, with_whom="Maria (mother)", with_kind="parent",
        supervised=True, supervised_by="Lucía Reyes", started_on=date.today() - timedelta(days=35),
    )  # fmt: skip
    family_time_visit_add(plan=plan, by=alice, scheduled_at=timezone.now() - timedelta(days=3), status="held")

    text = printed(ready_report(hearing(family, alice), alice), alice)

    assert "Where the children have lived" in text
    assert "Lucía Reyes (aunt)" in text and "His aunt came forward." in text
    assert "Family time" in text and "Maria (mother)" in text
    assert KEPT not in text


def test_an_order_entered_on_its_page_keeps_the_placement_address_out_of_the_report(
    family,
    alice,
    client_of,
    printed,  # noqa: F811
):
    with_map(family, alice)
    tomas = ChildFactory(family=family, first_name="Tomás", date_of_birth=date(2024, 1, 5))
    placement_start(
        family=family, child=tomas, by=alice, setting="relative",
        started_on=date.today() - timedelta(days=40), carer_name="Lucía Reyes", carer_relationship="aunt",
        address=KEPT, reason="His aunt came forward.",
    )  # fmt: skip
    held = hearing(family, alice, days_ahead=-1)
    client_of(alice).post(
        reverse("court:order_add", args=[family.public_id, held.pk]),
        {"kind": "address_kept_from_parents", "text": "Not for the parents.", "children": [tomas.pk]},
    )
    assert held.orders.get().children.get() == tomas  # the placement itself holds no flag

    text = printed(ready_report(hearing(family, alice), alice), alice)

    assert "Lucía Reyes (aunt)" in text and "His aunt came forward." in text
    assert KEPT not in text
