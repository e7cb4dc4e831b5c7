import pytest
from django.urls import reverse

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
