"""Children in care (DOMAIN.md, "Children in care and the court"): where each child lives
over time (placements), the carer households the agency licenses or approves (resource
families), and family time: the child's planned visits with parents, siblings and others,
each recorded as held, cancelled or missed.

Nothing here is deleted: a placement ends (with the reason), a resource family stops taking
children, a family-time plan ends, a visit is cancelled or missed."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from families.models import Child, Family
from families.versioning import Versioned


class Setting(models.TextChoices):
    AT_HOME = "at_home", _("At home")
    OTHER_PARENT = "other_parent", _("With the other parent")
    RELATIVE = "relative", _("With a relative")
    EXTENDED_FAMILY = "extended_family", _("With a non-relative extended family member")
    RESOURCE_FAMILY = "resource_family", _("In a resource (foster) family")
    GROUP = "group", _("In a group or residential setting")
    HOSPITAL = "hospital", _("In a hospital")


# Out of the parents' home, in the agency's care: the settings the monthly visit "where the
# child lives" and the relative-first question apply to.
IN_CARE = frozenset(
    {Setting.RELATIVE, Setting.EXTENDED_FAMILY, Setting.RESOURCE_FAMILY, Setting.GROUP, Setting.HOSPITAL}
)
# A person looks after the child (a name and a relationship), unless a resource family does.
PERSON_CARER = frozenset({Setting.OTHER_PARENT, Setting.RELATIVE, Setting.EXTENDED_FAMILY})


class Licence(models.TextChoices):
    APPROVED = "approved", _("Approved (resource family approval)")
    LICENSED = "licensed", _("Licensed foster home")
    CERTIFIED = "certified", _("Certified by a foster family agency")


class ResourceFamilyQuerySet(models.QuerySet):
    def address_visible_to(self, user) -> "ResourceFamilyQuerySet":
        """The resource families whose address `user` may read: the one place the rule is
        written. A program administrator reads every address (the agency's licensing work);
        a caseworker or supervisor reads the address of a household where a child of a
        family in their own scope (Family.objects.visible_to(user, granted=False)) lives
        now. Anyone else, or once the child has moved on, reads none: the household's name,
        licence and capacity are enough to choose a placement."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.PROGRAM_ADMINISTRATOR:
            return self.all()
        if user.role not in (Role.CASEWORKER, Role.SUPERVISOR):
            return self.none()
        placed_now = Placement.objects.current().filter(
            resource_family=OuterRef("pk"), family__in=Family.objects.visible_to(user, granted=False)
        )
        return self.filter(Exists(placed_now))


class ResourceFamily(Versioned):
    """A carer household: licensed or approved, how many children it takes, of which ages,
    in which languages, and where it is (an address only staff with a need read)."""

    name = models.CharField(_("household name"), max_length=200, help_text=_("e.g. “The Nguyen family”."))
    licence = models.CharField(_("licence or approval"), max_length=12, choices=Licence.choices)
    capacity = models.PositiveSmallIntegerField(_("how many children it can take"), default=1)
    youngest_age = models.PositiveSmallIntegerField(_("youngest age accepted"), default=0)
    oldest_age = models.PositiveSmallIntegerField(_("oldest age accepted"), default=17)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    takes_children = models.BooleanField(
        _("takes children now"), default=True, help_text=_("A household that stops is kept, never deleted.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceFamilyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("resource family")
        verbose_name_plural = _("resource families")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(youngest_age__lte=models.F("oldest_age")),
                name="resource_family_ages_in_order",
                violation_error_message=_("The youngest age accepted is above the oldest."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_YET = "not_yet", _("Not yet known")


class PlacementQuerySet(models.QuerySet):
    def current(self, today: date | None = None) -> "PlacementQuerySet":
        """Placements in which the child lives today: begun, and not ended (a placement's
        last day is the day before `ended_on`, the day of the move)."""
        today = today or date.today()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), started_on__lte=today)

    def with_court_order(self, on: date | None = None) -> "PlacementQuerySet":
        """Each placement with `court_kept_since`: the day from which a court order in force
        on `on` (today) keeps its child's address from the parents, None if none does. The
        court's order is the source of that rule (court.selectors.address_kept_since); a
        placement never holds a copy of it. One subquery in the placements' own query."""
        from court.selectors import address_kept_since

        return self.annotate(
            court_kept_since=address_kept_since(
                family_ref=OuterRef("family_id"), child_ref=OuterRef("child_id"), on=on
            )
        )


class Placement(Versioned):
    """Where one child lives, from a day until the day they move (`ended_on`, empty while
    they live there). A child's placements never overlap (placements.services); each one
    after the first is a move, and says why it happened."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="placements", verbose_name=_("child")
    )
    setting = models.CharField(_("where the child lives"), max_length=20, choices=Setting.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("The day the child moved on."))
    carer_name = models.CharField(_("carer's name"), max_length=200, blank=True)
    carer_relationship = models.CharField(
        _("carer's relationship to the child"), max_length=100, blank=True, help_text=_("e.g. “aunt”.")
    )
    resource_family = models.ForeignKey(
        ResourceFamily,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("resource family"),
    )
    address = models.TextField(
        _("address"), blank=True, help_text=_("For a resource family, its own record holds the address.")
    )
    # Before court orders were recorded, a worker ticked this on the placement. It is no longer
    # asked (the court's order is the source: PlacementQuerySet.with_court_order), but a
    # placement ticked then keeps its address from the parents still: nothing recorded is lost.
    address_confidential = models.BooleanField(
        _("address kept from the parents (recorded on the placement)"),
        default=False,
        editable=False,
        help_text=_("The address then never appears in anything made for the family."),
    )
    reason = models.TextField(_("why the child lives here"), help_text=_("For a move: why it happened."))
    end_reason = models.TextField(_("why the placement ended"), blank=True)
    # ICWA: is there reason to know the child is an Indian child; was the tribe notified.
    icwa_reason_to_know = models.CharField(
        _("reason to know the child is an Indian child"),
        max_length=8,
        choices=Answer.choices,
        default=Answer.NOT_YET,
    )
    tribe = models.CharField(_("tribe"), max_length=200, blank=True)
    tribe_notified_on = models.DateField(_("tribe notified on"), null=True, blank=True)
    # Relative first: were relatives considered before this placement, and if not, why.
    relatives_considered = models.CharField(
        _("were relatives considered first?"), max_length=8, choices=Answer.choices, default=Answer.NOT_YET
    )
    relatives_not_considered_why = models.TextField(_("if not, why"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["child_id", "started_on", "id"]
        indexes = [
            # A child's placements, for the overlap check: WHERE child_id = %s ORDER BY started_on
            models.Index(fields=["child", "started_on"], name="placement_child_idx"),
            # The overview and caseload read a family's placements: WHERE family_id = %s
            models.Index(fields=["family", "ended_on"], name="placement_family_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_ends_after_it_starts",
                violation_error_message=_("A placement can't end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(setting="resource_family", resource_family__isnull=False)
                | (~Q(setting="resource_family") & Q(resource_family__isnull=True)),
                name="placement_resource_family_iff_setting",
                violation_error_message=_("Choose the resource family, for a placement in one (only then)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.setting} from {self.started_on}"

    @property
    def in_care(self) -> bool:
        return self.setting in IN_CARE

    @property
    def carer(self) -> str:
        """Who looks after the child here, as staff read it."""
        if self.setting == Setting.RESOURCE_FAMILY:
            return self.resource_family.name if self.resource_family_id else ""
        if self.carer_name and self.carer_relationship:
            return f"{self.carer_name} ({self.carer_relationship})"
        return self.carer_name

    @property
    def kept_from_parents(self) -> bool:
        """Whether the address is kept from the parents: a court order in force covers the
        child, or the placement was ticked so before orders were recorded. Needs the
        placement read through `Placement.objects.with_court_order()` (an AttributeError
        otherwise, never a silent "not kept")."""
        return self.address_confidential or self.court_kept_since is not None

    @property
    def address_for_family_documents(self) -> str:
        """The address as a document made for the family may print it: never when the court
        ordered it kept from the parents, never a resource family's (only staff with a need
        read that). Every family-facing document, and the court report, read it here."""
        if self.setting == Setting.RESOURCE_FAMILY or self.kept_from_parents:
            return ""
        return self.address


class VisitWith(models.TextChoices):
    PARENT = "parent", _("A parent")
    SIBLING = "sibling", _("A brother or sister")
    OTHER = "other", _("Someone else")


class Per(models.TextChoices):
    WEEK = "week", _("a week")
    MONTH = "month", _("a month")


class FamilyTimePlan(Versioned):
    """The child's planned family time with one person: how often, supervised or not (by
    whom), where. Visits are recorded against it."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+", verbose_name=_("child"))
    with_whom = models.CharField(_("with whom"), max_length=200, help_text=_("e.g. “Maria (mother)”."))
    with_kind = models.CharField(_("who they are"), max_length=8, choices=VisitWith.choices)
    times = models.PositiveSmallIntegerField(_("how many times"), default=1)
    per = models.CharField(_("per"), max_length=8, choices=Per.choices, default=Per.WEEK)
    supervised = models.BooleanField(_("supervised"), default=True)
    supervised_by = models.CharField(_("supervised by"), max_length=200, blank=True)
    place = models.CharField(_("where"), max_length=200, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("family time plan")
        verbose_name_plural = _("family time plans")
        ordering = ["child_id", "started_on", "id"]
        indexes = [models.Index(fields=["family"], name="family_time_plan_family_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(times__gte=1),
                name="family_time_at_least_once",
                violation_error_message=_("At least once."),
            ),
            models.CheckConstraint(
                condition=Q(supervised=False) | ~Q(supervised_by=""),
                name="supervised_family_time_says_by_whom",
                violation_error_message=_("Say who supervises the visits."),
            ),
        ]

    def __str__(self) -> str:
        return self.with_whom

    @property
    def is_current(self) -> bool:
        return self.ended_on is None or self.ended_on > date.today()

    def planned_between(self, first: date, last: date) -> int:
        """Visits the plan asks for from `first` to `last` (both included), within its own
        dates: whole weeks or months elapsed times the frequency, rounded down."""
        first = max(first, self.started_on)
        if self.ended_on is not None:
            last = min(last, self.ended_on)
        days = (last - first).days + 1
        if days <= 0:
            return 0
        per_days = 7 if self.per == Per.WEEK else 30.4375
        return int(days / per_days * self.times)


class VisitStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    MISSED = "missed", _("Missed")


class CancelledBy(models.TextChoices):
    PARENT = "parent", _("The parent or family member")
    CARER = "carer", _("The carer")
    CHILD = "child", _("The child")
    AGENCY = "agency", _("The agency")
    OTHER = "other", _("Someone else")


class FamilyTimeVisit(Versioned):
    """One visit of a family-time plan: scheduled, then held, cancelled (by whom) or missed."""

    plan = models.ForeignKey(FamilyTimePlan, on_delete=models.PROTECT, related_name="visits")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(_("date and time"))
    status = models.CharField(
        _("what happened"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.SCHEDULED
    )
    cancelled_by = models.CharField(_("cancelled by"), max_length=8, choices=CancelledBy.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("family time visit")
        verbose_name_plural = _("family time visits")
        ordering = ["-scheduled_at", "-id"]
        indexes = [
            # Held visits of a family in a window (the rule and the summary):
            # WHERE family_id = %s AND status = 'held' AND scheduled_at >= %s
            models.Index(fields=["family", "status", "scheduled_at"], name="family_time_visit_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancelled_by=""),
                name="cancelled_visit_says_by_whom",
                violation_error_message=_("Say who cancelled the visit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} at {self.scheduled_at:%Y-%m-%d %H:%M}: {self.status}"
