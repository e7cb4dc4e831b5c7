import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_opens_without_an_account(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'for="id_username"' in response.text and 'for="id_password"' in response.text


@pytest.mark.parametrize(
    ("person", "landing"),
    [
        ("alice", "families:my_caseload"),
        ("bob", "supervision:unit_review"),
        # administrators must first set up two-step sign-in (tests/accounts/test_two_factor.py)
        ("administrator", "accounts:two_factor_setup"),
    ],
)
def test_each_role_lands_on_the_page_it_works_from(client, request, person, landing):
    user = request.getfixturevalue(person)
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].split("?")[0] == reverse(landing)
    assert response.status_code == 200


def test_a_wrong_password_says_so_clearly_and_reveals_nothing_else(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong password"})
    assert response.status_code == 200
    assert "That user name and password do not match" in response.text
    # The message is the same for an unknown user: it does not tell which part was wrong.
    unknown = client.post(reverse("login"), {"username": "nobody", "password": "wrong password"})
    assert "That user name and password do not match" in unknown.text
    # and the typed user name is kept
    assert 'value="alice"' in response.text


def test_every_page_needs_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_signing_out_ends_the_session(client_of, alice):
    client = client_of(alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("families:my_caseload")).status_code == 302


def test_the_navigation_offers_what_the_role_uses(client_of, alice, bob, administrator):
    assert "My caseload" in client_of(alice).get(reverse("families:my_caseload")).text
    unit_page = client_of(bob).get(reverse("supervision:unit_review")).text
    assert "Unit review" in unit_page and "My caseload" not in unit_page
    staff_page = client_of(administrator).get(reverse("accounts:staff")).text
    assert "Staff" in staff_page and "Audit" in staff_page and "Administration" in staff_page


def test_pages_have_landmarks_and_a_skip_link(client_of, alice):
    page = client_of(alice).get(reverse("families:my_caseload")).text
    assert 'href="#main"' in page and '<main id="main"' in page and 'aria-label="Main"' in page
