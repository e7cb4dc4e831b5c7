from datetime import timedelta

import pytest
from django.utils import timezone

from families.models import FamilyStatus
from intake import services
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

REPORTER = "Ms. Hannelore Whitfield-Ibarra"  # a name nothing else in a test family carries


@pytest.fixture
def referred(alice):
    """A family in referral, its two children and caregivers, referred 3 days ago by a school."""
    family = FamilyFactory(
        display_name="Okafor-Reyes",
        assigned_caseworker=alice,
        status=FamilyStatus.REFERRAL,
        referral_date=timezone.localdate() - timedelta(days=3),
    )
    return {
        "family": family,
        "maria": CaregiverFactory(family=family, first_name="Maria"),
        "daniel": CaregiverFactory(family=family, first_name="Daniel"),
        "sofia": ChildFactory(family=family, first_name="Sofía"),
        "tomas": ChildFactory(family=family, first_name="Tomás"),
    }


@pytest.fixture
def referral(referred, alice):
    return services.referral_record(
        family=referred["family"],
        by=alice,
        received_at=timezone.now() - timedelta(days=3),
        channel="phone",
        reporter_type="school",
        reporter_mandated=True,
        reporter_name=REPORTER,
        reporter_contact="Lincoln Elementary, 555-0100",
        what_was_reported="Sofía came to school with a bruise on her upper arm.",
        allegations=[
            {"child": referred["sofia"], "kind": "physical_abuse", "alleged_caregiver": referred["daniel"]},
            {"child": referred["tomas"], "kind": "at_risk_sibling", "alleged_caregiver": referred["daniel"]},
        ],
    )
