"""The first slice of endpoints, under the same rules as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import TokenAccess
from families.models import Child, Contact, FamilyStatus
from meetings.models import ActionItem, ActionStatus
from meetings.services import action_item_save, meeting_record_held
from placements.services import placement_end, placement_start
from safety_networks.models import ScalingScore
from tests.api.clients import api_with
from tests.factories import CaregiverFactory, ChildFactory, ContactFactory, FamilyFactory

pytestmark = pytest.mark.django_db

FAMILIES = "/api/v1/families/"


def test_the_family_list_holds_the_callers_families_only(api_as, alice, charlie, family):
    FamilyFactory(display_name="Elsewhere", assigned_caseworker=charlie)

    body = api_as(alice).get(FAMILIES).json()

    assert [row["id"] for row in body["results"]] == [str(family.public_id)]
    assert body["next"] is None
    assert set(body["results"][0]) >= {
        "case_number",
        "display_name",
        "status",
        "assigned_caseworker",
        "version",
    }


def test_the_family_list_filters(api_as, alice):
    open_one = FamilyFactory(display_name="Abara", assigned_caseworker=alice, status=FamilyStatus.OPEN)
    FamilyFactory(display_name="Baptiste", assigned_caseworker=alice, status=FamilyStatus.REFERRAL)
    client = api_as(alice)

    by_status = client.get(FAMILIES, {"status": "open"}).json()["results"]
    by_words = client.get(FAMILIES, {"q": "abara"}).json()["results"]

    assert [row["id"] for row in by_status] == [str(open_one.public_id)]
    assert [row["id"] for row in by_words] == [str(open_one.public_id)]
    bad = client.get(FAMILIES, {"status": "nonsense"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_the_family_list_pages_by_cursor_in_constant_queries(api_as, bob, alice, django_assert_num_queries):
    # given a supervisor with 30 families in the unit, then 60
    client = api_as(bob)
    client.get(FAMILIES)  # the token's first use also notes when it was last used
    FamilyFactory.create_batch(30, assigned_caseworker=alice)
    # the token (1), the page of families with their caseworkers (1), the audit event (1)
    with django_assert_num_queries(3):
        first = client.get(FAMILIES, {"page_size": 20}).json()
    FamilyFactory.create_batch(30, assigned_caseworker=alice)
    with django_assert_num_queries(3):
        again = client.get(FAMILIES, {"page_size": 20}).json()
    assert len(first["results"]) == len(again["results"]) == 20

    seen, url = [], f"{FAMILIES}?page_size=25"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 60


def test_a_familys_detail_has_its_people_and_status_history_and_an_etag(
    api_as, alice, family, django_assert_max_num_queries
):
    CaregiverFactory(family=family, first_name="Maria")
    ChildFactory(family=family, first_name="Sofía")
    client = api_as(alice)

    # the token (and, on its first use, when it was last used); the family; caregivers;
    # children; their placements; status history; the audit event
    with django_assert_max_num_queries(8):
        response = client.get(f"{FAMILIES}{family.public_id}/")

    body = response.json()
    assert response["ETag"] == f'"{family.version}.1.1"'  # the family's, its caregivers', its children's
    assert [c["first_name"] for c in body["caregivers"]] == ["Maria"]
    assert [c["first_name"] for c in body["children"]] == ["Sofía"]
    assert isinstance(body["status_history"], list)


def test_where_a_child_lives_is_read_from_the_placements_in_constant_queries(
    api_as, alice, family, django_assert_max_num_queries
):
    today = timezone.localdate()
    placed = ChildFactory(family=family, first_name="Sofía", date_of_birth=today - timedelta(days=3000))
    home_again = ChildFactory(family=family, first_name="Tomás", date_of_birth=today - timedelta(days=900))
    never = ChildFactory(family=family, first_name="Ana", date_of_birth=today - timedelta(days=400))
    common = {"family": family, "by": alice, "reason": "Unsafe.", "started_on": today - timedelta(days=30)}
    placement_start(child=placed, setting="relative", carer_name="Lucía Reyes", **common)
    moved = placement_start(child=home_again, setting="relative", carer_name="Rosa Reyes", **common)
    placement_end(placement=moved, by=alice, ended_on=today - timedelta(days=2), end_reason="Went home.")
    for _ in range(20):  # an N+1 would show
        ChildFactory(family=family, date_of_birth=today - timedelta(days=500))
    client = api_as(alice)
    client.get(f"{FAMILIES}{family.public_id}/")  # the token's first use

    with django_assert_max_num_queries(7):
        body = client.get(f"{FAMILIES}{family.public_id}/").json()

    where = {c["id"]: c["living_arrangement"] for c in body["children"]}
    assert where[placed.pk] == "relative"  # the current placement's setting
    assert where[home_again.pk] is None and where[never.pk] is None  # no placement today
    # the value recorded before placements stays, read-only, and no longer answers
    assert Child.objects.get(pk=never.pk).living_arrangement == "at_home"


def test_an_outsider_gets_a_404_problem(api_as, charlie, family):
    response = api_as(charlie).get(f"{FAMILIES}{family.public_id}/contacts/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not Found"


def test_an_unknown_api_url_is_a_404_problem(api_as, alice):
    response = api_as(alice).get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_a_visit_is_recorded_through_the_service_and_audited(api_as, alice, family):
    sofia = ChildFactory(family=family)
    when = timezone.now() - timedelta(hours=2)

    response = api_as(alice).post(
        f"{FAMILIES}{family.public_id}/contacts/",
        {
            "occurred_at": when.isoformat(),
            "kind": "home_visit",
            "narrative": "Seen at home.",
            "children_seen": [sofia.pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    contact = Contact.objects.get()
    assert contact.recorded_by == alice and list(contact.children_seen.all()) == [sofia]
    family.refresh_from_db()
    assert family.first_contact_at == contact.occurred_at  # the service's own consequence


def test_bad_input_comes_back_by_field(api_as, alice, family):
    other_child = ChildFactory()
    future = timezone.now() + timedelta(days=2)

    response = api_as(alice).post(
        f"{FAMILIES}{family.public_id}/contacts/",
        {"occurred_at": future.isoformat(), "kind": "home_visit", "children_seen": [other_child.pk]},
        format="json",
    )

    assert response.status_code == 400
    problem = response.json()
    assert problem["type"].endswith("/invalid") and set(problem["errors"]) == {"children_seen"}
    future_only = api_as(alice).post(
        f"{FAMILIES}{family.public_id}/contacts/",
        {"occurred_at": future.isoformat(), "kind": "phone"},
        format="json",
    )
    assert future_only.status_code == 400
    assert "future" in future_only.json()["errors"]["occurred_at"][0]
    assert not Contact.objects.exists()


def test_a_scaling_number_is_recorded(api_as, alice, family):
    maria = CaregiverFactory(family=family, first_name="Maria")
    client = api_as(alice)

    by_maria = client.post(
        f"{FAMILIES}{family.public_id}/scaling/", {"score": 6, "caregiver": maria.pk}, format="json"
    )
    by_someone = client.post(
        f"{FAMILIES}{family.public_id}/scaling/", {"score": 4, "name": "Lucía"}, format="json"
    )
    nameless = client.post(f"{FAMILIES}{family.public_id}/scaling/", {"score": 4}, format="json")

    assert by_maria.status_code == 201 and by_maria.json()["given_by"] == "caregiver"
    assert by_someone.status_code == 201 and by_someone.json()["given_by"] == "other"
    assert nameless.status_code == 400 and "name" in nameless.json()["errors"]
    assert ScalingScore.objects.count() == 2
    listed = client.get(f"{FAMILIES}{family.public_id}/scaling/").json()["results"]
    assert [row["score"] for row in listed] == [4, 6]


@pytest.fixture
def action_item(family, alice):
    meeting = meeting_record_held(family=family, by=alice, scheduled_at=timezone.now() - timedelta(days=1))
    return action_item_save(
        meeting=meeting, by=alice, what="Call the school", who="Maria", due_on=timezone.localdate()
    )


def test_an_action_items_status_needs_if_match(api_as, alice, family, action_item):
    client = api_as(alice)
    url = f"{FAMILIES}{family.public_id}/action-items/{action_item.pk}/"
    etag = client.get(url)["ETag"]

    without = client.patch(url, {"status": "done"}, format="json")
    anything = client.patch(url, {"status": "done"}, format="json", HTTP_IF_MATCH="*")
    assert without.status_code == anything.status_code == 428
    assert without["Content-Type"] == "application/problem+json"

    done = client.patch(url, {"status": "done"}, format="json", HTTP_IF_MATCH=etag)
    assert done.status_code == 200 and done.json()["status"] == "done" and done["ETag"] != etag
    assert ActionItem.objects.get().status == ActionStatus.DONE


def test_lost_update_the_second_client_with_the_same_etag_gets_412(api_as, alice, bob, family, action_item):
    url = f"{FAMILIES}{family.public_id}/action-items/{action_item.pk}/"
    first, second = api_as(alice), api_as(bob)
    etag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == etag

    assert first.patch(url, {"status": "done"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = second.patch(url, {"status": "dropped"}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert stale.json()["type"].endswith("/edit-conflict")
    assert ActionItem.objects.get().status == ActionStatus.DONE


def test_a_program_administrator_reads_but_does_not_keep_records(api_as, administrator, family, action_item):
    client = api_as(administrator)
    url = f"{FAMILIES}{family.public_id}/action-items/{action_item.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"status": "done"}, format="json", HTTP_IF_MATCH=etag).status_code == 403


def test_a_service_account_reaches_its_units_families_only(service_token, unit_a, charlie, family):
    elsewhere = FamilyFactory(display_name="Elsewhere", assigned_caseworker=charlie)
    unit_system = api_with(service_token(units=[unit_a], name="Provider"))
    agency_system = api_with(service_token(agency_wide=True, access=TokenAccess.READ, name="State"))

    assert [r["id"] for r in unit_system.get(FAMILIES).json()["results"]] == [str(family.public_id)]
    assert unit_system.get(f"{FAMILIES}{elsewhere.public_id}/").status_code == 404
    assert {r["id"] for r in agency_system.get(FAMILIES).json()["results"]} == {
        str(family.public_id), str(elsewhere.public_id)
    }  # fmt: skip


def test_a_service_account_records_a_visit_as_itself(service_token, unit_a, family):
    system = api_with(service_token(units=[unit_a], name="Phone app"))
    response = system.post(
        f"{FAMILIES}{family.public_id}/contacts/",
        {"occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(), "kind": "phone"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["recorded_by"] == "service-phone-app"


def test_reads_below_a_family_are_audited_as_views(api_as, alice, family):
    from audit.models import AuditAction, AuditEvent

    ContactFactory(family=family)
    api_as(alice).get(f"{FAMILIES}{family.public_id}/contacts/")

    event = AuditEvent.objects.filter(action=AuditAction.VIEW).get()
    assert event.family_public_id == family.public_id and event.actor == alice


def test_the_safety_and_risk_decisions_and_three_houses_read_as_recorded(api_as, alice, bob, family):
    from safety_networks.models import OverrideStatus, SafetyThreat
    from safety_networks.services import risk_assessment_record, safety_assessment_record, three_houses_save

    sofia = ChildFactory(family=family, first_name="Sofía")
    threat = SafetyThreat.objects.first()
    safety_assessment_record(
        family=family, by=alice, threats=[threat], decision="unsafe", placement_made=True, notes="Placed"
    )
    risk = risk_assessment_record(
        family=family, by=alice, scored_level="high", override_level="very_high", override_reason="Weapons"
    )
    three_houses_save(
        family=family, by=alice, child=sofia, house_of_worries="Daddy shouting",
        house_of_good_things="Aunt Lucía", house_of_hopes_and_dreams="Dinner", sat_with="Worker",
    )  # fmt: skip
    client = api_as(alice)
    url = f"{FAMILIES}{family.public_id}/"

    safety = client.get(f"{url}safety-assessments/").json()["results"]
    pending = client.get(f"{url}risk-assessments/").json()["results"][0]
    houses = client.get(f"{url}three-houses/").json()["results"]

    assert [(s["decision"], s["threats"], s["placement_made"]) for s in safety] == [
        ("unsafe", [threat.code], True)
    ]
    assert (pending["scored_level"], pending["override_level"], pending["override_status"]) == (
        "high", "very_high", OverrideStatus.PENDING
    )  # fmt: skip
    assert pending["level"] == "high"  # the tool's level until the supervisor approves
    assert [(h["child"], h["house_of_worries"], h["sat_with"]) for h in houses] == [
        (sofia.pk, "Daddy shouting", "Worker")
    ]
    from safety_networks.services import risk_override_decide

    risk_override_decide(assessment=risk, by=bob, approve=True)
    approved = client.get(f"{url}risk-assessments/{risk.pk}/").json()
    assert approved["level"] == "very_high" and approved["override_decided_by"] == bob.username


@pytest.fixture
def visit(family, alice):
    from families.services import contact_save

    sofia = ChildFactory(family=family, first_name="Sofía")
    return contact_save(
        family=family, by=alice, occurred_at=timezone.now() - timedelta(days=1), kind="home_visit",
        narrative="Seen at home.", children_seen=[sofia],
    )  # fmt: skip


def test_a_contact_is_corrected_through_the_service_with_if_match(api_as, alice, family, visit):
    from audit.models import AuditAction, AuditEvent

    client = api_as(alice)
    url = f"{FAMILIES}{family.public_id}/contacts/{visit.pk}/"
    etag = client.get(url)["ETag"]

    without = client.patch(url, {"narrative": "Seen at the park."}, format="json")
    anything = client.patch(url, {"narrative": "Seen at the park."}, format="json", HTTP_IF_MATCH="*")
    assert without.status_code == anything.status_code == 428
    assert without["Content-Type"] == "application/problem+json"
    assert without.json()["type"].endswith("/if-match-required")
    assert Contact.objects.get().narrative == "Seen at home."

    corrected = client.patch(
        url, {"narrative": "Seen at the park.", "location": "Park"}, format="json", HTTP_IF_MATCH=etag
    )

    assert corrected.status_code == 200, corrected.json()
    body = corrected.json()
    assert (body["narrative"], body["location"], body["kind"]) == ("Seen at the park.", "Park", "home_visit")
    # what was not sent stays as recorded
    assert body["children_seen"] == [child.pk for child in visit.children_seen.all()]
    assert corrected["ETag"] == f'"{visit.version + 1}"' != etag
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, record_type="families.Contact", record_id=str(visit.pk)
    ).exists()


def test_a_contacts_correction_refused_by_the_service_comes_back_by_field(api_as, alice, family, visit):
    client = api_as(alice)
    url = f"{FAMILIES}{family.public_id}/contacts/{visit.pk}/"
    etag = client.get(url)["ETag"]

    by_phone = client.patch(url, {"kind": "phone"}, format="json", HTTP_IF_MATCH=etag)  # children "seen"
    no_such_kind = client.patch(url, {"kind": "telepathy"}, format="json", HTTP_IF_MATCH=etag)

    for refused, field in ((by_phone, "children_seen"), (no_such_kind, "kind")):
        assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
        assert refused.json()["type"].endswith("/invalid") and field in refused.json()["errors"]
    assert Contact.objects.get().kind == "home_visit" and Contact.objects.get().version == visit.version


def test_lost_update_of_a_contact_the_second_client_with_the_same_etag_gets_412(
    api_as, alice, bob, family, visit
):
    url = f"{FAMILIES}{family.public_id}/contacts/{visit.pk}/"
    first, second = api_as(alice), api_as(bob)
    etag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == etag

    assert first.patch(url, {"narrative": "Alice's"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = second.patch(url, {"narrative": "Bob's"}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    assert stale.json()["type"].endswith("/edit-conflict")
    assert Contact.objects.get().narrative == "Alice's"


def test_a_read_only_token_does_not_correct_a_contact(api_as, alice, family, visit):
    client = api_as(alice, access=TokenAccess.READ)
    url = f"{FAMILIES}{family.public_id}/contacts/{visit.pk}/"
    etag = client.get(url)["ETag"]

    assert client.patch(url, {"narrative": "x"}, format="json", HTTP_IF_MATCH=etag).status_code == 403
    assert Contact.objects.get().narrative == "Seen at home."


def test_a_change_to_a_caregiver_or_a_child_changes_the_familys_etag(api_as, alice, family):
    from families.services import caregiver_save, child_save, person_mark_left_household

    maria = CaregiverFactory(family=family, first_name="Maria")
    sofia = ChildFactory(family=family, first_name="Sofía")
    client = api_as(alice)
    url = f"{FAMILIES}{family.public_id}/"
    seen = [client.get(url)["ETag"]]

    def changed():
        etag = client.get(url)["ETag"]
        assert etag not in seen, f"{etag} was already seen: {seen}"
        seen.append(etag)

    caregiver_save(family=family, by=alice, person=maria, relationships={}, phone="555-0111")
    changed()
    child_save(family=family, by=alice, person=sofia, relationships={}, school="Lincoln Elementary")
    changed()
    ChildFactory(family=family, first_name="Tomás")
    changed()
    person_mark_left_household(person=maria, left_on=timezone.localdate(), by=alice)
    changed()
    family.refresh_from_db()
    assert client.get(url).json()["version"] == family.version  # the family's own version is its own


def test_scored_assessments_carry_their_answers_and_a_safety_draft_is_not_listed(api_as, alice, family):
    from safety_networks import risk_services
    from safety_networks.models import RiskKind, RiskLevel
    from safety_networks.sdm.safety import safety_assessment_start
    from sop_casework.demo.risk import ANSWERS

    ChildFactory(family=family)
    safety_assessment_start(family=family, by=alice)  # a draft: no decision yet
    draft = risk_services.risk_draft_start(
        family=family, by=alice, instrument=risk_services.latest_instrument(RiskKind.ASSESSMENT)
    )
    answers = {**ANSWERS[RiskKind.ASSESSMENT][RiskLevel.HIGH], "P1": "no", "P2": "no", "P3": "no"}
    risk_services.risk_draft_save(draft=draft, by=alice, answers=answers)
    scored = risk_services.risk_draft_submit(draft=draft, by=alice)
    client = api_as(alice)
    url = f"{FAMILIES}{family.public_id}/"

    assert client.get(f"{url}safety-assessments/").json()["results"] == []
    risk = client.get(f"{url}risk-assessments/{scored.pk}/").json()
    assert risk["kind"] == "risk_assessment" and risk["answers"] == answers
    assert risk["index_scores"] == scored.index_scores and risk["level"] == "high"
