"""The case record: a family, the caregivers and children in it, and who is assigned.

Every read of a family goes through `Family.objects.visible_to(user)` (or the scoped getter
in families.access); records below a family are reached through a family from that scope.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import ServiceAccount, User

from .versioning import Versioned


def document_languages() -> list[tuple[str, str]]:
    """The languages a document can be made in: those the site has a catalogue for, each
    named in its own language ("English", "Español") so that anyone can find theirs."""
    return [(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]


def default_document_language() -> str:
    return settings.LANGUAGE_CODE


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user, *, granted: bool = True) -> "FamilyQuerySet":
        """The access rule, the one place it is written.

        - a caseworker sees the families assigned to them;
        - a supervisor sees the families assigned to the caseworkers of their unit
          (and any assigned to themselves);
        - a program administrator sees all families;
        - and anyone of these, a family they were granted access to, until the grant ends
          (AccessRequest; read-only: `granted=False` is the scope in which records are
          changed, and in which access requests are decided);
        - anyone else (anonymous, inactive, no role) sees none.
        """
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_program_administrator:
            return self.all()
        if user.is_service_account:
            # A system calling the API: the families of the units it was given, or all of them.
            # The agency-wide test is a constant (evaluated once, as an InitPlan), so for such
            # an account the filter passes every row and the list reads the rows in its order.
            accounts = ServiceAccount.objects.filter(user=user)
            staff = User.objects.filter(unit__service_accounts__user=user).values("pk")
            agency_wide = Exists(accounts.filter(agency_wide=True))
            return self.filter(Q(agency_wide) | Q(assigned_caseworker__in=staff))
        # A worker's families, and a supervisor's unit's, are reached through family_caseload_idx
        # (no OR across a join: with it PostgreSQL read and filtered every family of the agency;
        # bench/RESULTS.md, "REST API family list").
        if user.is_supervisor and user.unit_id is not None:
            # the people of the unit, the supervisor among them (it is their own unit)
            mine = Q(assigned_caseworker__in=User.objects.filter(unit_id=user.unit_id).values("pk"))
        elif user.is_caseworker:
            mine = Q(assigned_caseworker=user)
        else:
            return self.none()
        if not granted:
            return self.filter(mine)
        # Granted families join the worker's as a UNION of keys, not an OR, for the same reason.
        grants = AccessRequest.objects.filter(
            requested_by=user, status=AccessStatus.GRANTED, expires_at__gt=timezone.now()
        )
        own = Family.objects.filter(mine).order_by().values("pk")
        return self.filter(pk__in=own.union(grants.order_by().values("family_id")))


class FamilyStatus(models.TextChoices):
    REFERRAL = "referral", pgettext_lazy("family status", "Referral")
    OPEN = "open", pgettext_lazy("family status", "Open")
    CLOSED = "closed", pgettext_lazy("family status", "Closed")


class ResponsePriority(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate (within 24 hours)")
    TEN_DAY = "ten_day", _("Within 10 days")


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PLACEMENT_VISIT = "placement_visit", _("Placement visit")
    OFFICE = "office", _("Office")
    SCHOOL = "school", _("School")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")

    @classmethod
    def in_person(cls) -> set[str]:
        """Kinds of contact in which a child can be seen in person."""
        return {cls.HOME_VISIT, cls.PLACEMENT_VISIT, cls.OFFICE, cls.SCHOOL}


class ClosureReason(models.TextChoices):
    SAFETY_GOALS_MET = "safety_goals_met", _("Safety goals met: enough safety to close")
    REUNIFIED = "reunified", _("Children safely reunified")
    PERMANENCY = "permanency", _("Permanency reached (adoption or guardianship)")
    UNFOUNDED = "unfounded", _("Referral not substantiated")
    SERVICES_DECLINED = "services_declined", _("Family declined voluntary services")
    MOVED = "moved", _("Family moved out of the county")
    TRANSFERRED = "transferred", _("Transferred to another agency")
    OTHER = "other", _("Other")


class CaseNumberCounter(models.Model):
    """The last case number handed out in a year; numbers are never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Family(Versioned):
    """A family is the case: the unit of work a caseworker is assigned.

    Families are never deleted: they close, and may reopen (FamilyStatusChange keeps each step)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    display_name = models.CharField(
        _("family name"),
        max_length=200,
        help_text=_("How the family is known in the agency, e.g. “Okafor-Reyes”."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FamilyStatus.choices, default=FamilyStatus.REFERRAL
    )
    referral_date = models.DateField(_("referral date"), default=date.today)
    response_priority = models.CharField(
        _("response priority"),
        max_length=16,
        choices=ResponsePriority.choices,
        default=ResponsePriority.TEN_DAY,
    )
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    first_contact_kind = models.CharField(
        _("kind of first contact"), max_length=20, choices=ContactKind.choices, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=32, choices=ClosureReason.choices, blank=True
    )
    assigned_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        verbose_name=_("assigned caseworker"),
        null=True,
        blank=True,
        related_name="assigned_families",
    )
    address = models.TextField(_("address"), blank=True)
    primary_language = models.CharField(_("primary language"), max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    # The language the family's documents (case plan, safety plan, meeting summary) are made
    # in: one of the languages the site has a catalogue for (settings.LANGUAGES).
    document_language = models.CharField(
        _("language of the family's documents"),
        max_length=10,
        choices=document_languages,
        default=default_document_language,
        help_text=_("The PDFs made for the family are in this language unless you choose another."),
    )
    icwa_applies = models.BooleanField(
        _("Indian Child Welfare Act applies"),
        default=False,
        help_text=_("ICWA shortens timelines: the first Family Team Meeting is due within 30 days."),
    )
    # Family name, case number and every caregiver's and child's names, lower-cased and
    # without accents ("munoz" for "Muñoz"): what search matches. Kept by families.services.
    # On PostgreSQL a GIN trigram index serves search's LIKE '%word%' (migration 0003).
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FamilyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["display_name", "case_number"]
        indexes = [
            # My caseload: WHERE assigned_caseworker_id = %s AND status ... ORDER BY display_name
            models.Index(fields=["assigned_caseworker", "status"], name="family_caseload_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(closure_reason="")),
                name="closed_family_has_date_and_reason",
                violation_error_message=_("A closed family needs a closing date and a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.case_number})"

    @property
    def is_closed(self) -> bool:
        return self.status == FamilyStatus.CLOSED

    @property
    def first_contact_due(self) -> date:
        days = 1 if self.response_priority == ResponsePriority.IMMEDIATE else 10
        return self.referral_date + timedelta(days=days)


class FamilyStatusChange(models.Model):
    """One step of a family's life: opened, closed (with why), reopened. Never edited."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=FamilyStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=FamilyStatus.choices)
    effective_on = models.DateField()
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.family}: {self.from_status or 'new'} → {self.to_status} on {self.effective_on}"


class ClosureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the supervisor")
    APPROVED = "approved", _("Approved: the family is closed")
    RETURNED = "returned", _("Returned to the caseworker")


class ClosureRequest(models.Model):
    """A caseworker asks to close a family; the unit's supervisor approves (the family then
    closes on the date asked for) or returns it with a comment. Every request is kept."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="closure_requests")
    closed_on = models.DateField(_("close on"))
    closure_reason = models.CharField(_("closure reason"), max_length=32, choices=ClosureReason.choices)
    reason = models.TextField(_("what has changed"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=ClosureStatus.choices, default=ClosureStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(status="pending"), name="one_pending_closure_request"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(decision_comment=""),
                name="returned_closure_has_comment",
                violation_error_message=_("Say what needs to happen before the family can close."),
            ),
        ]
        indexes = [
            # The approvals inbox: WHERE status = 'pending' ORDER BY requested_at
            models.Index(fields=["status", "requested_at"], name="closure_request_inbox_idx")
        ]

    def __str__(self) -> str:
        return f"Close {self.family} on {self.closed_on}: {self.get_status_display()}"


class Assignment(models.Model):
    """Who carried the family, from when to when, and why it changed hands."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="assignments")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(ended_at__isnull=True), name="one_current_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.family} → {self.caseworker} from {timezone.localtime(self.started_at):%Y-%m-%d}"


OLDEST_AGE = 120


def validate_birth_date(born: date) -> None:
    """A date of birth can't be in the future, nor more than 120 years ago."""
    today = date.today()
    if born > today:
        raise ValidationError(gettext("The date of birth is in the future. Check the year."), code="future")
    if age_on(born, today) > OLDEST_AGE:
        raise ValidationError(
            gettext("That date of birth is more than %(years)s years ago. Check the year."),
            code="too_old",
            params={"years": OLDEST_AGE},
        )


def age_on(born: date | None, today: date) -> int | None:
    """Whole years between a date of birth and a day; None when the birth date is unknown."""
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class HouseholdMember(Versioned):
    """What caregivers and children share: a name, the name they use, a date of birth, and
    the agency-wide person they are (one person, one history: families/persons.py)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=100,
        blank=True,
        help_text=_("The name the person likes to be called, if different."),
    )
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validate_birth_date]
    )
    person = models.ForeignKey(
        "families.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person in the agency's index"),
    )
    left_household_on = models.DateField(
        _("left the household on"),
        null=True,
        blank=True,
        help_text=_("People who leave the household are marked so, never deleted."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    @property
    def is_current(self) -> bool:
        return self.left_household_on is None


class Caregiver(HouseholdMember):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="caregivers")
    lives_in_home = models.BooleanField(_("lives in home"), default=True)
    is_primary = models.BooleanField(_("primary caregiver"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=60, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-is_primary", "first_name", "last_name"]


class LivingArrangement(models.TextChoices):
    AT_HOME = "at_home", _("At home")
    WITH_RELATIVE = "with_relative", _("With a relative")
    FOSTER_HOME = "foster_home", _("Foster home")
    GROUP_HOME = "group_home", _("Group home")
    OTHER = "other", _("Other")


class Child(HouseholdMember):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="children")
    # Retired: where a child lives is their placement (placements.Placement, `child.placements`),
    # the one record every page, export and API answer reads. The value a worker recorded here
    # before placements were kept stays, read-only, with the child's change history.
    living_arrangement = models.CharField(
        _("where the child lived (recorded before placements)"),
        max_length=20,
        choices=LivingArrangement.choices,
        default=LivingArrangement.AT_HOME,
        editable=False,
    )
    school = models.CharField(_("school or childcare"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["date_of_birth", "first_name"]

    @property
    def is_adult(self) -> bool:
        """21 or older: no longer a child for this agency; the record is flagged."""
        return self.age is not None and self.age >= ADULT_AGE


ADULT_AGE = 21


class Relationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    STEPPARENT = "stepparent", _("Stepparent")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    PARTNER = "partner", _("Parent's partner")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    OTHER = "other", _("Other")


class CaregiverChild(models.Model):
    """How one caregiver is related to one child of the same family."""

    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, related_name="child_links", verbose_name=_("caregiver")
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="caregiver_links", verbose_name=_("child")
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caregiver", "child"], name="one_relationship_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.caregiver} is {self.get_relationship_display().lower()} of {self.child}"


class Contact(Versioned):
    """A visit or other contact with the family: who was seen in person, who took part."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=ContactKind.choices, default=ContactKind.HOME_VISIT
    )
    location = models.CharField(_("where"), max_length=200, blank=True)
    children_seen = models.ManyToManyField(
        Child, blank=True, related_name="contacts_seen_in", verbose_name=_("children seen in person")
    )
    caregivers_present = models.ManyToManyField(
        Caregiver, blank=True, related_name="contacts_present_at", verbose_name=_("caregivers who took part")
    )
    narrative = models.TextField(
        _("narrative"), blank=True, help_text=_("What was seen and said, in plain words.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], m2m_fields=[children_seen, caregivers_present]
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # Recent visits and "last visit": WHERE family_id = %s ORDER BY occurred_at DESC
            models.Index(fields=["family", "-occurred_at"], name="contact_family_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {timezone.localtime(self.occurred_at):%Y-%m-%d}"

    @property
    def is_in_person(self) -> bool:
        return self.kind in ContactKind.in_person()


class Person(models.Model):
    """One person in the agency, whatever family they were recorded in: each caregiver and
    child row of a family (an involvement) points to one. The same child in two referrals
    years apart is one Person with two involvements (families/persons.py finds the likely
    matches; a supervisor unlinks a wrong link, PersonLinkChange keeps each step).

    The name and date of birth are those of the latest involvement saved; `folded_name` and
    the sound keys are what the match check compares (accents and case folded in Python by
    families.search.fold, so they read the same on every database)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # Known alone when only the year is (the partial dates of the match check).
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    folded_name = models.CharField(max_length=201, editable=False)
    first_sound = models.CharField(max_length=8, editable=False, blank=True)
    last_sound = models.CharField(max_length=8, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The match check: WHERE birth_year = %s AND (similarity(folded_name, %s) > … OR
            # last_sound = %s …) ORDER BY … LIMIT 10 (families.persons.likely_matches)
            models.Index(fields=["birth_year", "last_sound"], name="person_match_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonLinkAction(models.TextChoices):
    LINKED = "linked", _("Linked to a person already known")
    NEW = "new", _("Confirmed as a different person")
    UNLINKED = "unlinked", _("Unlinked: wrongly linked")


class PersonLinkChange(models.Model):
    """A step of the person index, never edited: a caregiver or child linked to a person
    already known, confirmed as a new person, or unlinked by a supervisor (with the reason)."""

    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=12, choices=PersonLinkAction.choices)
    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(caregiver__isnull=True) ^ Q(child__isnull=True), name="link_change_one_member"
            ),
            models.CheckConstraint(
                condition=~Q(action="unlinked") | ~Q(reason=""),
                name="unlink_has_reason",
                violation_error_message=_("Say why these people are not the same person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_person_id} → {self.to_person_id}"


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


ACCESS_LONGEST_DAYS = 30


class AccessRequest(models.Model):
    """A worker asks to read a family they may not open, because a person of their own
    family was involved in it. The family's supervisor (or a program administrator) grants
    it for a stated reason until a date (at most ACCESS_LONGEST_DAYS), or refuses. While a
    grant lasts, `Family.objects.visible_to` lets the requester read that family (read-only)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="access_requests")
    # The family the requester works on, whose person was involved in `family`.
    from_family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("why your work needs it"))
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=AccessStatus.choices, default=AccessStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    expires_at = models.DateTimeField(_("access until"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "requested_by"],
                condition=Q(status="pending"),
                name="one_pending_access_request",
            ),
            models.CheckConstraint(
                condition=~Q(status="granted") | Q(expires_at__isnull=False),
                name="granted_access_has_end",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | ~Q(decision_reason=""),
                name="access_decision_has_reason",
            ),
        ]
        indexes = [
            # The access rule: WHERE requested_by_id = %s AND status = 'granted' AND expires_at > now()
            models.Index(fields=["requested_by", "status", "expires_at"], name="access_grant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.requested_by_id} → {self.family_id}: {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status == AccessStatus.GRANTED and self.expires_at > timezone.now()
