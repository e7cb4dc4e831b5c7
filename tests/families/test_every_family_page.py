"""Every page below a family, for the three people: the assigned caseworker and the unit's
supervisor open it, an outsider gets 404, and anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from families.models import FamilyStatus
from tests.factories import CaregiverFactory, ChildFactory, ContactFactory, FamilyFactory

pytestmark = pytest.mark.django_db

# (url name, extra args, status for alice, status for bob)
PAGES = [
    ("families:overview", [], 200, 200),
    ("families:edit", [], 200, 200),
    ("families:changes", [], 200, 200),
    ("families:change_status", ["close"], 200, 200),
    ("families:reassign", [], 403, 200),
    ("families:caregiver_add", [], 200, 200),
    ("families:caregiver_edit", ["caregiver"], 200, 200),
    ("families:caregiver_left", ["caregiver"], 200, 200),
    ("families:child_add", [], 200, 200),
    ("families:child_edit", ["child"], 200, 200),
    ("families:child_left", ["child"], 200, 200),
    ("families:contacts", [], 200, 200),
    ("families:contact_add", [], 200, 200),
    ("families:contact_edit", ["contact"], 200, 200),
]


@pytest.fixture
def records(family):
    caregiver = CaregiverFactory(family=family)
    child = ChildFactory(family=family)
    contact = ContactFactory(family=family, children_seen=[child], caregivers_present=[caregiver])
    return {"caregiver": caregiver.pk, "child": child.pk, "contact": contact.pk}


def url_for(name, family, extra, records):
    return reverse(name, args=[family.public_id, *[records.get(a, a) for a in extra]])


@pytest.mark.parametrize(("name", "extra", "for_alice", "for_bob"), PAGES)
def test_the_three_people(client, family, records, alice, bob, charlie, name, extra, for_alice, for_bob):
    url = url_for(name, family, extra, records)

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))

    client.force_login(alice)
    assert client.get(url).status_code == for_alice
    client.force_login(bob)
    assert client.get(url).status_code == for_bob
    client.force_login(charlie)
    assert client.get(url).status_code == 404


RECORD_PAGES = [(p[0], p[1]) for p in PAGES if p[1] and p[1][0] in ("caregiver", "child", "contact")]


@pytest.mark.parametrize(("name", "extra"), RECORD_PAGES)
def test_a_record_of_another_family_is_404_even_through_a_family_one_may_see(
    client_of, alice, family, name, extra
):
    # given records of a family alice cannot see, addressed through alice's own family
    other = FamilyFactory()
    records = {
        "caregiver": CaregiverFactory(family=other).pk,
        "child": ChildFactory(family=other).pk,
        "contact": ContactFactory(family=other).pk,
    }
    url = url_for(name, family, extra, records)
    assert client_of(alice).get(url).status_code == 404


def test_an_administrator_reads_every_family_but_does_not_keep_the_record(
    client_of, administrator, family, records
):
    client = client_of(administrator)
    assert client.get(reverse("families:overview", args=[family.public_id])).status_code == 200
    assert client.get(reverse("families:contacts", args=[family.public_id])).status_code == 200
    assert client.get(reverse("families:edit", args=[family.public_id])).status_code == 403
    assert client.get(reverse("families:reassign", args=[family.public_id])).status_code == 200


def test_a_closed_familys_edit_pages_send_back_to_the_overview_with_the_reason(client_of, alice):
    family = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    response = client_of(alice).get(reverse("families:caregiver_add", args=[family.public_id]), follow=True)
    assert response.redirect_chain[0][0] == reverse("families:overview", args=[family.public_id])
    assert "This family is closed, so its record is read-only" in response.text
