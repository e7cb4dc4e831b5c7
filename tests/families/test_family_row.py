"""FirstRecord and AllRecords: a family's records read with the family row, given back as
instances that hold what was read, in its Python types, and nothing else."""

from datetime import date, timedelta

import pytest
from django.db.models import OuterRef
from django.utils import timezone

from families.family_row import AllRecords, FirstRecord
from families.models import ClosureReason, ClosureRequest, Contact, Family, FamilyStatusChange
from tests.factories import ContactFactory, FamilyFactory, SupervisorFactory

pytestmark = pytest.mark.django_db

LATEST_VISIT = FirstRecord(
    "latest_visit",
    Contact.objects.filter(family=OuterRef("pk")).order_by("-occurred_at", "-id"),
    (
        "id",
        "kind",
        "occurred_at",
        "recorded_by__first_name",
        "recorded_by__last_name",
        "recorded_by__username",
    ),
)
CLOSURES = AllRecords(
    "closures",
    ClosureRequest.objects.filter(family=OuterRef("pk")),
    ("id", "closed_on", "status", "decided_by__username"),
)
HISTORY = AllRecords("history", FamilyStatusChange.objects.filter(family=OuterRef("pk")), ("id", "to_status"))


def _row(family):
    annotations = LATEST_VISIT.annotations() | CLOSURES.annotations() | HISTORY.annotations()
    return Family.objects.annotate(**annotations).get(pk=family.pk)


def test_the_first_record_comes_back_typed_with_its_relation_and_nothing_else(django_assert_num_queries):
    family = FamilyFactory()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ContactFactory(family=family, occurred_at=an_hour_ago - timedelta(days=3))
    newest = ContactFactory(family=family, occurred_at=an_hour_ago, kind="phone")
    row = _row(family)
    with django_assert_num_queries(0):
        visit = LATEST_VISIT.of(row)
        assert (visit.pk, visit.kind, visit.occurred_at) == (newest.pk, "phone", an_hour_ago)
        assert visit.occurred_at.tzinfo is not None
        assert str(visit.recorded_by) == str(family.assigned_caseworker)
        assert visit.get_kind_display() == "Phone"
    assert "narrative" in visit.get_deferred_fields()  # not read: fetched only if asked for


def test_all_records_come_back_each_once_with_a_missing_relation_as_none():
    family = FamilyFactory()
    supervisor = SupervisorFactory()
    asked = ClosureRequest.objects.create(
        family=family,
        closed_on=date(2026, 3, 1),
        closure_reason=ClosureReason.MOVED,
        requested_by=family.assigned_caseworker,
        status="returned",
        decided_by=supervisor,
        decision_comment="Not until the network has met.",
    )
    again = ClosureRequest.objects.create(
        family=family, closed_on=date(2026, 4, 1), closure_reason=ClosureReason.MOVED, requested_by=supervisor
    )
    closures = {closure.pk: closure for closure in CLOSURES.of(_row(family))}
    assert set(closures) == {asked.pk, again.pk}
    assert closures[asked.pk].closed_on == date(2026, 3, 1)
    assert closures[asked.pk].decided_by.username == supervisor.username
    assert closures[again.pk].decided_by is None


def test_a_family_without_such_records_reads_none_and_an_empty_list():
    row = _row(FamilyFactory())
    assert LATEST_VISIT.of(row) is None
    assert CLOSURES.of(row) == [] and HISTORY.of(row) == []


def test_a_field_the_instance_could_not_hold_is_refused_when_declared():
    with pytest.raises(ValueError, match="reads as recorded_by_id"):
        FirstRecord("visit", Contact.objects.filter(family=OuterRef("pk")), ("id", "recorded_by"))
    with pytest.raises(ValueError, match="not a foreign key"):
        AllRecords("visits", Family.objects.all(), ("contacts__kind",))
