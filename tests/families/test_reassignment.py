import pytest
from django.urls import reverse

from families.models import Assignment, Family
from families.services import family_open
from tests.factories import CaseworkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(unit_a):
    return CaseworkerFactory(username="dana", first_name="Dana", last_name="Diaz", unit=unit_a)


@pytest.fixture
def opened(alice, bob):
    return family_open(by=bob, assigned_caseworker=alice, display_name="Okafor-Reyes")


def reassign(client, family, worker, reason="Alice is on leave."):
    family.refresh_from_db()  # the page is opened now, with the family's current version
    return client.post(
        reverse("families:reassign", args=[family.public_id]),
        {"caseworker": worker.pk, "reason": reason, "version": family.version},
    )


def test_a_supervisor_reassigns_within_the_unit_and_the_history_is_kept(client_of, bob, alice, dana, opened):
    response = reassign(client_of(bob), opened, dana)

    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.assigned_caseworker == dana
    history = list(Assignment.objects.filter(family=opened).order_by("started_at"))
    assert [a.caseworker for a in history] == [alice, dana]
    assert history[0].ended_at is not None and history[1].ended_at is None
    assert history[1].reason == "Alice is on leave." and history[1].assigned_by == bob


def test_the_new_worker_sees_the_family_at_once_and_the_old_one_no_longer(
    client, client_of, bob, alice, dana, opened
):
    reassign(client_of(bob), opened, dana)
    overview = reverse("families:overview", args=[opened.public_id])
    client.force_login(dana)
    assert client.get(overview).status_code == 200
    assert list(Family.objects.visible_to(dana)) == [opened]
    client.force_login(alice)
    assert client.get(overview).status_code == 404


def test_reassignment_needs_a_reason(client_of, bob, dana, opened):
    response = reassign(client_of(bob), opened, dana, reason="")
    assert response.status_code == 200 and "This field is required" in response.text


def test_a_caseworker_of_another_unit_cannot_be_chosen(client_of, bob, charlie, opened):
    response = reassign(client_of(bob), opened, charlie)
    assert "Select a valid choice" in response.text
    opened.refresh_from_db()
    assert opened.assigned_caseworker.username == "alice"


def test_a_caseworker_cannot_reassign(client_of, alice, dana, opened):
    assert reassign(client_of(alice), opened, dana).status_code == 403


def test_the_reassign_page_lists_the_history(client_of, bob, dana, opened):
    reassign(client_of(bob), opened, dana)
    page = client_of(bob).get(reverse("families:reassign", args=[opened.public_id])).text
    assert "Referral assigned at intake." in page and "Alice is on leave." in page
