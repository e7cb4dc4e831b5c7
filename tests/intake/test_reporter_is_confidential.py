"""The reporter's identity is confidential by law: shown to the assigned caseworker, the
unit's supervisor and program administrators, each showing audited; never on the page of
anyone else who may read the family, never in a family-facing document."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from case_plans.models import CasePlan
from documents.kinds import registry as SPECS
from documents.models import Document
from intake import access
from intake.models import Reporter
from meetings.models import Meeting
from safety_networks.models import SafetyPlan
from tests.factories import CaseworkerFactory, SupervisorFactory

from .conftest import REPORTER

pytestmark = pytest.mark.django_db


def _shown(referral):
    return AuditEvent.objects.filter(
        record_type="intake.Reporter", action="view", case_number=referral.family.case_number
    )


@pytest.mark.parametrize("who", ["alice", "bob", "administrator"])
def test_the_worker_the_supervisor_and_administrators_see_it_and_each_showing_is_audited(
    request, client_of, referral, who
):
    user = request.getfixturevalue(who)
    url = reverse("intake:referral", args=[referral.family.public_id, referral.pk])
    client = client_of(user)
    assert REPORTER in client.get(url).text
    assert REPORTER in client.get(url).text
    assert _shown(referral).filter(actor=user).count() == 2


def test_anyone_else_who_may_read_the_family_sees_confidential_reporter_and_nothing_is_audited(
    client_of, alice, referral, monkeypatch
):
    # Someone who may open the family but is neither its worker, the unit's supervisor nor an
    # administrator (an access granted for a time): the guard says no.
    monkeypatch.setattr(access, "may_see_reporter", lambda user, family: False)
    page = client_of(alice).get(reverse("intake:referral", args=[referral.family.public_id, referral.pk]))
    assert page.status_code == 200
    assert REPORTER not in page.text and "Lincoln Elementary" not in page.text
    assert "Confidential reporter" in page.text
    assert not _shown(referral).exists()


def test_the_guard_answers_for_each_person(alice, bob, charlie, administrator, referral):
    family = referral.family
    colleague = CaseworkerFactory(unit=alice.unit)
    other_supervisor = SupervisorFactory(unit=charlie.unit)
    assert access.may_see_reporter(alice, family)
    assert access.may_see_reporter(bob, family)
    assert access.may_see_reporter(administrator, family)
    assert not access.may_see_reporter(colleague, family)
    assert not access.may_see_reporter(charlie, family)
    assert not access.may_see_reporter(other_supervisor, family)


def test_no_other_page_of_the_family_shows_it(client_of, alice, bob, referral):
    family = referral.family
    for user in (alice, bob):
        client = client_of(user)
        for url in (
            reverse("families:overview", args=[family.public_id]),
            reverse("families:changes", args=[family.public_id]),
            *([reverse("supervision:screening")] if user == bob else []),
        ):
            page = client.get(url)
            assert page.status_code == 200, url
            assert REPORTER not in page.text, url
    assert not _shown(referral).exists()


def test_the_family_documents_never_carry_it(alice, referral):
    family = referral.family
    plan = CasePlan.objects.create(family=family, number=1, recorded_by=alice)
    safety_plan = SafetyPlan.objects.create(family=family, recorded_by=alice, number=1)
    meeting = Meeting.objects.create(
        family=family, recorded_by=alice, scheduled_at=timezone.now() - timedelta(hours=1)
    )
    for kind, source_id in (
        ("case_plan", plan.pk),
        ("safety_plan", safety_plan.pk),
        ("meeting_summary", meeting.pk),
    ):
        spec = SPECS[kind]
        html = render_to_string(
            spec.template,
            {"family": family, "document": Document(title="x"), **spec.context(family, source_id)},
        )
        assert family.case_number in html  # the document was made for this family
        assert REPORTER not in html, kind
        assert "Lincoln Elementary" not in html, kind


def test_the_audit_trail_and_its_export_record_the_showing_without_the_name(
    client_of, alice, administrator, referral
):
    client_of(alice).get(reverse("intake:referral", args=[referral.family.public_id, referral.pk]))
    event = _shown(referral).get()
    assert event.record_id == str(Reporter.objects.get(referral=referral).pk)
    export = client_of(administrator).get(reverse("audit:export"))
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"intake.Reporter" in body
    assert REPORTER.encode() not in body and b"Lincoln Elementary" not in body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_download_of_a_list_names_the_reporter(client_of, alice, bob, referral, fmt):
    from tests.exports import csv_rows, xlsx_rows
    from tests.test_every_url_keeps_the_access_rule import EXPORT_URLS

    for name, roles in EXPORT_URLS:
        user = alice if roles is None else bob
        url = reverse(name, kwargs={"fmt": fmt}) + f"?rule=caseload&unit={alice.unit_id}"
        response = client_of(user).get(url)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        text = " ".join(str(value) for row in rows for value in row)
        assert REPORTER not in text and "Lincoln Elementary" not in text, name
    caseload = client_of(alice).get(reverse("families:my_caseload_export", kwargs={"fmt": fmt}))
    rows = csv_rows(caseload) if fmt == "csv" else xlsx_rows(caseload)
    assert referral.family.case_number in {str(value) for row in rows for value in row}
