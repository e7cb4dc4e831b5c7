"""The court report is due 10 days before each hearing: supervision's rule "court_report" and
the caseload's column (court.deadlines) agree on each side of the edge; the column and the
rule cost the same number of queries with 1 family or 25."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from court import services
from court.deadlines import report_due
from court.models import CourtReport, ReportStatus
from families.models import Family
from tests.court.helpers import hearing, ready_report
from tests.factories import ChildFactory, FamilyFactory
from tests.supervision.test_compliance_rules import judge

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days_before_hearing", "overdue"),
    [(11, False), (10, False), (9, True), (1, True), (0, True), (-1, False)],
)
def test_the_report_is_late_from_nine_days_before_the_hearing_until_it_is_held(
    family, alice, days_before_hearing, overdue
):
    ChildFactory(family=family)
    h = hearing(family, alice, days_ahead=30)
    today = h.hearing_on - timedelta(days=days_before_hearing)
    assert judge(family, "court_report", today) == int(overdue)
    assert report_due(hearing_on=h.hearing_on, final=False, today=today).overdue == overdue


def test_a_final_report_is_on_time_and_a_draft_or_submitted_one_is_not(family, alice, bob):
    ChildFactory(family=family)
    h = hearing(family, alice, days_ahead=5)
    today = date.today()
    report = ready_report(h, alice)
    assert judge(family, "court_report", today) == 1
    services.court_report_submit(report=report, by=alice)
    assert judge(family, "court_report", today) == 1
    assert judge(family, "waiting", today) == 1
    services.court_report_decide(report=report, by=bob, approve=True, comment="")
    assert judge(family, "court_report", today) == 0
    assert report_due(hearing_on=h.hearing_on, final=True, today=today).overdue is False


def test_a_withdrawn_hearing_needs_no_report(family, alice):
    ChildFactory(family=family)
    h = hearing(family, alice, days_ahead=3)
    services.hearing_withdraw(hearing=h, by=alice, reason="Vacated")
    assert judge(family, "court_report", date.today()) == 0


def _families_with_hearings(worker, count):
    for n in range(count):
        family = FamilyFactory(assigned_caseworker=worker, status="open")
        ChildFactory(family=family)
        h = hearing(family, worker, days_ahead=3 + n)
        if n % 2:
            report = ready_report(h, worker)
            CourtReport.objects.filter(pk=report.pk).update(status=ReportStatus.FINAL)


def test_my_caseload_shows_the_next_hearing_in_the_same_queries_for_1_or_25_families(client_of, alice):
    _families_with_hearings(alice, 1)
    client = client_of(alice)
    url = reverse("families:my_caseload")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Six-month review" in page and "report due" in page
    _families_with_hearings(alice, 24)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(one), [q["sql"][:120] for q in many.captured_queries]
    assert page.count("report final") == 12
    assert Family.objects.count() == 25


def test_unit_review_counts_late_reports_in_the_same_queries_for_1_or_25_families(client_of, alice, bob):
    _families_with_hearings(alice, 1)
    client = client_of(bob)
    url = reverse("supervision:unit_review")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _families_with_hearings(alice, 24)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(one)
    assert "Court report late" in page
    # the families behind the number show their next hearing
    listed = client.get(reverse("supervision:families"), {"rule": "court_report", "worker": alice.pk})
    assert listed.status_code == 200 and "Six-month review" in listed.content.decode()
