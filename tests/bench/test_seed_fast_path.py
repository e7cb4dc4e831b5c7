"""seed_demo's fast path (sop_casework/demo/bulk.py), at a small N: past the detailed families,
a large agency's long tail with the distributions of a real one, rows a user could have made."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from accounts.models import Role, User
from audit.models import AuditEvent
from case_plans.models import CasePlan
from families.models import Caregiver, Child, Contact, Family, FamilyStatus, Person
from intake.models import Allegation, Referral
from meetings.models import Meeting
from protective_factors.models import Assessment, FactorScore
from safety_networks.models import DangerStatement, ScalingScore
from sop_casework.demo.agency import caseworkers_needed

pytestmark = pytest.mark.django_db

DETAILED = 40
N = 300


@pytest.fixture
def agency(settings):
    settings.DEBUG = True
    call_command(
        "seed_demo", families=N, rich_families=DETAILED, password="a-demo-password-here", verbosity=0
    )


def tail_families():
    return Family.objects.order_by("pk")[DETAILED:]


def test_the_fast_path_seeds_n_families_mostly_closed_about_a_tenth_open(agency):
    assert Family.objects.count() == N
    statuses = Counter(f.status for f in tail_families())
    tail = N - DETAILED
    assert statuses[FamilyStatus.CLOSED] >= 0.7 * tail
    assert 0.05 * tail <= statuses[FamilyStatus.OPEN] <= 0.25 * tail


def test_each_caseworker_of_the_fast_path_carries_10_to_30_open_families(agency):
    detailed = caseworkers_needed(DETAILED, rich=DETAILED)
    workers = User.objects.filter(role=Role.CASEWORKER).order_by("pk")[detailed:]
    assert workers
    loads = (
        User.objects.filter(pk__in=[w.pk for w in workers])
        .annotate(active=Count("assigned_families", filter=~Q(assigned_families__status=FamilyStatus.CLOSED)))
        .values_list("active", flat=True)
    )
    assert all(10 <= n <= 30 for n in loads), list(loads)


def test_every_fast_path_family_has_its_people_history_and_casework(agency):
    ids = [f.pk for f in tail_families()]
    for model in (Caregiver, Child, Referral, Contact, AuditEvent.objects.none().model):
        assert model.objects.exists()
    assert set(Referral.objects.filter(family_id__in=ids).values_list("family_id", flat=True)) == set(ids)
    assert Person.objects.count() >= Caregiver.objects.count() + Child.objects.count() - 20  # some shared
    # each one a person in the agency's index, as a page or a service would make them (the
    # overview's prior history and the intake match find people through it)
    assert not Caregiver.objects.filter(family_id__in=ids, person__isnull=True).exists()
    assert not Child.objects.filter(family_id__in=ids, person__isnull=True).exists()
    closed = [f for f in tail_families() if f.status == FamilyStatus.CLOSED]
    for family in closed[:5]:
        assert family.history.filter(history_type="~").exists()
        assert family.status_changes.filter(to_status=FamilyStatus.CLOSED).exists()
    for model in (DangerStatement, ScalingScore, Assessment, Meeting, CasePlan, Allegation):
        assert model.objects.filter(family_id__in=ids).exists(), model
    assert FactorScore.objects.filter(assessment__family_id__in=ids).exists()
    assert AuditEvent.objects.filter(
        family_public_id__in=[f.public_id for f in tail_families()]
    ).count() >= len(ids)
    assert (
        Contact.history.filter(family_id__in=ids).count() == Contact.objects.filter(family_id__in=ids).count()
    )


def test_the_fast_path_rows_pass_every_model_rule(agency):
    """full_clean on rows of each table the fast path writes, as a form and service would."""
    ids = [f.pk for f in tail_families()]
    samples = [
        *Family.objects.filter(pk__in=ids)[:20],
        *Caregiver.objects.filter(family_id__in=ids)[:20],
        *Child.objects.filter(family_id__in=ids)[:20],
        *Contact.objects.filter(family_id__in=ids)[:20],
        *Referral.objects.filter(family_id__in=ids)[:20],
        *Allegation.objects.filter(family_id__in=ids)[:20],
        *DangerStatement.objects.filter(family_id__in=ids)[:20],
        *ScalingScore.objects.filter(family_id__in=ids)[:20],
        *Assessment.objects.filter(family_id__in=ids)[:20],
        *Meeting.objects.filter(family_id__in=ids)[:20],
        *CasePlan.objects.filter(family_id__in=ids)[:20],
    ]
    for record in samples:
        record.full_clean()


def test_the_detailed_families_stay_as_rich_as_the_small_demo(agency):
    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    assert okafor_reyes.assigned_caseworker.username == "caseworker1"
    assert CasePlan.objects.filter(family=okafor_reyes, status="active").exists()
