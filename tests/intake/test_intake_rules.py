"""The rules of intake, at the service: dates in order (received ≤ screened ≤ first contact ≤
findings), no finding for a referral screened out, no open case from a referral screened out,
each refused with its message on the field it concerns."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from families.models import Family, FamilyStatus
from families.services import family_change_status
from intake import services
from intake.models import Referral

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _contact(family, days_ago):
    Family.objects.filter(pk=family.pk).update(
        first_contact_at=timezone.now() - timedelta(days=days_ago), first_contact_kind="home_visit"
    )
    family.refresh_from_db()


def _screen(referral, bob, decision="screened_in", days_ago=2, **extra):
    fields = {"response_time": "ten_day"} if decision == "screened_in" else {"screen_out_reason": "No harm"}
    return services.referral_screen(
        referral=referral, by=bob, screening=decision, screened_on=TODAY() - timedelta(days=days_ago),
        **(fields | extra),
    )  # fmt: skip


def test_a_screening_after_the_first_contact_is_refused_on_its_date(bob, referral):
    _contact(referral.family, days_ago=2)
    with pytest.raises(ValidationError) as refused:
        _screen(referral, bob, days_ago=1)
    assert "after the first contact" in refused.value.message_dict["screened_on"][0]


def test_a_first_contact_from_before_this_referral_does_not_bind_its_screening(bob, referral):
    _contact(referral.family, days_ago=30)  # the family was known before this report
    _screen(referral, bob, days_ago=1)
    assert Referral.objects.get(pk=referral.pk).is_screened_in


def test_findings_before_the_screening_are_refused_on_their_date(alice, bob, referral):
    _screen(referral, bob, days_ago=1)
    referral.refresh_from_db()
    _contact(referral.family, days_ago=1)
    findings = {a.pk: "unfounded" for a in referral.allegations.all()}
    with pytest.raises(ValidationError) as refused:
        services.findings_record(
            referral=referral, by=alice, findings_on=TODAY() - timedelta(days=2), findings=findings
        )
    assert "before the screening" in refused.value.message_dict["findings_on"][0]


def test_findings_wait_for_the_screening_and_for_the_first_contact(alice, bob, referral):
    findings = {a.pk: "unfounded" for a in referral.allegations.all()}
    with pytest.raises(ValidationError, match="Screen the referral in"):
        services.findings_record(referral=referral, by=alice, findings_on=TODAY(), findings=findings)
    _screen(Referral.objects.get(pk=referral.pk), bob)
    referral = Referral.objects.select_related("family").get(pk=referral.pk)
    with pytest.raises(ValidationError) as refused:
        services.findings_record(referral=referral, by=alice, findings_on=TODAY(), findings=findings)
    assert "first contact" in refused.value.message_dict["findings_on"][0]


def test_a_referral_with_findings_stays_screened_in(alice, bob, referral):
    _screen(referral, bob)
    referral.refresh_from_db()
    _contact(referral.family, days_ago=1)
    findings = {a.pk: "substantiated" for a in referral.allegations.all()}
    services.findings_record(referral=referral, by=alice, findings_on=TODAY(), findings=findings)
    referral.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _screen(referral, bob, "screened_out")
    assert "stays screened in" in refused.value.message_dict["screening"][0]


def test_the_database_refuses_findings_on_a_referral_screened_out(alice, bob, referral):
    _screen(referral, bob, "screened_out")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(findings_on=TODAY())


def test_an_unscreened_referral_does_not_open_as_a_case(bob, referral):
    family = referral.family
    with pytest.raises(ValidationError, match="not screened yet"):
        family_change_status(family=family, to_status=FamilyStatus.OPEN, by=bob, effective_on=TODAY())


def test_a_family_without_a_referral_here_opens_as_before(bob, alice):
    from tests.factories import FamilyFactory

    family = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.REFERRAL)
    family_change_status(family=family, to_status=FamilyStatus.OPEN, by=bob, effective_on=TODAY())
    assert family.status == FamilyStatus.OPEN


def test_only_the_units_supervisor_or_an_administrator_screens(alice, administrator, referral):
    with pytest.raises(PermissionDenied):
        _screen(referral, alice)
    _screen(referral, administrator)
    assert Referral.objects.get(pk=referral.pk).screened_by == administrator
