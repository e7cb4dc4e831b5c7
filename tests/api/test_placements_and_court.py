"""Children in care and the court through the API: where each child has lived, family time,
hearings with their orders and the court reports — never an address (a placement's may be
kept from the parents by the court; a resource family's is read only on the page, audited)."""

from datetime import date, timedelta

import pytest
import yaml
from django.utils import timezone

from court.models import CourtOrder, CourtReport, Hearing
from placements.models import FamilyTimePlan, FamilyTimeVisit, Placement, ResourceFamily
from tests.api.test_schema import generated
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

KEPT = "7 Hidden Orchard Road"
RESOURCE = "99 Foster Avenue"


@pytest.fixture
def in_care(family, alice):
    sofia, daniel = ChildFactory(family=family, first_name="Sofía"), ChildFactory(family=family)
    by = {"family": family, "recorded_by": alice}
    nguyen = ResourceFamily.objects.create(
        name="The Nguyen family",
        licence="licensed",
        address=RESOURCE,
        phone="555-0100",
    )
    at_aunts = Placement.objects.create(
        child=sofia, setting="relative", started_on=date.today() - timedelta(days=60),
        ended_on=date.today() - timedelta(days=20), carer_name="Lucía", carer_relationship="aunt",
        address=KEPT, address_confidential=True, reason="Safer with her aunt", end_reason="Aunt moved", **by,
    )  # fmt: skip
    fostered = Placement.objects.create(
        child=sofia, setting="resource_family", resource_family=nguyen,
        started_on=date.today() - timedelta(days=20), reason="Her aunt moved away", **by,
    )  # fmt: skip
    plan = FamilyTimePlan.objects.create(
        child=sofia, with_whom="Maria (mother)", with_kind="parent", times=2, supervised_by="Ana",
        started_on=date.today() - timedelta(days=60), **by,
    )  # fmt: skip
    visit = FamilyTimeVisit.objects.create(
        plan=plan,
        scheduled_at=timezone.now() - timedelta(days=3),
        status="cancelled",
        cancelled_by="carer",
        **by,
    )
    hearing = Hearing.objects.create(
        kind="six_month_review", hearing_on=date.today() + timedelta(days=12), **by
    )
    hearing.children.set([sofia, daniel])
    order = CourtOrder.objects.create(
        hearing=hearing, kind="address_kept_from_parents", text="Sofía's address kept from the parents", **by
    )
    report = CourtReport.objects.create(
        hearing=hearing, number=1, status="submitted", summary="Since May", **by
    )
    return {"at_aunts": at_aunts, "fostered": fostered, "plan": plan, "visit": visit, "hearing": hearing,
            "order": order, "report": report, "sofia": sofia, "daniel": daniel}  # fmt: skip


def test_where_each_child_has_lived_with_the_carer_and_no_address(api_as, alice, family, in_care):
    base = f"/api/v1/families/{family.public_id}"
    client = api_as(alice)

    rows = client.get(f"{base}/placements/").json()["results"]

    assert [(r["id"], r["setting"], r["carer"], r["resource_family"]) for r in rows] == [
        (in_care["fostered"].pk, "resource_family", "The Nguyen family", "The Nguyen family"),
        (in_care["at_aunts"].pk, "relative", "Lucía (aunt)", None),
    ]
    assert rows[1]["end_reason"] == "Aunt moved" and rows[1]["child"] == in_care["sofia"].pk
    for url in (f"{base}/placements/", f"{base}/placements/{in_care['at_aunts'].pk}/"):
        text = client.get(url).content.decode()
        assert KEPT not in text and RESOURCE not in text and "555-0100" not in text
        assert "address" not in text


def test_family_time_planned_and_what_happened(api_as, alice, family, in_care):
    base = f"/api/v1/families/{family.public_id}"
    client = api_as(alice)

    plan = client.get(f"{base}/family-time-plans/").json()["results"][0]
    visit = client.get(f"{base}/family-time-visits/{in_care['visit'].pk}/").json()

    assert (plan["with_whom"], plan["times"], plan["per"], plan["supervised_by"]) == (
        "Maria (mother)",
        2,
        "week",
        "Ana",
    )
    assert (visit["plan"], visit["status"], visit["cancelled_by"]) == (plan["id"], "cancelled", "carer")


def test_hearings_come_with_their_children_and_orders_and_reports_with_their_status(
    api_as, bob, family, in_care
):
    base = f"/api/v1/families/{family.public_id}"
    client = api_as(bob)

    hearing = client.get(f"{base}/hearings/").json()["results"][0]
    report = client.get(f"{base}/court-reports/").json()["results"][0]

    assert hearing["kind"] == "six_month_review"
    assert sorted(hearing["children"]) == sorted([in_care["sofia"].pk, in_care["daniel"].pk])
    assert [(o["kind"], o["ended_on"]) for o in hearing["orders"]] == [("address_kept_from_parents", None)]
    assert client.get(f"{base}/court-orders/{in_care['order'].pk}/").json() == hearing["orders"][0]
    assert (report["hearing"], report["status"], report["summary"]) == (
        hearing["id"],
        "submitted",
        "Since May",
    )


def test_the_schema_has_no_address_for_a_placement_or_a_resource_family():
    components = yaml.safe_load(generated())["components"]["schemas"]
    for name in ("Placement", "FamilyTimePlan", "FamilyTimeVisit", "Hearing", "CourtReport"):
        assert not any("address" in field for field in components[name]["properties"]), name
