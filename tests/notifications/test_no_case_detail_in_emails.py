"""No email carries a family's details (issue 20). Every kind of email is rendered from the
demo agency (seed_demo), for every caseworker and supervisor, in English and Spanish, and
none may contain any name of a person, a family or a reporter, nor an address, that the
database holds."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, User
from case_plans.models import CasePlan
from families.models import AccessRequest, Caregiver, Child, ClosureRequest, Family, Person
from intake.models import Reporter
from notifications.emails import (
    access_requested_email,
    closure_returned_email,
    digest_email,
    override_returned_email,
    plan_returned_email,
    reunification_override_returned_email,
    safety_override_returned_email,
)
from notifications.models import DigestFrequency
from safety_networks.models import RiskAssessment, SafetyAssessment
from safety_networks.reunification_models import ReunificationReassessment

pytestmark = pytest.mark.django_db


def _case_detail() -> list[str]:
    """Every name and address of the database, as words (a name shorter than three letters
    would match inside ordinary words)."""
    values = set()
    for model in (Caregiver, Child, Person):
        for row in model.objects.values("first_name", "last_name"):
            values.update(row.values())
    values.update(Caregiver.objects.exclude(preferred_name="").values_list("preferred_name", flat=True))
    values.update(Child.objects.exclude(preferred_name="").values_list("preferred_name", flat=True))
    values.update(Family.objects.values_list("display_name", flat=True))
    values.update(Reporter.objects.values_list("name", flat=True))
    values.update(
        line.strip() for a in Family.objects.values_list("address", flat=True) for line in a.splitlines()
    )
    return sorted(v for v in values if v and len(v.strip()) >= 3)


def _found(detail: list[str], text: str) -> list[str]:
    return [value for value in detail if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text)]


def test_no_email_of_the_demo_agency_names_anyone_or_gives_an_address(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "a-demo-password-here")
    detail = _case_detail()
    assert len(detail) > 100  # the check has something to find
    assert any("Okafor" in value for value in detail)
    today = timezone.localdate()
    staff = list(User.objects.filter(role__in=[Role.CASEWORKER, Role.SUPERVISOR]).select_related("unit"))
    plans = list(CasePlan.objects.select_related("family")[:10])
    requests = list(AccessRequest.objects.select_related("family")[:5]) or [
        AccessRequest(family=Family.objects.first(), requested_at=timezone.now())
    ]
    # The demo's overrides and closure requests, or one made up on a demo family when it has none.
    overrides = list(RiskAssessment.objects.exclude(override_level="").select_related("family")[:5]) or [
        RiskAssessment(family=Family.objects.first(), assessed_on=today, override_decided_at=timezone.now())
    ]
    # The demo's safety assessments: the email reads the same of one with an override or without.
    safety_overrides = list(SafetyAssessment.objects.select_related("family")[:5])
    # The demo's reunification reassessments, or one made up on a demo family when it has none.
    reunifications = list(ReunificationReassessment.objects.select_related("family")[:5]) or [
        ReunificationReassessment(
            family=Family.objects.first(), assessed_on=today, override_decided_at=timezone.now()
        )
    ]
    closures = list(ClosureRequest.objects.select_related("family")[:5]) or [
        ClosureRequest(family=Family.objects.first(), decided_at=timezone.now())
    ]
    rendered = []
    for language in ("en", "es"):
        for user in staff:
            for frequency in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
                user.language = language
                email = digest_email(user, today=today, frequency=frequency)
                if email is not None:
                    rendered.append(email)
        rendered += [plan_returned_email(plan, language=language) for plan in plans]
        rendered += [access_requested_email(request, language=language) for request in requests]
        rendered += [override_returned_email(assessment, language=language) for assessment in overrides]
        rendered += [
            safety_override_returned_email(assessment, language=language) for assessment in safety_overrides
        ]
        rendered += [
            reunification_override_returned_email(reassessment, language=language)
            for reassessment in reunifications
        ]
        rendered += [closure_returned_email(request, language=language) for request in closures]

    kinds = {email.subject.split(":")[0] for email in rendered}
    assert {
        "What is due this week",
        "Your unit this morning",
        "Case plan returned",
        "Risk override not approved",
        "Safety override not approved",
        "Reunification override not approved",
        "Closure returned",
        "Access requested",
    } <= kinds
    assert sum(1 for email in rendered if email.subject == "Your unit this morning") >= 2
    for email in rendered:
        for part in (email.subject, email.text, email.html):
            assert _found(detail, part) == [], part
