"""A family's referrals and allegations through the API: screening and findings, never the
reporter's identity (confidential by law, DOMAIN.md)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from families.models import FamilyStatus
from families.services import contact_save
from intake import services
from tests.api.test_schema import generated
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db

REPORTER = "Ms. Hannelore Whitfield-Ibarra"  # a name nothing else in a test family carries
PHONE = "555-0188"


@pytest.fixture
def referred(alice, bob):
    family = FamilyFactory(
        display_name="Okafor-Reyes",
        assigned_caseworker=alice,
        status=FamilyStatus.REFERRAL,
        referral_date=timezone.localdate() - timedelta(days=3),
    )
    sofia, daniel = ChildFactory(family=family, first_name="Sofía"), CaregiverFactory(family=family)
    referral = services.referral_record(
        family=family,
        by=alice,
        received_at=timezone.now() - timedelta(days=3),
        channel="phone",
        reporter_type="relative",
        reporter_mandated=False,
        reporter_name=REPORTER,
        reporter_contact=f"Mobile {PHONE}",
        what_was_reported="Sofía came to school with a bruise on her upper arm.",
        allegations=[{"child": sofia, "kind": "physical_abuse", "alleged_caregiver": daniel}],
    )
    services.referral_screen(
        referral=referral, by=bob, screening="screened_in", screened_on=timezone.localdate(),
        response_time="immediate",
    )  # fmt: skip
    contact_save(
        family=family, by=alice, occurred_at=timezone.now() - timedelta(days=2), kind="home_visit",
        children_seen=[sofia],
    )  # fmt: skip
    referral.refresh_from_db()
    allegation = referral.allegations.get()
    services.findings_record(
        referral=referral, by=bob, findings_on=timezone.localdate(), findings={allegation.pk: "substantiated"}
    )
    return family, referral, allegation


def test_a_familys_referrals_come_with_screening_and_findings_and_are_audited(api_as, alice, referred):
    family, referral, allegation = referred
    client = api_as(alice)

    rows = client.get(f"/api/v1/families/{family.public_id}/referrals/").json()["results"]

    assert [row["id"] for row in rows] == [referral.pk]
    row = rows[0]
    assert (row["screening"], row["response_time"], row["screened_by"]) == ("screened_in", "immediate", "bob")
    assert [(a["id"], a["kind"], a["finding"]) for a in row["allegations"]] == [
        (allegation.pk, "physical_abuse", "substantiated")
    ]
    alone = client.get(f"/api/v1/families/{family.public_id}/allegations/{allegation.pk}/")
    assert alone.json() == row["allegations"][0] and alone["ETag"] == f'"{alone.json()["version"]}"'
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, family_public_id=family.public_id).count() == 2


@pytest.mark.parametrize("who", ["alice", "bob", "administrator"])
def test_no_answer_names_the_reporter_even_to_those_who_may_see_them_on_the_page(
    request, api_as, referred, who
):
    """The page shows the reporter to the worker, the supervisor and administrators; the API,
    which feeds other systems, never."""
    family, referral, allegation = referred
    client = api_as(request.getfixturevalue(who))
    base = f"/api/v1/families/{family.public_id}"

    answers = [
        client.get(url)
        for url in (
            f"{base}/referrals/",
            f"{base}/referrals/{referral.pk}/",
            f"{base}/allegations/",
            f"{base}/allegations/{allegation.pk}/",
        )
    ]

    for answer in answers:
        assert answer.status_code == 200
        text = answer.content.decode()
        assert REPORTER not in text and PHONE not in text and "Whitfield" not in text
        assert "reporter" not in text  # no field about the reporter: not its type, not "mandated"
    detail = json.loads(answers[1].content)
    assert "relative" not in json.dumps(detail)  # the reporter's relationship to the child


def test_the_schema_has_no_field_for_the_reporters_identity():
    schema = generated().decode()
    assert "reporter" not in schema.lower()
    assert REPORTER not in schema and PHONE not in schema
