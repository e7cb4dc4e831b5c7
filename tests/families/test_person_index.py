"""One person, one history: the match check in the caregiver and child forms, prior
involvements on the overview without disclosure, access requests, unlinking."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from families import persons
from families.models import (
    AccessRequest,
    AccessStatus,
    Caregiver,
    Child,
    FamilyStatus,
    Person,
    PersonLinkAction,
    PersonLinkChange,
)
from families.person_services import NEW_PERSON
from families.persons import Probe, likely_matches, sound_key
from tests.factories import (
    CaregiverFactory,
    ChildFactory,
    ContactFactory,
    FamilyFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.django_db

BORN = date(1997, 3, 2)


@pytest.fixture
def dana(unit_b):
    """Charlie's supervisor (Eastside Unit)."""
    return SupervisorFactory(username="dana", first_name="Dana", last_name="Diaz", unit=unit_b)


@pytest.fixture
def hidden(charlie):
    """A closed family of another unit, three years ago, where Mariana was a caregiver."""
    family = FamilyFactory(
        assigned_caseworker=charlie,
        display_name="Hiddenfamily",
        address="12 Secret Lane",
        status=FamilyStatus.CLOSED,
        referral_date=date.today() - timedelta(days=3 * 365),
    )
    caregiver = CaregiverFactory(
        family=family, first_name="Mariana", last_name="Reyes-Soto", date_of_birth=BORN, phone="555-SECRET"
    )
    ContactFactory(family=family, narrative="NARRATIVE-NOT-FOR-ALICE", caregivers_present=[caregiver])
    return family


def add_url(family, kind="caregiver"):
    return reverse(f"families:{kind}_add", args=[family.public_id])


def caregiver_data(**overrides):
    data = {
        "first_name": "Mariana",
        "last_name": "Reyes",
        "preferred_name": "",
        "date_of_birth": BORN.isoformat(),
        "birth_year": "",
        "lives_in_home": "on",
        "phone": "(555) 010-4471",
        "email": "",
        "language": "Spanish",
    }
    return {**data, **overrides}


def offered(response) -> dict:
    form = response.context["form"]
    return {
        "offer": form.data["offer"],
        "choices": [c for c, _label in form.fields["same_person"].widget.choices],
    }


# The match check itself


@pytest.mark.parametrize(
    "probe",
    [
        Probe("MARIANA", "reyes soto", BORN),  # case
        Probe("Mariána", "Réyes-Sotó", BORN),  # accents
        Probe("Marianna", "Reyes Soto", BORN),  # a letter more
        Probe("Mariana", "Reyes-Soto", date(1997, 2, 3)),  # day and month swapped
        Probe("Mariana", "Reyes-Soto", None, 1997),  # the year alone
        Probe("Maryana", "Reyez-Sotto", BORN),  # spelled as heard
    ],
)
def test_likely_matches_forgive_case_accents_spelling_and_partial_dates(probe):
    person = CaregiverFactory(first_name="Mariana", last_name="Reyes-Soto", date_of_birth=BORN).person
    CaregiverFactory(first_name="Mariana", last_name="Reyes-Soto", date_of_birth=date(1980, 3, 2))
    assert [p.pk for p in likely_matches(probe)] == [person.pk]


def test_names_that_sound_alike_match_even_when_they_look_different():
    assert sound_key("González") == sound_key("Gonsales")
    person = CaregiverFactory(first_name="Jose", last_name="González", date_of_birth=BORN).person
    assert [p.pk for p in likely_matches(Probe("Josay", "Gonsales", BORN))] == [person.pk]


def test_the_exact_date_ranks_before_the_same_year():
    same_year = CaregiverFactory(first_name="Ana", last_name="Ruiz", date_of_birth=date(1997, 8, 9)).person
    exact = CaregiverFactory(first_name="Ana", last_name="Ruiz", date_of_birth=BORN).person
    found = likely_matches(Probe("Ana", "Ruiz", BORN))
    assert [p.pk for p in found] == [exact.pk, same_year.pk]
    assert [p.date_match for p in found] == ["same", "year"]


def test_the_match_check_answers_at_most_ten_people_in_one_query(django_assert_num_queries):
    for _ in range(15):
        CaregiverFactory(first_name="Ana", last_name="Ruiz", date_of_birth=BORN)
    with django_assert_num_queries(1):
        assert len(likely_matches(Probe("Ana", "Ruiz", BORN))) == persons.MATCHES_SHOWN == 10


# In the add/edit flow


def test_a_likely_match_is_offered_before_saving_and_everything_typed_is_kept(client_of, alice, family):
    other = FamilyFactory(assigned_caseworker=alice, display_name="Earlier")
    known = CaregiverFactory(family=other, first_name="Mariana", last_name="Reyes", date_of_birth=BORN)
    client = client_of(alice)

    response = client.post(add_url(family), caregiver_data(first_name="MARIÁNA"))

    assert response.status_code == 200
    assert not Caregiver.objects.filter(family=family).exists()
    assert "The agency may already know this person" in response.text
    assert 'value="MARIÁNA"' in response.text and 'value="(555) 010-4471"' in response.text
    assert other.case_number in response.text  # alice may open it: named, with its case
    offer = offered(response)
    assert offer["choices"] == [str(known.person.public_id), NEW_PERSON]

    response = client.post(
        add_url(family),
        caregiver_data(first_name="MARIÁNA", offer=offer["offer"], same_person=str(known.person.public_id)),
    )

    assert response.status_code == 302
    saved = Caregiver.objects.get(family=family)
    assert saved.person_id == known.person_id
    change = PersonLinkChange.objects.get(caregiver=saved)
    assert change.action == PersonLinkAction.LINKED and change.changed_by == alice


def test_a_different_person_is_confirmed_and_gets_a_person_of_their_own(client_of, alice, family):
    known = CaregiverFactory(first_name="Mariana", last_name="Reyes", date_of_birth=BORN)
    client = client_of(alice)
    offer = offered(client.post(add_url(family), caregiver_data()))

    client.post(add_url(family), caregiver_data(offer=offer["offer"], same_person=NEW_PERSON))

    saved = Caregiver.objects.get(family=family)
    assert saved.person_id not in (None, known.person_id)
    assert PersonLinkChange.objects.get(caregiver=saved).action == PersonLinkAction.NEW


def test_a_person_not_offered_cannot_be_linked_by_a_forged_answer(client_of, alice, family):
    CaregiverFactory(first_name="Mariana", last_name="Reyes", date_of_birth=BORN)
    elsewhere = CaregiverFactory(first_name="Zed", last_name="Other", date_of_birth=date(1980, 1, 1)).person
    client = client_of(alice)
    offer = offered(client.post(add_url(family), caregiver_data()))

    response = client.post(
        add_url(family), caregiver_data(offer=offer["offer"], same_person=str(elsewhere.public_id))
    )

    assert response.status_code == 200  # the offer is made again, nothing linked
    assert not Caregiver.objects.filter(family=family).exists()


def test_changing_the_name_after_the_offer_runs_the_check_again(client_of, alice, family):
    known = CaregiverFactory(first_name="Mariana", last_name="Reyes", date_of_birth=BORN)
    client = client_of(alice)
    offer = offered(client.post(add_url(family), caregiver_data()))
    response = client.post(
        add_url(family),
        caregiver_data(last_name="Reyez", offer=offer["offer"], same_person=str(known.person.public_id)),
    )
    assert response.status_code == 200 and not Caregiver.objects.filter(family=family).exists()


def test_without_a_date_or_year_of_birth_no_check_is_made(client_of, alice, family):
    CaregiverFactory(first_name="Mariana", last_name="Reyes", date_of_birth=BORN)
    response = client_of(alice).post(add_url(family), caregiver_data(date_of_birth=""))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(detail__startswith="person match check").exists()


def test_a_year_of_birth_alone_is_enough_and_is_kept_on_the_person(client_of, alice, family):
    known = CaregiverFactory(first_name="Mariana", last_name="Reyes", date_of_birth=BORN)
    client = client_of(alice)
    response = client.post(add_url(family), caregiver_data(date_of_birth="", birth_year="1997"))
    offer = offered(response)
    assert str(known.person.public_id) in offer["choices"]
    client.post(
        add_url(family),
        caregiver_data(date_of_birth="", birth_year="1997", offer=offer["offer"], same_person="new"),
    )
    assert Caregiver.objects.get(family=family).person.birth_year == 1997


def test_each_check_is_audited(client_of, alice, family):
    client_of(alice).post(add_url(family), caregiver_data())
    event = AuditEvent.objects.get(detail__startswith="person match check")
    assert event.action == AuditAction.SEARCH and event.actor == alice
    assert event.case_number == family.case_number


def test_the_checks_are_limited_per_user_with_a_clear_message(client_of, alice, family, monkeypatch):
    monkeypatch.setattr(persons, "MATCH_CHECKS_ALLOWED", 2)
    monkeypatch.setattr("families.views.MATCH_CHECKS_ALLOWED", 2)
    CaregiverFactory(first_name="Mariana", last_name="Reyes", date_of_birth=BORN)
    client = client_of(alice)
    for _ in range(2):
        assert "The agency may already know" in client.post(add_url(family), caregiver_data()).text

    response = client.post(add_url(family), caregiver_data())

    assert "2 times in 10 minutes" in response.text
    assert 'value="(555) 010-4471"' in response.text  # what was typed is kept
    assert not Caregiver.objects.filter(family=family).exists()
    assert AuditEvent.objects.filter(detail__contains="limit was reached").exists()


def test_an_outsider_cannot_learn_a_name_address_or_narrative_through_the_check(
    client_of, alice, family, hidden
):
    response = client_of(alice).post(add_url(family), caregiver_data())

    page = response.text
    assert "The agency may already know this person" in page
    assert hidden.case_number in page and "Eastside Unit" in page  # a prior involvement exists
    for secret in (
        "Reyes-Soto",
        "Hiddenfamily",
        "Secret Lane",
        "555-SECRET",
        "NARRATIVE-NOT-FOR-ALICE",
        "Charlie",
    ):
        assert secret not in page
    # and the hidden family stays closed to alice
    assert client_of(alice).get(reverse("families:overview", args=[hidden.public_id])).status_code == 404


def test_an_outsider_cannot_run_the_check_in_a_family_they_may_not_change(client_of, charlie, family, hidden):
    response = client_of(charlie).post(add_url(family), caregiver_data())
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(detail__startswith="person match check").exists()


# The overview: prior involvements, without disclosure


def _linked_in_both(family, hidden):
    """Mariana, known in the hidden family, is now a caregiver of alice's family too."""
    person = hidden.caregivers.get().person
    return CaregiverFactory(
        family=family, first_name="Mariana", last_name="Reyes", date_of_birth=BORN, person=person
    )


def test_the_overview_shows_a_prior_involvement_without_disclosing_it(client_of, alice, family, hidden):
    _linked_in_both(family, hidden)
    page = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert hidden.case_number in page and "a family you may not open" in page
    assert reverse("families:access_request_new", args=[family.public_id, hidden.public_id]) in page
    for secret in ("Reyes-Soto", "Hiddenfamily", "Secret Lane", "555-SECRET", "NARRATIVE-NOT-FOR-ALICE"):
        assert secret not in page


def test_prior_involvements_add_no_query_per_person(
    client_of, alice, family, charlie, django_assert_max_num_queries
):
    client = client_of(alice)
    url = reverse("families:overview", args=[family.public_id])

    def add_people(n):
        for _ in range(n):
            elsewhere = FamilyFactory(assigned_caseworker=charlie)
            mine = FamilyFactory(assigned_caseworker=alice)
            for model in (CaregiverFactory, ChildFactory):
                earlier = model(family=elsewhere)
                model(family=mine, person=earlier.person)
                model(family=family, person=earlier.person)

    add_people(1)
    with django_assert_max_num_queries(50) as one:
        client.get(url)
    add_people(20)
    # as with one person: session, user, unit, family row, audit, caregivers and children
    # (each with their prior families), those families (with whether alice may open them),
    # alice's pending requests, …
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).text
    assert page.count("a family you may not open") == 42


# Access requests


def test_access_is_requested_granted_read_only_and_expires(client_of, alice, family, hidden, dana, bob):
    _linked_in_both(family, hidden)
    request_url = reverse("families:access_request_new", args=[family.public_id, hidden.public_id])
    client = client_of(alice)
    assert client.get(request_url).status_code == 200
    client.post(request_url, {"reason": "Risk assessment: prior history of the mother."})
    access = AccessRequest.objects.get()
    assert access.status == AccessStatus.PENDING and access.requested_by == alice
    assert AuditEvent.objects.filter(record_type="families.AccessRequest", action=AuditAction.CREATE).exists()

    # alice's own supervisor does not supervise the hidden family: not theirs to decide
    decide_url = reverse("families:access_request_decide", args=[access.public_id])
    assert client_of(bob).get(decide_url).status_code == 404
    client = client_of(dana)
    assert "Risk assessment" in client.get(reverse("families:access_requests")).text
    client.post(
        decide_url,
        {
            "decision": "grant",
            "until": (date.today() + timedelta(days=7)).isoformat(),
            "reason": "Needed for SDM",
        },
    )
    access.refresh_from_db()
    assert access.status == AccessStatus.GRANTED and access.decided_by == dana
    assert AuditEvent.objects.filter(record_type="families.AccessRequest", action=AuditAction.UPDATE).exists()

    client = client_of(alice)
    overview = reverse("families:overview", args=[hidden.public_id])
    page = client.get(overview)
    assert page.status_code == 200 and "Hiddenfamily" in page.text
    assert reverse("families:edit", args=[hidden.public_id]) not in page.text
    reopen = reverse("families:change_status", args=[hidden.public_id, "reopen"])
    assert client.post(reopen, {"effective_on": date.today().isoformat()}).status_code == 403

    AccessRequest.objects.filter(pk=access.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(overview).status_code == 404


def test_access_is_granted_for_thirty_days_at_most_and_refused_with_a_reason(
    client_of, alice, family, hidden, dana
):
    _linked_in_both(family, hidden)
    client_of(alice).post(
        reverse("families:access_request_new", args=[family.public_id, hidden.public_id]), {"reason": "why"}
    )
    access = AccessRequest.objects.get()
    decide_url = reverse("families:access_request_decide", args=[access.public_id])
    client = client_of(dana)
    too_long = (date.today() + timedelta(days=31)).isoformat()
    response = client.post(decide_url, {"decision": "grant", "until": too_long, "reason": "ok"})
    assert "at most 30 days" in response.text
    client.post(decide_url, {"decision": "refuse", "reason": "Not needed for the assessment"})
    access.refresh_from_db()
    assert access.status == AccessStatus.REFUSED
    assert client_of(alice).get(reverse("families:overview", args=[hidden.public_id])).status_code == 404


def test_access_cannot_be_asked_for_a_family_that_shares_no_person(client_of, alice, family, charlie):
    unrelated = FamilyFactory(assigned_caseworker=charlie)
    url = reverse("families:access_request_new", args=[family.public_id, unrelated.public_id])
    assert client_of(alice).get(url).status_code == 404
    assert client_of(alice).post(url, {"reason": "curious"}).status_code == 404
    assert not AccessRequest.objects.exists()


def test_an_outsider_cannot_ask_access_through_a_family_not_theirs(client_of, charlie, family, hidden):
    _linked_in_both(family, hidden)
    url = reverse("families:access_request_new", args=[family.public_id, hidden.public_id])
    assert client_of(charlie).get(url).status_code == 404


# Unlinking


def test_a_supervisor_unlinks_people_wrongly_linked_with_the_reason(client_of, alice, bob, family, hidden):
    mine = _linked_in_both(family, hidden)
    url = reverse("families:person_unlink", args=[family.public_id, "caregiver", mine.pk])
    assert client_of(alice).post(url, {"reason": "not her"}).status_code == 403
    client = client_of(bob)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is needed

    client.post(url, {"reason": "Different mother: other birthplace"})

    mine.refresh_from_db()
    before = hidden.caregivers.get().person
    assert mine.person_id != before.pk
    change = PersonLinkChange.objects.get(caregiver=mine)
    assert change.action == PersonLinkAction.UNLINKED and change.from_person == before
    assert change.reason == "Different mother: other birthplace" and change.changed_by == bob
    assert AuditEvent.objects.filter(record_type="families.PersonLinkChange", actor=bob).exists()
    page = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert hidden.case_number not in page


def test_an_outsider_cannot_unlink(client_of, charlie, dana, family, hidden):
    mine = _linked_in_both(family, hidden)
    url = reverse("families:person_unlink", args=[family.public_id, "caregiver", mine.pk])
    assert client_of(dana).post(url, {"reason": "x"}).status_code == 404
    assert client_of(charlie).get(url).status_code == 404


def test_existing_children_get_a_person_when_edited_if_they_had_none(client_of, alice, family):
    child = ChildFactory(family=family, person=None, date_of_birth=None)
    response = client_of(alice).post(
        reverse("families:child_edit", args=[family.public_id, child.pk]),
        {
            "first_name": child.first_name,
            "last_name": child.last_name,
            "date_of_birth": "",
            "birth_year": "",
            "version": child.version,
        },
    )
    assert response.status_code == 302
    assert Child.objects.get(pk=child.pk).person_id is not None
    assert Person.objects.count() == 1
