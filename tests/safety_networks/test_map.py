"""The map: entries, harm and danger statements with their goals, withdrawal, the map on an
earlier date, and its query count."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from families.models import FamilyStatus
from protective_factors.models import FactorCode, ProtectiveFactor
from safety_networks.models import DangerStatement, EntryStatus, HarmStatement, MapEntry, SafetyGoal
from safety_networks.services import danger_statement_save, map_entry_save, withdraw
from tests.safety_networks.conftest import danger_and_goal

pytestmark = pytest.mark.django_db


def test_a_strength_is_added_dated_and_attributed(client_of, alice, url):
    response = client_of(alice).post(
        url("entry_add", "strength"), {"text": "Maria gets the children to school.", "noted_on": "2026-03-04"}
    )
    assert response.status_code == 302
    entry = MapEntry.objects.get()
    assert (entry.kind, entry.recorded_by, entry.noted_on) == ("strength", alice, date(2026, 3, 4))
    page = client_of(alice).get(url("map")).text
    assert "Maria gets the children to school." in page and "Alice Ames" in page


def test_an_unknown_kind_of_entry_is_refused(client_of, alice, url):
    assert client_of(alice).get(url("entry_add", "gossip")).status_code == 403


def test_a_harm_statement_in_parts_reads_as_one_sentence(client_of, alice, url, sofia, daniel):
    client_of(alice).post(
        url("harm_add"),
        {
            "what_happened": "Sofía came to school on 3 March with a bruise on her upper arm",
            "child": sofia.pk,
            "caregiver": daniel.pk,
            "caregiver_action": "grabbed her hard when he was angry that she woke Tomás",
            "effect": "she was scared to go home",
            "noted_on": "2026-03-04",
        },
    )
    assert HarmStatement.objects.get().child == sofia
    page = client_of(alice).get(url("map")).text
    assert "It happened when Daniel grabbed her hard when he was angry that she woke Tomás." in page


def test_a_danger_statement_is_written_with_its_safety_goal(client_of, alice, url, sofia, tomas):
    resilience = ProtectiveFactor.objects.get(code=FactorCode.PARENTAL_RESILIENCE)
    response = client_of(alice).post(
        url("danger_add"), danger_and_goal([sofia, tomas], **{"goal-protective_factors": [resilience.pk]})
    )
    assert response.status_code == 302
    statement = DangerStatement.objects.get()
    goal = SafetyGoal.objects.get()
    assert goal.danger_statement == statement and list(goal.protective_factors.all()) == [resilience]
    page = client_of(alice).get(url("map")).text
    assert "are worried that when Daniel is angry and stressed he may grab or hit Sofía or Tomás" in page
    assert "Parental resilience" in page


def test_a_danger_statement_without_its_goal_is_refused_and_keeps_what_was_typed(
    client_of, alice, url, sofia
):
    data = danger_and_goal([sofia], **{"goal-caregivers_will": "", "goal-agency_needs_to_see": ""})
    response = client_of(alice).post(url("danger_add"), data)
    assert response.status_code == 200
    assert "This field is required" in response.text
    assert "when Daniel is angry and stressed he may grab or hit" in response.text
    assert not DangerStatement.objects.exists() and not SafetyGoal.objects.exists()


def test_a_danger_statement_names_at_least_one_child(client_of, alice, url, sofia):
    response = client_of(alice).post(url("danger_add"), danger_and_goal([]))
    assert response.status_code == 200 and not DangerStatement.objects.exists()


def test_the_database_refuses_a_second_active_goal_for_one_statement(family, alice, sofia):
    statement, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[sofia],
        factors=[],
        statement_fields={"who_is_worried": "We", "caregiver_behaviour": "x", "what_could_happen": "y"},
        goal_fields={
            "caregivers_will": "a",
            "child_will_experience": "b",
            "agency_needs_to_see": "c",
            "for_how_long": "d",
        },
    )
    second = SafetyGoal(
        family=family,
        recorded_by=alice,
        danger_statement=statement,
        caregivers_will="a",
        child_will_experience="b",
        agency_needs_to_see="c",
        for_how_long="d",
    )
    with pytest.raises(ValidationError, match="already has its safety goal"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_safety_goal_without_a_danger_statement_is_refused(family, alice):
    goal = SafetyGoal(
        family=family,
        recorded_by=alice,
        caregivers_will="a",
        child_will_experience="b",
        agency_needs_to_see="c",
        for_how_long="d",
    )
    with pytest.raises(ValidationError) as refused:
        goal.full_clean()
    assert "danger_statement" in refused.value.message_dict


def test_editing_keeps_one_goal_and_changes_it(client_of, alice, url, sofia):
    client = client_of(alice)
    client.post(url("danger_add"), danger_and_goal([sofia]))
    statement, goal = DangerStatement.objects.get(), SafetyGoal.objects.get()
    response = client.post(
        url("danger_edit", statement.pk),
        danger_and_goal(
            [sofia],
            **{
                "goal-for_how_long": "over the next year",
                "danger-version": statement.version,
                "goal-version": goal.version,
            },
        ),
    )
    assert response.status_code == 302
    assert SafetyGoal.objects.get().for_how_long == "over the next year"


def test_withdrawing_a_danger_statement_withdraws_its_goal_and_keeps_both(client_of, alice, url, sofia):
    client = client_of(alice)
    client.post(url("danger_add"), danger_and_goal([sofia]))
    statement = DangerStatement.objects.get()
    client.post(
        url("withdraw", "danger", statement.pk),
        {
            "withdrawn_on": date.today().isoformat(),
            "withdrawn_reason": "Daniel moved out.",
            "version": statement.version,
        },
    )
    statement.refresh_from_db()
    goal = SafetyGoal.objects.get()
    assert statement.status == goal.status == EntryStatus.WITHDRAWN
    page = client.get(url("map")).text
    assert "withdrawn" in page and "Daniel moved out." in page


def test_withdrawing_needs_a_reason(client_of, alice, url, family):
    entry = map_entry_save(family=family, by=alice, kind="strength", text="x")
    response = client_of(alice).post(
        url("withdraw", "entry", entry.pk),
        {"withdrawn_on": date.today().isoformat(), "withdrawn_reason": "", "version": entry.version},
    )
    assert response.status_code == 200 and "This field is required" in response.text


def test_the_map_as_it_stood_on_an_earlier_date(client_of, alice, url, family):
    entry = map_entry_save(family=family, by=alice, kind="strength", text="First wording")
    first_day = timezone.localdate()
    history = entry.history.first()
    history.history_date = timezone.now() - timedelta(days=3)  # it was written three days ago
    history.save()
    map_entry_save(family=family, by=alice, existing=entry, kind="strength", text="Second wording")
    client = client_of(alice)
    earlier = client.get(url("map"), {"on": (first_day - timedelta(days=2)).isoformat()}).text
    assert "First wording" in earlier and "Second wording" not in earlier
    assert "as it stood on" in earlier
    now = client.get(url("map")).text
    assert "Second wording" in now and "First wording" not in now


def test_an_unreadable_date_shows_todays_map_with_a_message(client_of, alice, url):
    page = client_of(alice).get(url("map"), {"on": "yesterday-ish"}, follow=True)
    assert page.status_code == 200 and "could not be read" in page.text


def test_a_closed_familys_map_is_read_only(client_of, alice, url, family):
    family.status, family.closed_on, family.closure_reason = FamilyStatus.CLOSED, date.today(), "moved"
    family.save()
    client = client_of(alice)
    assert "add</a>" not in client.get(url("map")).text
    client.post(url("entry_add", "strength"), {"text": "x", "noted_on": "2026-01-01"})
    assert not MapEntry.objects.exists()


def test_the_map_issues_the_same_queries_with_3_and_30_entries(client_of, alice, url, family, sofia, daniel):
    def add(n):
        for i in range(n):
            map_entry_save(family=family, by=alice, kind="strength", text=f"strength {i}")
            map_entry_save(family=family, by=alice, kind="complicating_factor", text=f"factor {i}")
            danger_statement_save(
                family=family,
                by=alice,
                children=[sofia],
                factors=list(ProtectiveFactor.objects.all()[:2]),
                statement_fields={
                    "who_is_worried": "We",
                    "caregiver_behaviour": "x",
                    "what_could_happen": "y",
                },
                goal_fields={
                    "caregivers_will": "a",
                    "child_will_experience": "b",
                    "agency_needs_to_see": "c",
                    "for_how_long": "d",
                },
            )

    client = client_of(alice)
    add(3)
    with CaptureQueriesContext(connection) as with_3:
        assert client.get(url("map")).status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as with_30:
        assert client.get(url("map")).status_code == 200
    assert len(with_3) == len(with_30)


def test_a_withdrawn_statement_cannot_be_withdrawn_twice(family, alice):
    entry = map_entry_save(family=family, by=alice, kind="next_step", text="x")
    withdraw(record=entry, by=alice, withdrawn_on=date.today(), withdrawn_reason="done")
    with pytest.raises(ValidationError, match="already withdrawn"):
        withdraw(record=entry, by=alice, withdrawn_on=date.today(), withdrawn_reason="again")


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_entry_is_edited_in_place(client_of, alice, url, family):
    entry = map_entry_save(family=family, by=alice, kind="strength", text="Gets them to school")
    client = client_of(alice)
    form = client.get(url("entry_edit", entry.pk), **HTMX)
    assert form.status_code == 200 and "<html" not in form.text  # a fragment, not a page
    assert f'id="entry-{entry.pk}"' in form.text and "Gets them to school" in form.text
    saved = client.post(
        url("entry_edit", entry.pk),
        {"text": "Gets them to school every day", "noted_on": "2026-03-04", "version": entry.version},
        **HTMX,
    )
    assert (
        saved.status_code == 200
        and "Gets them to school every day" in saved.text
        and "<form" not in saved.text
    )
    entry.refresh_from_db()
    assert entry.text == "Gets them to school every day"


def test_an_entry_is_added_in_place_and_a_refusal_stays_in_place(client_of, alice, url):
    client = client_of(alice)
    refused = client.post(url("entry_add", "next_step"), {"text": "", "noted_on": "2026-03-04"}, **HTMX)
    assert "This field is required" in refused.text and 'id="new-next_step"' in refused.text
    added = client.post(
        url("entry_add", "next_step"), {"text": "Call the housing advocate", "noted_on": "2026-03-04"}, **HTMX
    )
    assert "Call the housing advocate" in added.text and 'id="new-next_step"' in added.text
    assert MapEntry.objects.get().kind == "next_step"


def test_an_in_place_edit_over_a_newer_version_is_refused_in_place(client_of, alice, bob, url, family):
    entry = map_entry_save(family=family, by=alice, kind="strength", text="First")
    loaded = entry.version
    map_entry_save(family=family, by=bob, existing=entry, kind="strength", text="Bob's words")
    response = client_of(alice).post(
        url("entry_edit", entry.pk),
        {"text": "Alice's words", "noted_on": "2026-03-04", "version": loaded},
        **HTMX,
    )
    assert "Someone else saved this record" in response.text and "Bob&#x27;s words" in response.text
    assert "Alice&#x27;s words" in response.text
