import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Role, User
from tests.factories import SupervisorFactory

pytestmark = pytest.mark.django_db


def test_a_unit_has_one_supervisor(bob, unit_a):
    second = User(username="dora", role=Role.SUPERVISOR, unit=unit_a)
    with pytest.raises(ValidationError, match="already has a supervisor"):
        second.full_clean()
    with pytest.raises(IntegrityError):
        SupervisorFactory(username="dora", unit=unit_a)


def test_active_caseworkers_belong_to_a_unit(db):
    lone = User(username="lone", role=Role.CASEWORKER, unit=None)
    lone.set_password("irrelevant-password")
    with pytest.raises(ValidationError, match="must belong to a unit"):
        lone.full_clean()


def test_createsuperuser_makes_a_program_administrator(db):
    user = User.objects.create_superuser("root", "root@agency.example", "a-strong-passphrase")
    assert user.is_program_administrator and user.unit is None
