"""factory_boy factories for every model the tests build. Fictional people only."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Role, Unit, User
from families.models import (
    Caregiver,
    CaregiverChild,
    Child,
    ClosureReason,
    Contact,
    ContactKind,
    Family,
    FamilyStatus,
    Person,
    Relationship,
)
from families.persons import person_keys
from families.services import family_refresh_search

TEST_PASSWORD = "correct-horse-battery-staple"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Unit {n}")


class UserFactory(DjangoModelFactory):
    """A caseworker in a unit of their own unless one is given."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CASEWORKER
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password(TEST_PASSWORD)


class CaseworkerFactory(UserFactory):
    pass


class SupervisorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"supervisor{n}")
    role = Role.SUPERVISOR


class ProgramAdministratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"administrator{n}")
    role = Role.PROGRAM_ADMINISTRATOR
    unit = None
    is_staff = True
    is_superuser = True


class FamilyFactory(DjangoModelFactory):
    class Meta:
        model = Family
        skip_postgeneration_save = True

    case_number = factory.Sequence(lambda n: f"2026-T{n:05d}")
    display_name = factory.Faker("last_name")
    status = FamilyStatus.OPEN
    referral_date = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    closed_on = factory.LazyAttribute(lambda o: date.today() if o.status == FamilyStatus.CLOSED else None)
    closure_reason = factory.LazyAttribute(
        lambda o: ClosureReason.SAFETY_GOALS_MET if o.status == FamilyStatus.CLOSED else ""
    )
    assigned_caseworker = factory.SubFactory(CaseworkerFactory)

    @factory.post_generation
    def searchable(family, create, extracted, **kwargs):
        if create:
            family_refresh_search(family)


class _PersonFactory(DjangoModelFactory):
    """Keeps the family's search text up to date, as the services do."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    # Each its own person in the agency's index, as families.services makes them (pass
    # person=… to make two involvements of one person).
    person = factory.LazyAttribute(
        lambda member: Person.objects.create(
            **person_keys(
                first_name=member.first_name,
                last_name=member.last_name,
                date_of_birth=member.date_of_birth,
                birth_year=None,
            )
        )
    )

    @factory.post_generation
    def searchable(person, create, extracted, **kwargs):
        if create:
            family_refresh_search(person.family)


class CaregiverFactory(_PersonFactory):
    class Meta:
        model = Caregiver

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.SelfAttribute("family.display_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=20, maximum_age=50)


class ChildFactory(_PersonFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.SelfAttribute("family.display_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=0, maximum_age=17)


class CaregiverChildFactory(DjangoModelFactory):
    class Meta:
        model = CaregiverChild

    caregiver = factory.SubFactory(CaregiverFactory)
    child = factory.SubFactory(ChildFactory, family=factory.SelfAttribute("..caregiver.family"))
    relationship = Relationship.MOTHER


class ContactFactory(DjangoModelFactory):
    """A home visit; pass children_seen=[...] and caregivers_present=[...] to say who was there."""

    class Meta:
        model = Contact
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    kind = ContactKind.HOME_VISIT
    location = "Family home"
    narrative = "Children well; home calm."
    recorded_by = factory.SelfAttribute("family.assigned_caseworker")

    @factory.post_generation
    def children_seen(contact, create, extracted, **kwargs):
        if create and extracted:
            contact.children_seen.set(extracted)

    @factory.post_generation
    def caregivers_present(contact, create, extracted, **kwargs):
        if create and extracted:
            contact.caregivers_present.set(extracted)


def family_with_every_record(worker, *, display_name: str | None = None) -> Family:
    """An open family carrying one of each record the caseload columns, the overview panels
    and Unit review read (opened 90 days ago, a child seen this month, safety and risk
    assessments, a submitted case plan, a meeting with an overdue action item, a consultation
    with an agreed action, a closure asked for), so that a query per row would show."""
    from case_plans.models import CasePlan
    from families.models import ClosureRequest, FamilyStatusChange
    from meetings.models import ActionItem, Meeting
    from safety_networks.models import RiskAssessment, SafetyAssessment
    from supervision.models import Consultation, ConsultationAction

    today = date.today()
    family = FamilyFactory(
        assigned_caseworker=worker, **({"display_name": display_name} if display_name else {})
    )
    FamilyStatusChange.objects.create(
        family=family, to_status="open", effective_on=today - timedelta(days=90), changed_by=worker
    )
    child = ChildFactory(family=family)
    ContactFactory(family=family, children_seen=[child])
    SafetyAssessment.objects.create(family=family, recorded_by=worker, decision="conditionally_safe")
    RiskAssessment.objects.create(family=family, recorded_by=worker, scored_level="high")
    CasePlan.objects.create(
        family=family, number=1, status="submitted", recorded_by=worker, submitted_at=timezone.now()
    )
    meeting = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=worker)
    ActionItem.objects.create(
        meeting=meeting, family=family, what="x", who="y", due_on=today - timedelta(days=1)
    )
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=worker
    )
    ConsultationAction.objects.create(
        consultation=consultation, family=family, what="a", owner=worker, due_on=today
    )
    ClosureRequest.objects.create(family=family, closed_on=today, closure_reason="moved", requested_by=worker)
    return family


def safety_override_waiting(family: Family, by):
    """A scored safety assessment of `family`, no threat present (the tool says safe), that
    `by` overrides to unsafe; submitted, so the override waits for the supervisor."""
    from safety_networks.sdm import safety

    if not family.children.exists():
        ChildFactory(family=family, first_name="Sofía")
    draft = safety.safety_assessment_start(family=family, by=by)
    draft.refresh_from_db()
    saved = safety.safety_assessment_save(
        assessment=draft,
        by=by,
        expected_version=draft.version,
        threats={(a.child_id, a.threat): False for a in draft.threat_answers.all()},
        interventions={},
        override_decision="unsafe",
        override_reason="Nana Okafor saw bruises the tool does not ask about.",
    )
    return safety.safety_assessment_submit(assessment=saved, by=by)
