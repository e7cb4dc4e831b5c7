import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_change")


def test_the_password_change_page_opens(client_of, alice):
    assert client_of(alice).get(URL).status_code == 200


def test_a_good_new_password_is_accepted(client_of, alice):
    new = "a-long-and-unusual-passphrase"
    response = client_of(alice).post(
        URL, {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    alice.refresh_from_db()
    assert alice.check_password(new)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short-pw", "at least 12 characters"),
        ("password1234", "too common"),
        ("alice.ames@agency", "too similar to the email address"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client_of, alice, new, message):
    alice.email = "alice.ames@agency.example"
    alice.save()
    response = client_of(alice).post(
        URL, {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.text
    alice.refresh_from_db()
    assert alice.check_password(TEST_PASSWORD)


def test_the_done_page_opens(client_of, alice):
    assert client_of(alice).get(reverse("accounts:password_change_done")).status_code == 200
