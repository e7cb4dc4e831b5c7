"""caseload_rows and compliance.rule_rows keep their annotated querysets for a day and narrow a
copy for each request. A new day or month must give new numbers, and narrowing one user's
copy must never change what the next user gets."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from families.selectors import caseload_rows
from supervision.compliance import rule_rows
from tests.factories import ChildFactory, ContactFactory, FamilyFactory

AGENCY = ZoneInfo("America/Los_Angeles")


@pytest.mark.django_db
def test_a_new_month_gives_new_numbers_from_the_kept_querysets(alice, family):
    child = ChildFactory(family=family)
    ContactFactory(
        family=family, children_seen=[child], occurred_at=datetime(2026, 10, 31, 23, 30, tzinfo=AGENCY)
    )
    october = datetime(2026, 10, 31, 23, 45, tzinfo=AGENCY)
    november = datetime(2026, 11, 1, 0, 10, tzinfo=AGENCY)

    for _ in range(2):  # the second time round, both days come from what was kept
        assert caseload_rows(alice, now=october).get(pk=family.pk).children_unseen == 0
        assert caseload_rows(alice, now=november).get(pk=family.pk).children_unseen == 1
        assert rule_rows(alice, today=october.date(), now=october).get(pk=family.pk).rule_not_seen == 0
        assert rule_rows(alice, today=november.date(), now=november).get(pk=family.pk).rule_not_seen == 1


@pytest.mark.django_db
def test_narrowing_one_users_copy_leaves_the_next_users_alone(alice, charlie, family):
    theirs = FamilyFactory(display_name="Charlie's", assigned_caseworker=charlie)

    assert list(caseload_rows(alice).filter(display_name="Okafor-Reyes")) == [family]
    assert list(caseload_rows(charlie)) == [theirs]
    assert list(caseload_rows(alice)) == [family]
