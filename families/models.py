"""The case record: a family, the caregivers and children in it, and who is assigned.

Every read of a family goes through `Family.objects.visible_to(user)` (or the scoped getter
in families.access); records below a family are reached through a family from that scope.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FamilyQuerySet":
        """The access rule, the one place it is written.

        - a caseworker sees the families assigned to them;
        - a supervisor sees the families assigned to the caseworkers of their unit
          (and any assigned to themselves);
        - a program administrator sees all families;
        - anyone else (anonymous, inactive, no role) sees none.
        """
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_program_administrator:
            return self.all()
        if user.is_supervisor and user.unit_id is not None:
            return self.filter(Q(assigned_caseworker__unit_id=user.unit_id) | Q(assigned_caseworker=user))
        if user.is_caseworker:
            return self.filter(assigned_caseworker=user)
        return self.none()


class FamilyStatus(models.TextChoices):
    REFERRAL = "referral", "Referral"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseNumberCounter(models.Model):
    """The last case number handed out in a year; numbers are never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Family(models.Model):
    """A family is the case: the unit of work a caseworker is assigned."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_number = models.CharField(max_length=20, unique=True, editable=False)
    display_name = models.CharField(
        max_length=200, help_text="How the family is known in the agency, e.g. “Okafor-Reyes”."
    )
    status = models.CharField(max_length=16, choices=FamilyStatus.choices, default=FamilyStatus.REFERRAL)
    referral_date = models.DateField(default=date.today)
    assigned_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_families",
    )
    address = models.TextField(blank=True)
    primary_language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    icwa_applies = models.BooleanField(
        "Indian Child Welfare Act applies",
        default=False,
        help_text="ICWA shortens timelines: the first Family Team Meeting is due within 30 days.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "families"
        ordering = ["display_name", "case_number"]
        indexes = [
            # My caseload: WHERE assigned_caseworker_id = %s AND status ... ORDER BY display_name
            models.Index(fields=["assigned_caseworker", "status"], name="family_caseload_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.case_number})"


def age_on(born: date | None, today: date) -> int | None:
    """Whole years between a date of birth and a day; None when the birth date is unknown."""
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class Person(models.Model):
    """What caregivers and children share: a name, the name they use, a date of birth."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="The name the person likes to be called, if different."
    )
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def called(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def age(self) -> int | None:
        return age_on(self.date_of_birth, date.today())


class Caregiver(Person):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="caregivers")
    lives_in_home = models.BooleanField(default=True)
    is_primary = models.BooleanField("primary caregiver", default=False)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-is_primary", "first_name", "last_name"]


class LivingArrangement(models.TextChoices):
    AT_HOME = "at_home", "At home"
    WITH_RELATIVE = "with_relative", "With a relative"
    FOSTER_HOME = "foster_home", "Foster home"
    GROUP_HOME = "group_home", "Group home"
    OTHER = "other", "Other"


class Child(Person):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="children")
    living_arrangement = models.CharField(
        "where the child lives now",
        max_length=20,
        choices=LivingArrangement.choices,
        default=LivingArrangement.AT_HOME,
    )
    school = models.CharField("school or childcare", max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["date_of_birth", "first_name"]


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEPPARENT = "stepparent", "Stepparent"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    PARTNER = "partner", "Parent's partner"
    FOSTER_PARENT = "foster_parent", "Foster parent"
    OTHER = "other", "Other"


class CaregiverChild(models.Model):
    """How one caregiver is related to one child of the same family."""

    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="child_links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="caregiver_links")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caregiver", "child"], name="one_relationship_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.caregiver} is {self.get_relationship_display().lower()} of {self.child}"
