"""A referral's changes on the family's Changes page, field by field like the family's own
records: the referral recorded, screened and closed with findings, each allegation's finding.
The reporter's identity never appears there, whoever reads it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import AccessRequest, AccessStatus, Family
from intake import services
from intake.models import Reporter
from tests.factories import CaseworkerFactory, FamilyFactory

from .conftest import REPORTER

pytestmark = pytest.mark.django_db

CONTACT = "Lincoln Elementary, 555-0100"  # the reporter's contact (tests/intake/conftest.py)
CORRECTED = "Ms. Hannelore Whitfield"


@pytest.fixture
def investigated(referral, alice, bob):
    """The referral screened in (within 10 days), first contact made, findings recorded."""
    today = timezone.localdate()
    services.referral_screen(
        referral=referral,
        by=bob,
        screening="screened_in",
        screened_on=today - timedelta(days=2),
        response_time="ten_day",
    )
    family = referral.family
    Family.objects.filter(pk=family.pk).update(
        first_contact_at=timezone.now() - timedelta(days=1), first_contact_kind="home_visit"
    )
    family.refresh_from_db()
    referral.refresh_from_db()
    sofia, tomas = (a.pk for a in referral.allegations.order_by("id"))
    services.findings_record(
        referral=referral,
        by=alice,
        findings_on=today,
        findings={sofia: "substantiated", tomas: "unfounded"},
        expected_version=referral.version,
    )
    return referral


@pytest.fixture
def dana(bob, referral):
    """A caseworker of another unit granted read access to the family (she may open it, but
    may not see the reporter)."""
    dana = CaseworkerFactory(username="dana", first_name="Dana")
    AccessRequest.objects.create(
        family=referral.family,
        from_family=FamilyFactory(assigned_caseworker=dana),
        requested_by=dana,
        reason="The mother is known in my family.",
        status=AccessStatus.GRANTED,
        decided_by=bob,
        decided_at=timezone.now(),
        decision_reason="Granted for the investigation.",
        expires_at=timezone.now() + timedelta(days=7),
    )
    return dana


def changes_page(client, family) -> str:
    response = client.get(reverse("families:changes", args=[family.public_id]))
    assert response.status_code == 200
    return response.text


def test_the_referral_its_screening_and_findings_show_field_by_field(client_of, alice, investigated):
    page = changes_page(client_of(alice), investigated.family)

    assert "Referral of " in page and ": added" in page
    assert "Screening decision" in page and "<ins>Screened in</ins>" in page
    assert "Response time" in page and "<ins>Within 10 days</ins>" in page
    assert "Findings date" in page
    assert "Allegation: Physical abuse, Sofía" in page
    assert "<del>—</del>" in page and "<ins>Substantiated</ins>" in page
    assert "<ins>Unfounded</ins>" in page


@pytest.mark.parametrize("who", ["alice", "bob", "administrator", "dana"])
def test_the_reporters_identity_never_shows_there(request, client_of, investigated, who):
    reporter = Reporter.objects.get(referral=investigated)  # corrected: a change in its history
    reporter.name, reporter.contact = CORRECTED, "Lincoln Elementary, front office"
    reporter.save()

    page = changes_page(client_of(request.getfixturevalue(who)), investigated.family)

    assert "Screened in" in page  # the referral's changes are there …
    for identity in (REPORTER, CONTACT, CORRECTED, "front office"):  # … its reporter's identity is not
        assert identity not in page


def test_an_outsider_gets_404(client_of, charlie, investigated):
    url = reverse("families:changes", args=[investigated.family.public_id])
    assert client_of(charlie).get(url).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries_however_many_referrals(
    client_of, alice, bob, referred, django_assert_max_num_queries
):
    family = referred["family"]
    for days in range(12):
        referral = services.referral_record(
            family=family,
            by=alice,
            received_at=timezone.now() - timedelta(days=3, hours=days),
            channel="phone",
            reporter_type="anonymous",
            what_was_reported="Worried about the children.",
            allegations=[
                {
                    "child": referred["sofia"],
                    "kind": "general_neglect",
                    "alleged_caregiver": referred["maria"],
                },
                {
                    "child": referred["tomas"],
                    "kind": "general_neglect",
                    "alleged_caregiver": referred["maria"],
                },
            ],
        )
        services.referral_screen(
            referral=referral,
            by=bob,
            screening="screened_out",
            screened_on=timezone.localdate() - timedelta(days=2),
            screen_out_reason="No allegation of abuse or neglect.",
        )
    client = client_of(alice)
    # session, user, unit, family, 38 history tables (5 of families, intake's referrals and
    # allegations, and the 31 of the records of the case the apps above register), users,
    # caregivers, children, audit insert, session renewal (UPDATE in a savepoint: 3)
    with django_assert_max_num_queries(50):
        page = changes_page(client, family)
    assert page.count("<ins>Screened out</ins>") == 12
