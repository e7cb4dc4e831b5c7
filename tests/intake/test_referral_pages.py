"""The intake pages, as the assigned caseworker (alice), the unit's supervisor (bob) and an
outsider (charlie) meet them: a referral with its allegations, screening, findings, the
family opening as a case."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from families.models import Family, FamilyStatus
from intake import services
from intake.models import Allegation, Referral, Reporter
from tests.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def _url(name, family, *args):
    return reverse(name, args=[family.public_id, *args])


def test_the_caseworker_records_a_referral_with_two_allegations_in_one_form(client_of, alice, referred):
    family = referred["family"]
    page = client_of(alice).get(_url("intake:referral_new", family))
    assert page.status_code == 200
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "received_at": when, "channel": "phone", "reporter_type": "school", "reporter_mandated": "on",
        "reporter_name": "Mr. Park", "reporter_contact": "555-0101",
        "what_was_reported": "A bruise.",
        "allegations-TOTAL_FORMS": "3", "allegations-INITIAL_FORMS": "0",
        "allegations-0-child": referred["sofia"].pk, "allegations-0-kind": "physical_abuse",
        "allegations-0-alleged_caregiver": referred["daniel"].pk,
        "allegations-1-child": referred["tomas"].pk, "allegations-1-kind": "general_neglect",
        "allegations-1-alleged_other": "A babysitter, Kim",
    }  # fmt: skip
    response = client_of(alice).post(_url("intake:referral_new", family), data)
    referral = Referral.objects.get(family=family)
    assert response.status_code == 302
    assert response.url == _url("intake:referral", family, referral.pk)
    assert [(a.child, a.kind, a.alleged_person) for a in referral.allegations.all()] == [
        (referred["sofia"], "physical_abuse", referred["daniel"].full_name),
        (referred["tomas"], "general_neglect", "A babysitter, Kim"),
    ]
    assert Reporter.objects.get(referral=referral).name == "Mr. Park"
    assert AuditEvent.objects.filter(record_type="intake.Referral", action="create").count() == 1


def test_a_refused_referral_keeps_what_was_typed_and_says_why_beside_the_field(client_of, alice, referred):
    family = referred["family"]
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "received_at": future, "channel": "phone", "reporter_type": "relative",
        "reporter_name": "", "what_was_reported": "Left alone at night.",
        "allegations-TOTAL_FORMS": "3", "allegations-INITIAL_FORMS": "0",
        "allegations-0-child": referred["sofia"].pk, "allegations-0-kind": "general_neglect",
        "allegations-0-alleged_other": "Uncle Ray",
        "allegations-1-kind": "physical_abuse",  # begun without a child
    }  # fmt: skip
    page = client_of(alice).post(_url("intake:referral_new", family), data)
    assert page.status_code == 200
    assert "Choose the child." in page.text
    assert "received_at" in page.context["form"].errors  # both forms' errors at once
    assert "Left alone at night." in page.text and "Uncle Ray" in page.text
    data["allegations-1-kind"] = ""
    page = client_of(alice).post(_url("intake:referral_new", family), data)
    assert "received_at" in page.context["form"].errors  # the date, beside its field
    data["received_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page = client_of(alice).post(_url("intake:referral_new", family), data)
    assert page.context["form"].errors["reporter_name"] == [
        "Give the reporter's name, or choose “Anonymous” as the reporter."
    ]
    assert not Referral.objects.exists()


def test_an_anonymous_referral_keeps_no_identity(client_of, alice, referred):
    family = referred["family"]
    data = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "channel": "online",
        "reporter_type": "anonymous", "reporter_name": "Someone typed", "what_was_reported": "Shouting.",
        "allegations-TOTAL_FORMS": "0", "allegations-INITIAL_FORMS": "0",
    }  # fmt: skip
    assert client_of(alice).post(_url("intake:referral_new", family), data).status_code == 302
    assert not Reporter.objects.exists()


def test_a_referral_about_a_new_family_opens_it(client_of, alice):
    data = {
        "family-display_name": "Nguyen", "family-primary_language": "Vietnamese",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "channel": "walk_in",
        "reporter_type": "neighbour", "reporter_name": "A neighbour", "what_was_reported": "Crying.",
    }  # fmt: skip
    response = client_of(alice).post(reverse("intake:referral_new_family"), data)
    family = Family.objects.get(display_name="Nguyen")
    assert response.url == reverse("families:overview", args=[family.public_id])
    assert family.status == FamilyStatus.REFERRAL and family.assigned_caseworker == alice
    assert family.referral_date == timezone.localdate()
    assert Referral.objects.get(family=family).channel == "walk_in"


def test_the_supervisor_screens_in_and_the_first_contact_deadline_follows(client_of, bob, referral):
    family = referral.family
    assert family.response_priority == "ten_day"
    page = client_of(bob).get(_url("intake:screen", family, referral.pk))
    assert page.status_code == 200
    response = client_of(bob).post(
        _url("intake:screen", family, referral.pk),
        {"screening": "screened_in", "response_time": "immediate",
         "screened_on": timezone.localdate().isoformat(), "version": referral.version},
    )  # fmt: skip
    assert response.status_code == 302
    referral.refresh_from_db()
    family.refresh_from_db()
    assert referral.is_screened_in and referral.screened_by == bob
    assert family.response_priority == "immediate"
    assert family.first_contact_due == family.referral_date + timedelta(days=1)


def test_the_caseworker_does_not_screen(client_of, alice, referral):
    assert client_of(alice).get(_url("intake:screen", referral.family, referral.pk)).status_code == 403


def test_screening_before_the_referral_was_received_is_refused_beside_the_date(client_of, bob, referral):
    family = referral.family
    page = client_of(bob).post(
        _url("intake:screen", family, referral.pk),
        {"screening": "screened_out", "screen_out_reason": "No allegation of harm.",
         "screened_on": (timezone.localdate() - timedelta(days=10)).isoformat(), "version": referral.version},
    )  # fmt: skip
    assert page.status_code == 200
    assert "before it was received" in page.context["form"].errors["screened_on"][0]
    assert "No allegation of harm." in page.text


def test_screening_out_needs_the_reason_and_whom_the_family_is_referred_to(client_of, bob, referral):
    page = client_of(bob).post(
        _url("intake:screen", referral.family, referral.pk),
        {"screening": "screened_out", "community_services": "on",
         "screened_on": timezone.localdate().isoformat(), "version": referral.version},
    )  # fmt: skip
    errors = page.context["form"].errors
    assert errors["screen_out_reason"] == ["Say why the referral is screened out."]
    assert errors["community_services_to"] == ["Say which community service the family is referred to."]


def _screen(referral, bob, decision="screened_in", **extra):
    fields = {"response_time": "ten_day"} if decision == "screened_in" else {"screen_out_reason": "No harm"}
    return services.referral_screen(
        referral=referral, by=bob, screening=decision, screened_on=timezone.localdate() - timedelta(days=2),
        **(fields | extra),
    )  # fmt: skip


def test_no_finding_for_a_referral_screened_out(client_of, alice, bob, referral):
    _screen(referral, bob, "screened_out")
    referral.refresh_from_db()
    family = referral.family
    Family.objects.filter(pk=family.pk).update(first_contact_at=timezone.now() - timedelta(days=1))
    allegations = list(referral.allegations.all())
    data = {f"finding_{a.pk}": "substantiated" for a in allegations} | {
        "findings_on": timezone.localdate().isoformat(), "outcome": "later", "version": referral.version,
    }  # fmt: skip
    page = client_of(alice).post(_url("intake:findings", family, referral.pk), data)
    assert page.status_code == 200
    assert "screened out: no finding can be recorded" in page.text
    assert not Allegation.objects.exclude(finding="").exists()


def test_a_family_screened_out_does_not_open_as_a_case_until_screened_in(client_of, bob, referral):
    _screen(referral, bob, "screened_out")
    family = Family.objects.get(pk=referral.family.pk)
    url = _url("families:change_status", family, "open")
    data = {"effective_on": timezone.localdate().isoformat(), "version": family.version}
    page = client_of(bob).post(url, data)
    assert page.status_code == 200
    assert "must be screened in before the family can open" in page.text
    assert Family.objects.get(pk=family.pk).status == FamilyStatus.REFERRAL
    referral.refresh_from_db()
    _screen(referral, bob, "screened_in")
    family.refresh_from_db()
    data["version"] = family.version
    assert client_of(bob).post(url, data).status_code == 302
    assert Family.objects.get(pk=family.pk).status == FamilyStatus.OPEN


def test_findings_close_the_investigation_and_the_family_opens_beside_the_risk_level(
    client_of, alice, bob, referral
):
    from safety_networks.models import RiskAssessment

    _screen(referral, bob)
    referral.refresh_from_db()
    family = referral.family
    Family.objects.filter(pk=family.pk).update(first_contact_at=timezone.now() - timedelta(days=1))
    RiskAssessment.objects.create(family=family, recorded_by=alice, scored_level="high")
    url = _url("intake:findings", family, referral.pk)
    page = client_of(alice).get(url)
    assert "High" in page.text and "Risk level in force" in page.text
    sofia_allegation, tomas_allegation = referral.allegations.all()
    data = {
        f"finding_{sofia_allegation.pk}": "substantiated", f"finding_{tomas_allegation.pk}": "inconclusive",
        "findings_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "outcome": "open", "version": referral.version,
    }  # fmt: skip
    page = client_of(alice).post(url, data)
    assert "before the first contact" in page.context["form"].errors["findings_on"][0]
    data["findings_on"] = timezone.localdate().isoformat()
    assert client_of(alice).post(url, data).status_code == 302
    sofia_allegation.refresh_from_db()
    assert (sofia_allegation.finding, sofia_allegation.found_by) == ("substantiated", alice)
    assert Family.objects.get(pk=family.pk).status == FamilyStatus.OPEN


def test_every_allegation_needs_its_finding(client_of, alice, bob, referral):
    _screen(referral, bob)
    referral.refresh_from_db()
    Family.objects.filter(pk=referral.family.pk).update(first_contact_at=timezone.now() - timedelta(days=1))
    first = referral.allegations.first()
    data = {f"finding_{first.pk}": "unfounded", "findings_on": timezone.localdate().isoformat(),
            "outcome": "later", "version": referral.version}  # fmt: skip
    page = client_of(alice).post(_url("intake:findings", referral.family, referral.pk), data)
    assert page.status_code == 200
    assert "Record a finding for every allegation." in page.text


def test_an_allegation_is_added_one_by_one(client_of, alice, referred, referral):
    family = referred["family"]
    url = _url("intake:allegation_add", family, referral.pk)
    assert client_of(alice).get(url).status_code == 200
    response = client_of(alice).post(
        url,
        {"child": referred["sofia"].pk, "kind": "emotional_abuse", "alleged_caregiver": referred["maria"].pk},
    )
    assert response.status_code == 302
    assert referral.allegations.count() == 3


def test_an_allegation_names_a_child_of_this_family_only(client_of, alice, referral):
    stranger = ChildFactory(family=FamilyFactory(assigned_caseworker=alice))
    page = client_of(alice).post(
        _url("intake:allegation_add", referral.family, referral.pk),
        {"child": stranger.pk, "kind": "emotional_abuse", "alleged_other": "X"},
    )
    assert page.status_code == 200 and "child" in page.context["form"].errors


@pytest.mark.parametrize(
    "name",
    ["intake:referral", "intake:referral_new", "intake:allegation_add", "intake:screen", "intake:findings"],
)
def test_an_outsider_gets_not_found(client_of, charlie, referral, name):
    family = referral.family
    args = [] if name == "intake:referral_new" else [referral.pk]
    assert client_of(charlie).get(_url(name, family, *args)).status_code == 404


def test_a_referral_of_another_family_is_not_found_under_this_one(client_of, alice, referral):
    other = FamilyFactory(assigned_caseworker=alice)
    assert client_of(alice).get(_url("intake:referral", other, referral.pk)).status_code == 404


def test_the_supervisors_screening_list_shows_the_units_waiting_referrals_in_flat_queries(
    client_of, bob, charlie, alice, referred, django_assert_max_num_queries
):
    for n in range(8):
        family = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.REFERRAL)
        child = ChildFactory(family=family)
        services.referral_record(
            family=family, by=alice, received_at=timezone.now() - timedelta(hours=n), channel="phone",
            reporter_type="anonymous", what_was_reported="x",
            allegations=[{"child": child, "kind": "general_neglect", "alleged_other": "Someone"}],
        )  # fmt: skip
    elsewhere = FamilyFactory(assigned_caseworker=charlie, display_name="Elsewhere-Family")
    services.referral_record(
        family=elsewhere, by=charlie, received_at=timezone.now(), channel="phone",
        reporter_type="anonymous", what_was_reported="x",
    )  # fmt: skip
    client = client_of(bob)
    # session, user, unit (navigation), the referrals with family, caseworker and count; savepoints
    with django_assert_max_num_queries(8):
        page = client.get(reverse("supervision:screening"))
    assert page.status_code == 200
    assert len(page.context["referrals"]) == 8
    assert "Elsewhere-Family" not in page.text
    assert client_of(alice).get(reverse("supervision:screening")).status_code == 403


def test_the_overview_panel_lists_the_referrals_in_flat_queries(
    client_of, alice, referred, django_assert_max_num_queries
):
    family = referred["family"]
    url = reverse("families:overview", args=[family.public_id])
    client = client_of(alice)
    client.get(url)

    def add_referral():
        services.referral_record(
            family=family, by=alice, received_at=timezone.now(), channel="phone", reporter_type="anonymous",
            what_was_reported="x",
            allegations=[{"child": referred["sofia"], "kind": "general_neglect", "alleged_other": "Y"}],
        )  # fmt: skip

    add_referral()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(6):
        add_referral()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.text.count("General neglect") == 7
