"""The audit trail: views, writes, sign-ins; append-only everywhere."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, CaregiverFactory

pytestmark = pytest.mark.django_db


def test_every_family_page_view_is_recorded_with_who_where_and_what(client_of, alice, family):
    client_of(alice).get(
        reverse("families:contacts", args=[family.public_id]),
        HTTP_USER_AGENT="Mozilla/5.0 (caseworker tablet)",
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.username, event.family_public_id, event.case_number) == (
        alice,
        "alice",
        family.public_id,
        family.case_number,
    )
    assert event.path == reverse("families:contacts", args=[family.public_id])
    assert (event.ip_address, event.user_agent) == ("10.1.2.3", "Mozilla/5.0 (caseworker tablet)")


def test_a_write_is_recorded_with_the_record(client_of, alice, family):
    caregiver = CaregiverFactory(family=family)
    client_of(alice).post(
        reverse("families:caregiver_left", args=[family.public_id, caregiver.pk]),
        {"left_household_on": "2026-01-05", "version": caregiver.version},
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert (event.record_type, event.record_id) == ("families.Caregiver", str(caregiver.pk))
    assert event.family_public_id == family.public_id


def test_sign_in_failed_sign_in_and_sign_out_are_recorded(client, alice):
    client.post(reverse("login"), {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    client.post(reverse("login"), {"username": "alice", "password": TEST_PASSWORD})
    client.post(reverse("logout"))
    events = list(AuditEvent.objects.order_by("id").values_list("action", "username", "ip_address"))
    assert events == [
        ("login_failed", "alice", "10.9.9.9"),
        ("login", "alice", "127.0.0.1"),
        ("logout", "alice", "127.0.0.1"),
    ]


def test_the_password_typed_is_never_recorded(client, alice):
    client.post(reverse("login"), {"username": "alice", "password": "my-secret-attempt"})
    event = AuditEvent.objects.get()
    assert "my-secret-attempt" not in " ".join(str(v) for v in event.__dict__.values())


def test_events_cannot_be_changed_or_deleted_through_the_model(client_of, alice, family):
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    event.username = "someone-else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET username = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_rewrite_the_trail_even_for_raw_sql(client_of, alice, family, sql):
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert set(AuditEvent.objects.values_list("username", flat=True)) == {"alice"}


def test_a_queryset_update_or_delete_is_refused_too(client_of, alice, family):
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().update(username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 2  # the sign-in and the view


def test_the_admin_offers_no_way_to_change_or_delete_an_event(client_of, administrator, alice, family):
    client_of(alice).get(reverse("families:overview", args=[family.public_id]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    client = client_of(administrator)
    page = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert (
        client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"username": "x"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(username="alice").exists()
