import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gives_a_friendly_404_page(client_of, alice):
    response = client_of(alice).get("/no/such/page/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.text
    assert "Go to your start page" in response.text


def test_an_unknown_address_gives_anonymous_visitors_the_same_page_without_menus(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.text
    assert "Sign out" not in response.text


def test_the_health_endpoint_answers_without_sign_in_and_shows_no_data(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
