from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from families import services
from families.models import Contact
from tests.factories import CaregiverFactory, ChildFactory, ContactFactory, FamilyFactory, FamilyStatus

pytestmark = pytest.mark.django_db


def visit(family, **overrides):
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": "home_visit",
        "location": "Family home",
        "narrative": "The children were well.",
    }
    return {**data, **overrides}


def test_a_home_visit_records_who_was_seen_and_who_took_part(client_of, alice, family):
    sofia, tomas = ChildFactory(family=family), ChildFactory(family=family)
    maria = CaregiverFactory(family=family)
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(family, children_seen=[sofia.pk], caregivers_present=[maria.pk]),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert list(contact.children_seen.all()) == [sofia]
    assert list(contact.caregivers_present.all()) == [maria]
    assert contact.recorded_by == alice
    page = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert "seen this month" in page and "not seen this month" not in page.split(sofia.full_name)[1][:200]
    assert tomas.full_name in page


def test_a_phone_call_cannot_see_a_child_in_person(client_of, alice, family):
    child = ChildFactory(family=family)
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(family, kind="phone", children_seen=[child.pk], narrative="Call with mum about school."),
    )
    assert response.status_code == 200
    assert "can&#x27;t see a child in person" in response.text
    assert "Call with mum about school." in response.text
    assert not Contact.objects.exists()


def test_a_visit_in_the_future_is_refused(client_of, alice, family):
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]), visit(family, occurred_at=tomorrow)
    )
    assert "can&#x27;t be in the future" in response.text


def test_the_form_sent_untouched_records_nothing(client_of, alice, family):
    ChildFactory(family=family)
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]), visit(family, narrative="", location="")
    )
    assert response.status_code == 200
    assert "Tick who was seen or took part, or write what happened" in response.text
    assert not Contact.objects.exists()


def test_a_visit_where_no_one_was_home_is_recorded_with_what_happened(client_of, alice, family):
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(family, narrative="No one answered the door; left a card."),
    )
    assert response.status_code == 302
    assert Contact.objects.get().narrative == "No one answered the door; left a card."


def test_a_long_narrative_is_kept_whole(client_of, alice, family):
    narrative = ("Maria described the week in detail. " * 1500).strip()
    assert len(narrative) > 50_000
    client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]), visit(family, narrative=narrative)
    )
    assert Contact.objects.get().narrative == narrative


def test_a_child_of_another_family_cannot_be_ticked(client_of, alice, family):
    ChildFactory(family=family)
    stranger = ChildFactory()
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]), visit(family, children_seen=[stranger.pk])
    )
    assert "Select a valid choice" in response.text


def test_a_visit_record_is_corrected(client_of, alice, family):
    child = ChildFactory(family=family)
    contact = ContactFactory(family=family)
    client_of(alice).post(
        reverse("families:contact_edit", args=[family.public_id, contact.pk]),
        visit(
            family, children_seen=[child.pk], narrative="Corrected: Sofía was there.", version=contact.version
        ),
    )
    contact.refresh_from_db()
    assert contact.narrative == "Corrected: Sofía was there."
    assert list(contact.children_seen.all()) == [child]


def test_the_visits_page_lists_every_contact_newest_first(
    client_of, alice, family, django_assert_max_num_queries
):
    for days in range(25):
        ContactFactory(
            family=family,
            occurred_at=timezone.now() - timedelta(days=days),
            children_seen=[ChildFactory(family=family)],
            narrative=f"Visit {days} days ago",
        )
    client = client_of(alice)
    # session, user, unit, family, audit insert, contacts (+recorded_by), children seen,
    # caregivers present, session renewal (UPDATE in a savepoint: 3)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("families:contacts", args=[family.public_id])).text
    assert page.index("Visit 0 days ago") < page.index("Visit 24 days ago")


def test_a_closed_familys_visits_can_be_read_but_not_added(client_of, alice, family):
    family.status, family.closed_on, family.closure_reason = (
        FamilyStatus.CLOSED,
        timezone.localdate(),
        "moved",
    )
    family.save()
    client = client_of(alice)
    assert "Record a visit" not in client.get(reverse("families:contacts", args=[family.public_id])).text
    client.post(reverse("families:contact_add", args=[family.public_id]), visit(family))
    assert not Contact.objects.exists()


# --- The first contact ------------------------------------------------------------------------


@pytest.fixture
def late_referral(alice):
    """A referral of 20 days ago (first contact due within 10 days) with no first contact."""
    from datetime import date

    return FamilyFactory(
        display_name="Mensah",
        status=FamilyStatus.REFERRAL,
        referral_date=date.today() - timedelta(days=20),
        assigned_caseworker=alice,
    )


def first_contact_late(client_of, bob) -> int:
    (row,) = client_of(bob).get(reverse("supervision:unit_review")).context["rows"]
    return row.numbers["first_contact"]


def test_a_home_visit_seeing_a_child_in_person_is_the_first_contact(client_of, alice, bob, late_referral):
    family = late_referral
    child = ChildFactory(family=family)
    overview = reverse("families:overview", args=[family.public_id])
    assert "No first contact recorded yet" in client_of(alice).get(overview).text
    assert first_contact_late(client_of, bob) == 1
    when = timezone.localtime() - timedelta(days=2)
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(family, occurred_at=when.strftime("%Y-%m-%dT%H:%M"), children_seen=[child.pk]),
    )
    assert response.status_code == 302
    page = client_of(alice).get(overview).text
    assert "No first contact recorded yet" not in page
    assert f"First contact {when:%-d %b %Y, %H:%M} (home visit)" in page
    assert first_contact_late(client_of, bob) == 0
    # an earlier such visit, recorded afterwards, is the first contact
    earlier = when - timedelta(days=3)
    client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(
            family, occurred_at=earlier.strftime("%Y-%m-%dT%H:%M"), kind="school", children_seen=[child.pk]
        ),
    )
    assert f"First contact {earlier:%-d %b %Y, %H:%M} (school)" in client_of(alice).get(overview).text


def test_a_call_or_a_visit_without_a_child_seen_is_not_taken_as_the_first_contact(
    client_of, alice, bob, late_referral
):
    family = late_referral
    ChildFactory(family=family)
    client = client_of(alice)
    client.post(reverse("families:contact_add", args=[family.public_id]), visit(family, kind="phone"))
    client.post(reverse("families:contact_add", args=[family.public_id]), visit(family))
    assert Contact.objects.count() == 2
    family.refresh_from_db()
    assert family.first_contact_at is None and first_contact_late(client_of, bob) == 1


def test_a_first_contact_typed_under_edit_details_is_not_overwritten_by_a_visit(
    client_of, alice, late_referral
):
    family = late_referral
    child = ChildFactory(family=family)
    typed = timezone.now() - timedelta(days=1)
    family.first_contact_at, family.first_contact_kind = typed, "phone"
    family.save()
    client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(
            family,
            occurred_at=(timezone.localtime() - timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            children_seen=[child.pk],
        ),
    )
    family.refresh_from_db()
    assert family.first_contact_at == typed and family.first_contact_kind == "phone"


def test_a_visit_before_the_referral_is_refused(client_of, alice, family):
    before = timezone.localtime().replace(hour=10, minute=0) - timedelta(days=31)
    response = client_of(alice).post(
        reverse("families:contact_add", args=[family.public_id]),
        visit(family, occurred_at=before.strftime("%Y-%m-%dT%H:%M"), narrative="Met at the school gate."),
    )
    assert response.status_code == 200
    assert "A contact can&#x27;t be before the referral date" in response.text
    assert "Met at the school gate." in response.text
    assert not Contact.objects.exists()


def test_the_referral_date_in_the_refusal_follows_the_active_language(alice, family):
    # The date is written by Django's date format, not by strftime (whose month names are
    # always English).
    family.referral_date = date(2026, 1, 6)
    family.save()
    moment = timezone.make_aware(datetime(2026, 1, 2, 10, 0))
    for language, written in (("en", "6 January 2026"), ("es", "6 enero 2026")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            services.contact_save(
                family=family, by=alice, occurred_at=moment, kind="home_visit", narrative="Early."
            )
        assert f"({written})" in refused.value.message_dict["occurred_at"][0]


def test_families_recorded_before_take_their_earliest_visit_seeing_a_child_as_first_contact(late_referral):
    """The data migration, for families whose visits were recorded before a visit counted."""
    import importlib

    from django.apps import apps

    family = late_referral
    child = ChildFactory(family=family)

    def days_ago(days, kind, **seen):
        when = timezone.now() - timedelta(days=days)
        return ContactFactory(family=family, kind=kind, occurred_at=when, **seen)

    days_ago(9, "phone")
    days_ago(8, "home_visit")  # no child seen
    seen = days_ago(7, "school", children_seen=[child])
    days_ago(2, "home_visit", children_seen=[child])
    migration = importlib.import_module("families.migrations.0004_first_contact_from_earliest_visit")
    migration.first_contact_from_earliest_visit(apps, None)
    family.refresh_from_db()
    assert family.first_contact_at == seen.occurred_at and family.first_contact_kind == "school"
