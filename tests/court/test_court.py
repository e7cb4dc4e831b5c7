"""Hearings, orders and the court report: entered, versioned, approved by the unit's
supervisor, final and then immutable, never deleted; every page keeps the access rule."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from court import services
from court.models import CourtReport, Hearing, OrderKind, ReportStatus
from court.selectors import address_kept_from_parents, orders_in_force
from notifications.models import Kind, Notification
from supervision.selectors import approvals_waiting
from tests.court.helpers import hearing, ready_report, with_map
from tests.factories import ChildFactory, SupervisorFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sofia(family, alice):
    return with_map(family, alice)


# --- Hearings and orders ------------------------------------------------------------------


def test_a_hearing_outcome_is_refused_before_the_hearing_was_held(family, alice, sofia):
    with pytest.raises(ValidationError, match="has not been held yet"):
        hearing(family, alice, days_ahead=5, outcome="Reunification services ordered")
    assert not Hearing.objects.exists()
    held = hearing(family, alice, days_ahead=0, outcome="Reunification services ordered")
    assert held.outcome == "Reunification services ordered"


def test_a_hearing_needs_its_children_and_they_must_be_of_the_family(family, alice, sofia):
    with pytest.raises(ValidationError, match="Choose the children"):
        hearing(family, alice, children=[])
    stranger = ChildFactory()
    with pytest.raises(ValidationError, match="children of this family"):
        hearing(family, alice, children=[stranger])


def test_other_hearing_says_what_kind(family, alice, sofia):
    with pytest.raises(ValidationError, match="what kind of hearing"):
        hearing(family, alice, kind="other")


def test_orders_are_made_at_a_hearing_held_and_other_apps_read_their_kind(family, alice, sofia):
    coming = hearing(family, alice, days_ahead=3)
    with pytest.raises(ValidationError, match="has not been held yet"):
        services.court_order_add(
            hearing=coming, by=alice, kind=OrderKind.NO_CONTACT, text="No contact with Daniel"
        )
    held = hearing(family, alice, days_ahead=-1)
    services.court_order_add(hearing=held, by=alice, kind=OrderKind.NO_CONTACT, text="No contact with Daniel")
    order = services.court_order_add(
        hearing=held, by=alice, kind=OrderKind.ADDRESS_KEPT_FROM_PARENTS, text="The resource family's address"
    )
    assert address_kept_from_parents(family)
    assert orders_in_force(family, kind=OrderKind.NO_CONTACT).count() == 1
    services.court_order_end(order=order, by=alice, ended_on=date.today())
    assert not address_kept_from_parents(family)
    assert order.history.count() == 2  # kept, with its history


def test_an_order_is_about_children_of_its_family_only(client_of, family, alice, sofia):
    held = hearing(family, alice, days_ahead=-1)
    stranger = ChildFactory(first_name="Noor")  # a child of another family
    with pytest.raises(ValidationError, match="Choose children of this family"):
        services.court_order_add(
            hearing=held, by=alice, kind=OrderKind.ADDRESS_KEPT_FROM_PARENTS, text="Kept", children=[stranger]
        )
    page = client_of(alice).post(
        reverse("court:order_add", args=[family.public_id, held.pk]),
        {"kind": "address_kept_from_parents", "text": "Kept", "children": [stranger.pk]},
    )
    assert page.status_code == 200 and "children" in page.context["form"].errors  # said beside the field
    assert "Kept" in page.text  # nothing typed is lost
    assert not held.orders.exists()


def test_a_withdrawn_hearing_stays_and_can_no_longer_change(family, alice, sofia):
    h = hearing(family, alice)
    services.hearing_withdraw(hearing=h, by=alice, reason="Entered twice")
    assert Hearing.objects.filter(pk=h.pk, withdrawn_at__isnull=False).exists()
    with pytest.raises(ValidationError, match="withdrawn"):
        services.hearing_save(
            family=family, by=alice, hearing=h, kind="permanency", hearing_on=h.hearing_on, children=[sofia]
        )


# --- The court report ----------------------------------------------------------------------


def test_a_report_is_submitted_approved_by_the_units_supervisor_and_then_final(family, alice, bob, sofia):
    report = ready_report(hearing(family, alice), alice)
    services.court_report_submit(report=report, by=alice)
    assert Notification.objects.get(recipient=bob).kind == Kind.COURT_REPORT_SUBMITTED
    assert [w.kind for w in approvals_waiting(bob)] == ["court_report"]
    other_supervisor = SupervisorFactory(unit=UnitFactory(name="Elsewhere"))
    for outsider in (alice, other_supervisor):
        with pytest.raises(PermissionDenied):
            services.court_report_decide(report=report, by=outsider, approve=True, comment="")
    services.court_report_decide(report=report, by=bob, approve=True, comment="")
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL and report.decided_by == bob
    assert report.final_document is not None and report.final_document.kind == "court_report"
    assert Notification.objects.get(recipient=alice, kind=Kind.COURT_REPORT_APPROVED)
    assert approvals_waiting(bob) == []


def test_a_returned_report_needs_a_comment_and_comes_back_changeable(family, alice, bob, sofia):
    report = ready_report(hearing(family, alice), alice)
    services.court_report_submit(report=report, by=alice)
    with pytest.raises(ValidationError, match="Say what needs to change"):
        services.court_report_decide(report=report, by=bob, approve=False, comment="")
    services.court_report_decide(
        report=report, by=bob, approve=False, comment="Say what changed in behaviour."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.can_change
    assert Notification.objects.get(recipient=alice).kind == Kind.COURT_REPORT_RETURNED


def test_submitting_needs_the_summary_and_the_recommendation(family, alice, sofia):
    report = services.court_report_start(hearing=hearing(family, alice), by=alice)
    with pytest.raises(ValidationError) as refused:
        services.court_report_submit(report=report, by=alice)
    assert "Write the summary for the court." in refused.value.messages
    assert "Write the recommendation." in refused.value.messages


def test_a_final_report_is_immutable_and_a_new_draft_supersedes_it(family, alice, bob, sofia):
    h = hearing(family, alice)
    report = ready_report(h, alice)
    services.court_report_submit(report=report, by=alice)
    services.court_report_decide(report=report, by=bob, approve=True, comment="")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.court_report_update(report=report, by=alice, summary="Rewritten after the fact")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.court_report_submit(report=report, by=alice)
    report.refresh_from_db()
    assert report.summary == "Sofia has been in care since March."
    second = services.court_report_start(hearing=h, by=alice)
    assert second.number == 2 and second.summary == report.summary  # carried into the new draft
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL  # final until the new one is approved
    services.court_report_update(report=second, by=alice, summary="Updated for the court.")
    services.court_report_submit(report=second, by=alice)
    services.court_report_decide(report=second, by=bob, approve=True, comment="")
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.SUPERSEDED and report.summary == "Sofia has been in care since March."
    )
    assert CourtReport.objects.filter(hearing=h).count() == 2


def test_the_narrative_may_not_name_the_reporter_nor_a_withheld_address(family, alice, sofia):
    from tests.court.helpers import REPORTER, with_reporter

    with_reporter(family)
    family.address = "12 Elm Street, Fresno"
    family.save()
    report = services.court_report_start(hearing=hearing(family, alice), by=alice)
    with pytest.raises(ValidationError, match="must not name the reporter"):
        services.court_report_update(report=report, by=alice, summary=f"{REPORTER} called the hotline.")
    # the address is not secret until the court keeps it from the parents
    services.court_report_update(
        report=report, by=alice, summary="The family lives at 12 Elm Street, Fresno."
    )
    held = hearing(family, alice, days_ahead=-2)
    services.court_order_add(hearing=held, by=alice, kind=OrderKind.ADDRESS_KEPT_FROM_PARENTS, text="Kept")
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="must not name the reporter"):
        services.court_report_update(report=report, by=alice, summary="Sofia lives at 12 Elm Street, Fresno.")


# --- Pages ------------------------------------------------------------------------------------


def test_the_three_people_on_every_court_page(client, alice, bob, charlie, family, sofia):
    h = hearing(family, alice, days_ahead=-1)
    order = services.court_order_add(
        hearing=h, by=alice, kind=OrderKind.NO_CONTACT, text="No contact with Daniel"
    )
    report = ready_report(h, alice)
    pages = [
        ("court:hearings", [family.public_id]),
        ("court:hearing_add", [family.public_id]),
        ("court:hearing_edit", [family.public_id, h.pk]),
        ("court:hearing_withdraw", [family.public_id, h.pk]),
        ("court:order_add", [family.public_id, h.pk]),
        ("court:order_end", [family.public_id, order.pk]),
        ("court:report", [family.public_id, report.pk]),
        ("court:report_edit", [family.public_id, report.pk]),
    ]
    for name, args in pages:
        for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
            client.force_login(person)
            assert client.get(reverse(name, args=args)).status_code == expected, (name, person)
    for name in ("court:report_submit", "court:report_decide"):
        client.force_login(charlie)
        assert client.post(reverse(name, args=[family.public_id, report.pk])).status_code == 404
    client.force_login(charlie)
    assert client.post(reverse("court:report_start", args=[family.public_id, h.pk])).status_code == 404


def test_a_hearing_is_entered_through_the_page_and_a_bad_outcome_is_shown_beside_the_form(
    client_of, alice, family, sofia
):
    client = client_of(alice)
    url = reverse("court:hearing_add", args=[family.public_id])
    soon = (date.today() + timedelta(days=7)).isoformat()
    response = client.post(
        url, {"kind": "disposition", "hearing_on": soon, "children": [sofia.pk], "outcome": "Returned home"}
    )
    assert response.status_code == 200 and "has not been held yet" in response.content.decode()
    assert not Hearing.objects.exists()
    response = client.post(
        url, {"kind": "disposition", "hearing_on": soon, "children": [sofia.pk], "outcome": ""}
    )
    assert response.status_code == 302
    page = client.get(reverse("court:hearings", args=[family.public_id])).content.decode()
    assert "Disposition" in page


def test_narrative_edits_after_final_are_refused_on_the_page(client_of, alice, bob, family, sofia):
    report = ready_report(hearing(family, alice), alice)
    services.court_report_submit(report=report, by=alice)
    services.court_report_decide(report=report, by=bob, approve=True, comment="")
    report.refresh_from_db()
    client = client_of(alice)
    url = reverse("court:report_edit", args=[family.public_id, report.pk])
    assert client.get(url).status_code == 302
    response = client.post(
        url,
        {"summary": "Changed", "assessment": "", "recommendation": "x", "version": report.version},
    )
    assert response.status_code == 200 and "can no longer change" in response.content.decode()
    report.refresh_from_db()
    assert report.summary == "Sofia has been in care since March."


def test_the_supervisor_approves_from_the_inbox(client_of, alice, bob, family, sofia):
    report = ready_report(hearing(family, alice), alice)
    services.court_report_submit(report=report, by=alice)
    client = client_of(bob)
    inbox = client.get(reverse("supervision:approvals")).content.decode()
    assert "Court report, version 1" in inbox
    response = client.post(
        reverse("supervision:decide", args=[family.public_id, "court_report", report.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL


def test_a_caseworker_cannot_approve_through_the_page(client_of, alice, family, sofia):
    report = ready_report(hearing(family, alice), alice)
    services.court_report_submit(report=report, by=alice)
    decide = reverse("court:report_decide", args=[family.public_id, report.pk])
    assert client_of(alice).post(decide, {"decision": "approve"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
