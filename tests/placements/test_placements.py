"""Placements, resource families and family time: the pages (alice, bob, charlie), the bad
input refused beside its field, the moves, the family-time rate, and the queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from placements import selectors, services
from placements.models import FamilyTimePlan, FamilyTimeVisit, Placement, ResourceFamily, VisitStatus
from tests.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def url(family, name, *args):
    return reverse(f"placements:{name}", args=[family.public_id, *args])


@pytest.fixture
def sofia(family):
    return ChildFactory(family=family, first_name="Sofía", date_of_birth=TODAY - timedelta(days=7 * 365))


@pytest.fixture
def household(db):
    return ResourceFamily.objects.create(
        name="The Nguyen family", licence="approved", capacity=2, languages="Vietnamese, English",
        address="88 Larch Avenue, Riverside",
    )  # fmt: skip


def place(family, child, by, *, days_ago, **fields):
    values = {
        "setting": "relative", "carer_name": "Lucía Reyes", "carer_relationship": "aunt",
        "reason": "Unsafe at home after the bruise.", "started_on": TODAY - timedelta(days=days_ago),
    }  # fmt: skip
    return services.placement_start(family=family, child=child, by=by, **(values | fields))


def weekly_plan(family, child, by, *, days_ago=60):
    return services.family_time_plan_save(
        family=family, by=by, child=child, with_whom="Maria (mother)", with_kind="parent", times=1,
        per="week", supervised=True, supervised_by="Lucía", place="Family visit room",
        started_on=TODAY - timedelta(days=days_ago),
    )  # fmt: skip


@pytest.fixture
def record(family, alice, sofia, household):
    placement = place(family, sofia, alice, days_ago=30)
    plan = weekly_plan(family, sofia, alice)
    visit = FamilyTimeVisit.objects.create(
        plan=plan, family=family, scheduled_at=timezone.now() + timedelta(days=2), recorded_by=alice
    )
    return placement, plan, visit


def pages(family, record, household):
    placement, plan, visit = record
    return [
        url(family, "family"),
        url(family, "placement_add"),
        url(family, "placement_edit", placement.pk),
        url(family, "placement_end", placement.pk),
        url(family, "plan_add"),
        url(family, "plan_edit", plan.pk),
        url(family, "visit_add", plan.pk),
        url(family, "visit_record", visit.pk),
    ]


def test_every_page_opens_for_the_caseworker_and_the_supervisor_and_not_for_an_outsider(
    client_of, alice, bob, charlie, family, record, household
):
    for who, status in ((alice, 200), (bob, 200), (charlie, 404)):
        client = client_of(who)
        for page in pages(family, record, household):
            assert client.get(page).status_code == status, f"{page} as {who}"
    for page in (
        reverse("placements:resource_families"),
        reverse("placements:resource_family", args=[household.pk]),
    ):
        for who in (alice, bob, charlie):
            assert client_of(who).get(page).status_code == 200


def test_the_placements_page_is_audited_and_shows_the_history(client_of, alice, family, sofia, record):
    page = client_of(alice).get(url(family, "family"))
    assert "Lucía Reyes (aunt)" in page.text and "Unsafe at home after the bruise." in page.text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, family_public_id=family.public_id).exists()


def test_a_child_placed_with_a_relative_then_moved_counts_one_move(
    client_of, alice, family, sofia, household
):
    client = client_of(alice)
    first = client.post(
        url(family, "placement_add"),
        {
            "child": sofia.pk, "setting": "relative", "started_on": (TODAY - timedelta(days=40)).isoformat(),
            "carer_name": "Lucía Reyes", "carer_relationship": "aunt", "address": "12 Elm Street",
            "reason": "Unsafe at home.", "relatives_considered": "yes", "icwa_reason_to_know": "no",
        },
    )  # fmt: skip
    assert first.status_code == 302
    moved = client.post(
        url(family, "placement_add"),
        {
            "child": sofia.pk, "setting": "resource_family", "resource_family": household.pk,
            "started_on": (TODAY - timedelta(days=10)).isoformat(), "reason": "Lucía fell ill.",
            "relatives_considered": "yes", "icwa_reason_to_know": "no",
        },
    )  # fmt: skip
    assert moved.status_code == 302
    lucia, nguyen = Placement.objects.order_by("started_on")
    assert lucia.ended_on == nguyen.started_on and lucia.end_reason == "Lucía fell ill."
    [child] = selectors.by_child(selectors.placement_history(family))
    assert child.moves == 1 and child.current == nguyen
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "In a resource (foster) family" in overview and "1 move" in overview
    caseload = client.get(reverse("families:my_caseload")).text
    assert "Sofía: In a resource (foster) family · 1 move" in caseload


# --- Bad input ----------------------------------------------------------------------------


def post_placement(client, family, child, **fields):
    data = {
        "child": child.pk, "setting": "relative", "carer_name": "Lucía Reyes", "carer_relationship": "aunt",
        "reason": "Unsafe at home.", "relatives_considered": "yes", "icwa_reason_to_know": "no",
    } | fields  # fmt: skip
    return client.post(url(family, "placement_add"), data)


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


def test_overlapping_placements_are_refused_beside_the_date_and_nothing_typed_is_lost(
    client_of, alice, family, sofia
):
    place(family, sofia, alice, days_ago=30)
    Placement.objects.update(ended_on=TODAY - timedelta(days=10))
    response = post_placement(
        client_of(alice), family, sofia, started_on=(TODAY - timedelta(days=20)).isoformat(),
        carer_name="Samuel Okafor",
    )  # fmt: skip
    assert response.status_code == 200
    assert any("overlap" in e for e in field_errors(response, "started_on"))
    assert 'value="Samuel Okafor"' in response.text  # what was typed is still there
    assert Placement.objects.count() == 1


def test_a_placement_can_not_start_before_birth_or_after_today(client_of, alice, family, sofia):
    client = client_of(alice)
    before = post_placement(
        client, family, sofia, started_on=(sofia.date_of_birth - timedelta(days=1)).isoformat()
    )
    assert any("born on" in e for e in field_errors(before, "started_on"))
    after = post_placement(client, family, sofia, started_on=(TODAY + timedelta(days=1)).isoformat())
    assert any("future" in e for e in field_errors(after, "started_on"))
    assert not Placement.objects.exists()


def test_the_carer_and_the_relative_first_reason_are_asked_for(client_of, alice, family, sofia):
    client = client_of(alice)
    no_carer = post_placement(client, family, sofia, started_on=TODAY.isoformat(), carer_name="")
    assert field_errors(no_carer, "carer_name")
    no_household = post_placement(
        client, family, sofia, started_on=TODAY.isoformat(), setting="resource_family"
    )
    assert field_errors(no_household, "resource_family")
    no_why = post_placement(
        client, family, sofia, started_on=TODAY.isoformat(), setting="group", relatives_considered="no"
    )
    assert field_errors(no_why, "relatives_not_considered_why")
    assert not Placement.objects.exists()


def test_family_time_in_the_past_can_not_be_scheduled_but_can_be_recorded(client_of, alice, family, sofia):
    plan = weekly_plan(family, sofia, alice)
    client = client_of(alice)
    yesterday = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    scheduled = client.post(
        url(family, "visit_add", plan.pk), {"scheduled_at": yesterday, "status": "scheduled", "notes": "Park"}
    )
    assert any("can't be scheduled" in e for e in field_errors(scheduled, "scheduled_at"))
    assert "Park" in scheduled.text
    held = client.post(url(family, "visit_add", plan.pk), {"scheduled_at": yesterday, "status": "held"})
    assert held.status_code == 302
    cancelled = client.post(
        url(family, "visit_add", plan.pk), {"scheduled_at": yesterday, "status": "cancelled"}
    )
    assert field_errors(cancelled, "cancelled_by")
    assert FamilyTimeVisit.objects.get().status == VisitStatus.HELD


def test_a_scheduled_visit_is_recorded_as_cancelled_by_the_parent(client_of, alice, family, sofia):
    plan = weekly_plan(family, sofia, alice)
    visit = services.family_time_visit_add(
        plan=plan, by=alice, scheduled_at=timezone.now() + timedelta(hours=1)
    )
    FamilyTimeVisit.objects.filter(pk=visit.pk).update(scheduled_at=timezone.now() - timedelta(hours=1))
    response = client_of(alice).post(
        url(family, "visit_record", visit.pk),
        {
            "status": "cancelled",
            "cancelled_by": "parent",
            "notes": "Maria was ill.",
            "version": visit.version,
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.cancelled_by, visit.notes) == ("cancelled", "parent", "Maria was ill.")


def test_the_rate_held_vs_planned(family, alice, sofia):
    plan = weekly_plan(family, sofia, alice, days_ago=27)  # 28 days: 4 visits planned
    for days, status in ((20, "held"), (13, "held"), (6, "missed")):
        FamilyTimeVisit.objects.create(
            plan=plan, family=family, status=status, recorded_by=alice,
            scheduled_at=timezone.now() - timedelta(days=days),
        )  # fmt: skip
    summary = selectors.family_time_summary(family)
    assert (summary.planned, summary.held, summary.missed, summary.rate) == (4, 2, 1, 50)
    since = selectors.family_time_summary(family, since=TODAY - timedelta(days=13))
    assert (since.planned, since.held) == (2, 1)


# --- Resource families: who reads the address --------------------------------------------


def test_only_staff_with_a_need_read_a_resource_familys_address(
    client_of, alice, bob, charlie, administrator, family, sofia, household
):
    def reads(who):
        return (
            household.address
            in client_of(who).get(reverse("placements:resource_family", args=[household.pk])).text
        )

    assert not reads(alice) and reads(administrator)
    placement = place(
        family, sofia, alice, days_ago=5, setting="resource_family", resource_family=household, carer_name=""
    )
    assert reads(alice) and reads(bob) and not reads(charlie) and reads(administrator)
    services.placement_end(placement=placement, by=alice, ended_on=TODAY, end_reason="Went home.")
    assert not reads(alice) and not reads(bob)


def test_only_a_program_administrator_adds_or_edits_a_household(
    client_of, alice, bob, administrator, household
):
    for who in (alice, bob):
        assert client_of(who).get(reverse("placements:resource_family_add")).status_code == 403
    response = client_of(administrator).post(
        reverse("placements:resource_family_add"),
        {
            "name": "The Osei family",
            "licence": "licensed",
            "capacity": 3,
            "youngest_age": 0,
            "oldest_age": 12,
        },
    )
    assert response.status_code == 302 and ResourceFamily.objects.filter(name="The Osei family").exists()


# --- Queries ------------------------------------------------------------------------------------


def test_the_overview_sends_no_query_for_placements_and_family_time(client_of, alice):
    family = FamilyFactory(assigned_caseworker=alice)
    client = client_of(alice)
    overview = reverse("families:overview", args=[family.public_id])

    def add_children(n):
        for _ in range(n):
            child = ChildFactory(family=family, date_of_birth=TODAY - timedelta(days=3000))
            place(family, child, alice, days_ago=50)
            place(
                family, child, alice, days_ago=20, setting="group", relatives_considered="yes", carer_name=""
            )
            plan = weekly_plan(family, child, alice)
            FamilyTimeVisit.objects.create(
                plan=plan, family=family, status="held", recorded_by=alice,
                scheduled_at=timezone.now() - timedelta(days=3),
            )  # fmt: skip

    add_children(2)
    with CaptureQueriesContext(connection) as with_2:
        assert client.get(overview).status_code == 200
    add_children(20)
    with CaptureQueriesContext(connection) as with_22:
        page = client.get(overview)
    # the family row brings the placements, plans and visits as three JSON values: the
    # overview's budget of 12 queries is unchanged
    assert len(with_2) == len(with_22) <= 12
    assert page.text.count("In a group or residential setting") == 22
    assert "22 held of 176 planned" in page.text  # 8 weeks planned per child


def test_my_caseload_shows_each_childs_placement_in_constant_queries(client_of, alice):
    client = client_of(alice)

    def add_families(n):
        for _ in range(n):
            family = FamilyFactory(assigned_caseworker=alice)
            child = ChildFactory(family=family, date_of_birth=TODAY - timedelta(days=3000))
            place(family, child, alice, days_ago=50)

    add_families(3)
    with CaptureQueriesContext(connection) as with_3:
        assert client.get(reverse("families:my_caseload")).status_code == 200
    add_families(22)
    with CaptureQueriesContext(connection) as with_25:
        page = client.get(reverse("families:my_caseload"))
    assert len(with_3) == len(with_25)
    assert page.text.count(": With a relative") == 25


def test_the_placements_page_reads_in_constant_queries(client_of, alice, family):
    client = client_of(alice)

    def add(n):
        for _ in range(n):
            child = ChildFactory(family=family, date_of_birth=TODAY - timedelta(days=3000))
            place(family, child, alice, days_ago=50)
            plan = weekly_plan(family, child, alice)
            FamilyTimeVisit.objects.create(
                plan=plan, family=family, status="held", recorded_by=alice,
                scheduled_at=timezone.now() - timedelta(days=3),
            )  # fmt: skip

    add(2)
    with CaptureQueriesContext(connection) as with_2:
        client.get(url(family, "family"))
    add(20)
    with CaptureQueriesContext(connection) as with_22:
        client.get(url(family, "family"))
    assert len(with_2) == len(with_22)


def test_placements_are_kept_in_history(family, alice, sofia):
    placement = place(family, sofia, alice, days_ago=5)
    services.placement_update(placement=placement, by=alice, carer_name="Lucía R. Reyes")
    assert placement.history.count() == 2
    assert FamilyTimePlan.history.model.objects.count() == 0
