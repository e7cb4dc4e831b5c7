"""Staff of the agency: who they are, which unit they belong to, and what role they hold.

The role decides what a person may see (families.models.FamilyQuerySet.visible_to) and which
pages their navigation offers. Families never log in.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROGRAM_ADMINISTRATOR = "program_administrator", _("Program administrator")
    # Not a person: another system (the state system, a provider's, a mobile app) calling the
    # REST API with a token. It never signs in; its ServiceAccount says which families it reaches.
    SERVICE_ACCOUNT = "service_account", _("Service account")


class Unit(models.Model):
    """A supervisor's team of caseworkers (typically 5 to 8)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # The person who installs the system administers it; they are not a caseworker.
        extra_fields.setdefault("role", Role.PROGRAM_ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CASEWORKER)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Caseworkers and the supervisor belong to a unit; program administrators need none."),
    )
    # The language the site speaks to this person, chosen in their menu (settings.LANGUAGES);
    # blank until they choose, when their browser's language is used. No choices here: adding
    # a language is adding its catalogue, not a migration.
    language = models.CharField(max_length=15, blank=True, default="")

    objects = StaffManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(role="supervisor"),
                name="one_supervisor_per_unit",
                violation_error_message=_("This unit already has a supervisor."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["program_administrator", "service_account"])
                | Q(unit__isnull=False)
                | Q(is_active=False),
                name="active_staff_belong_to_a_unit",
                violation_error_message=_("Caseworkers and supervisors must belong to a unit."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_caseworker(self) -> bool:
        return self.role == Role.CASEWORKER

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_program_administrator(self) -> bool:
        return self.role == Role.PROGRAM_ADMINISTRATOR

    @property
    def is_service_account(self) -> bool:
        return self.role == Role.SERVICE_ACCOUNT


class ServiceAccount(models.Model):
    """A system that calls the REST API (api.models.ApiToken), created by a program administrator.

    It acts as its own user (role SERVICE_ACCOUNT, no password, never signs in), so what it
    records carries its name. Its scope, read by FamilyQuerySet.visible_to, is the families of
    some units, or the whole agency."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="service_account")
    description = models.CharField(_("what it is for"), max_length=300, blank=True)
    units = models.ManyToManyField(
        Unit, blank=True, related_name="service_accounts", verbose_name=_("units it may read")
    )
    agency_wide = models.BooleanField(_("the whole agency"), default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return self.user.username
