import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_program_administrator_uses_the_admin(client_of, administrator):
    assert client_of(administrator).get(reverse("admin:index")).status_code == 200
    assert client_of(administrator).get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client_of(administrator).get(reverse("admin:accounts_unit_changelist")).status_code == 200


@pytest.mark.parametrize("person", ["alice", "bob"])
def test_caseworkers_and_supervisors_are_kept_out_of_the_admin(client_of, request, person):
    user = request.getfixturevalue(person)
    user.is_staff = True  # even if someone ticked "staff status" by mistake
    user.save()
    response = client_of(user).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_audit_trail_is_read_only_in_the_admin(client_of, administrator):
    client = client_of(administrator)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403


def test_instruments_are_read_and_everyday_actions_edited_in_the_admin(client_of, administrator):
    from protective_factors.models import EverydayAction, Instrument

    client = client_of(administrator)
    instrument = Instrument.objects.get()
    assert (
        client.get(reverse("admin:protective_factors_instrument_change", args=[instrument.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:protective_factors_instrument_add")).status_code == 403
    action = EverydayAction.objects.first()
    response = client.post(
        reverse("admin:protective_factors_everydayaction_change", args=[action.pk]),
        {"factor": action.factor_id, "text": "Take a walk together after dinner.", "position": 0},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.text == "Take a walk together after dinner."
    assert client.get(reverse("admin:safety_networks_safetythreat_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("language", "reads"),
    [("en", "This unit already has a supervisor."), ("es", "Esta unidad ya tiene un supervisor(a).")],
)
def test_a_second_supervisor_is_refused_in_the_administrator_s_language(
    client_of, administrator, bob, unit_a, language, reads
):
    """Adding a second supervisor to a unit is refused with the reason in the language the
    program administrator reads (issue 17)."""
    administrator.language = language
    administrator.save(update_fields=["language"])
    response = client_of(administrator).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "dora",
            "usable_password": "true",
            "password1": "a-long-unrelated-passphrase-41",
            "password2": "a-long-unrelated-passphrase-41",
            "first_name": "Dora",
            "last_name": "Diaz",
            "role": "supervisor",
            "unit": unit_a.pk,
        },
    )
    assert response.status_code == 200
    assert escape(reads) in response.text


def test_a_new_caseworker_without_a_unit_is_refused_beside_the_unit_not_a_server_error(
    client_of, administrator
):
    response = client_of(administrator).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "dora",
            "usable_password": "true",
            "password1": "a-long-unrelated-passphrase-41",
            "password2": "a-long-unrelated-passphrase-41",
            "first_name": "Dora",
            "last_name": "Diaz",
            "role": "caseworker",
            "unit": "",
        },
    )
    assert response.status_code == 200
    assert "Caseworkers and supervisors must belong to a unit." in response.text
    assert 'value="Dora"' in response.text  # what was typed is kept
    assert not User.objects.filter(username="dora").exists()
