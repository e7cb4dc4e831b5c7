"""Two-step sign-in: optional for staff, required for program administrators."""

import base64
import io
import re
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, ProgramAdministratorFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})


def test_an_administrator_must_set_it_up_before_any_page(client, administrator):
    sign_in(client, administrator)
    for url in (reverse("accounts:staff"), reverse("audit:search"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP) or response["Location"].startswith(
            reverse("admin:login")
        )
    page = client.get(SETUP)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text and "Program administrators must use" in page.text


def qr_image(page) -> bytes:
    source = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page.text).group(1)
    return base64.b64decode(source)


def test_reloading_the_set_up_page_shows_the_same_qr_code_without_drawing_it_again(client, administrator):
    caches["this_process"].clear()
    sign_in(client, administrator)
    with mock.patch("accounts.two_factor.write_qrcode_image", wraps=write_qrcode_image) as draw:
        first = client.get(SETUP)
        second = client.get(SETUP)
    assert draw.call_count == 1
    # the picture is the QR code of this person's authenticator secret, on both pages
    expected = io.BytesIO()
    write_qrcode_image(TOTPDevice.objects.get(user=administrator).config_url, expected)
    assert qr_image(first) == qr_image(second) == expected.getvalue()
    assert qr_image(second).lstrip().startswith(b"<?xml") and b"<svg" in qr_image(second)


def test_another_person_gets_their_own_qr_code(client, administrator):
    caches["this_process"].clear()
    sign_in(client, administrator)
    first = qr_image(client.get(SETUP))
    client.post(reverse("logout"))
    other = ProgramAdministratorFactory(username="quinn")
    sign_in(client, other)
    assert qr_image(client.get(SETUP)) != first


def test_setting_up_with_the_apps_code_turns_it_on_and_opens_the_pages(client, administrator):
    sign_in(client, administrator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=administrator)
    response = client.post(SETUP, {"token": code_for(device), "next": reverse("accounts:staff")})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:staff")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:staff")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_SET_UP, actor=administrator).exists()


def test_a_wrong_code_at_set_up_is_refused_with_a_message(client, administrator):
    sign_in(client, administrator)
    client.get(SETUP)
    response = client.post(
        SETUP, {"token": "000000" if code_for(TOTPDevice.objects.get()) != "000000" else "111111"}
    )
    assert "That code does not match" in response.text
    assert not TOTPDevice.objects.get().confirmed


def test_a_caseworker_may_go_without_it(client, alice):
    sign_in(client, alice)
    assert client.get(reverse("families:my_caseload")).status_code == 200


def test_once_set_up_each_sign_in_asks_for_the_code(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    sign_in(client, alice)
    blocked = client.get(reverse("families:my_caseload"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(VERIFY)

    wrong = client.post(VERIFY, {"token": "12345x"})
    assert "Type the six digits" in wrong.text

    response = client.post(VERIFY, {"token": code_for(device), "next": reverse("families:my_caseload")})
    assert response.status_code == 302 and response["Location"] == reverse("families:my_caseload")
    assert client.get(reverse("families:my_caseload")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_VERIFIED).count() == 1


def test_a_wrong_code_is_recorded_and_refused(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    sign_in(client, alice)
    bad = "000000" if code_for(device) != "000000" else "999999"
    response = client.post(VERIFY, {"token": bad})
    assert "That code is not right" in response.text
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED, actor=alice).exists()
    assert client.get(reverse("families:my_caseload")).status_code == 302


def test_the_next_address_cannot_lead_off_site(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    sign_in(client, alice)
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_the_set_up_page_says_it_is_on_once_it_is(client_of, administrator):
    page = client_of(administrator).get(SETUP)
    assert "Two-step sign-in is on" in page.text
