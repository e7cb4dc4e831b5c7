import pytest
from django.urls import reverse

from accounts.models import User
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
        ("aaaaaaaaaaaa", "the same character 4 or more times in a row"),
        ("lantern-4444-meadow", "the same character 4 or more times in a row"),
        ("lantern-abcd-meadow", "4 or more letters or numbers in order"),
        ("river-9876-lantern", "4 or more letters or numbers in order"),
        ("tigertigertiger", "repeats the same few characters over and over"),
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


def test_the_page_says_which_passwords_are_refused(client_of, alice):
    response = client_of(alice).get(URL)
    assert "can’t have 4 or more of the same character in a row" in response.text


# A program administrator creates staff accounts, and sets their passwords, in the admin.
ADD = reverse("admin:accounts_user_add")


def new_staff_member(password, unit):
    return {
        "username": "dora",
        "usable_password": "true",
        "password1": password,
        "password2": password,
        "first_name": "Dora",
        "last_name": "Diaz",
        "role": "caseworker",
        "unit": unit.pk,
    }


def test_an_administrator_creates_a_staff_member_with_a_good_password(client_of, administrator, unit_a):
    response = client_of(administrator).post(ADD, new_staff_member("a-long-and-unusual-passphrase", unit_a))
    assert response.status_code == 302
    dora = User.objects.get(username="dora")
    assert response["Location"] == reverse("admin:accounts_user_change", args=[dora.pk])
    assert dora.check_password("a-long-and-unusual-passphrase") and dora.unit == unit_a


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("aaaaaaaaaaaa", "the same character 4 or more times in a row"),
        ("spring-1234-harbor", "4 or more letters or numbers in order"),
    ],
)
def test_an_administrator_cannot_give_a_new_staff_member_a_weak_password(
    client_of, administrator, unit_a, new, message
):
    response = client_of(administrator).post(ADD, new_staff_member(new, unit_a))
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(username="dora").exists()


def test_an_administrator_cannot_set_a_weak_password_for_someone(client_of, administrator, alice):
    url = reverse("admin:auth_user_password_change", args=[alice.pk])
    response = client_of(administrator).post(
        url, {"usable_password": "true", "password1": "zzzzzzzzzzzzzz", "password2": "zzzzzzzzzzzzzz"}
    )
    assert response.status_code == 200
    assert "the same character 4 or more times in a row" in response.text
    alice.refresh_from_db()
    assert alice.check_password(TEST_PASSWORD)
