"""factory_boy factories for every model the tests build. Fictional people only."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, Unit, User
from families.models import Caregiver, CaregiverChild, Child, Family, FamilyStatus, Relationship

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

    case_number = factory.Sequence(lambda n: f"2026-T{n:05d}")
    display_name = factory.Faker("last_name")
    status = FamilyStatus.OPEN
    referral_date = factory.LazyFunction(date.today)
    assigned_caseworker = factory.SubFactory(CaseworkerFactory)


class CaregiverFactory(DjangoModelFactory):
    class Meta:
        model = Caregiver

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.SelfAttribute("family.display_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=20, maximum_age=50)


class ChildFactory(DjangoModelFactory):
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
