from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safety_networks.models import NetworkMember, ScalingScore
from safety_networks.services import network_member_save, scaling_record
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(family):
    return CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")


@pytest.fixture
def lucia(family, alice):
    return network_member_save(
        family=family, by=alice, name="Lucía Reyes", relationship="aunt", joined_on=date(2026, 1, 1)
    )


@pytest.fixture
def teen(family):
    return ChildFactory(family=family, first_name="Ana", last_name="Reyes", date_of_birth=date(2011, 6, 1))


def a_score(maria=None, **overrides):
    data = {
        "who": f"caregiver:{maria.pk}" if maria else "other",
        "name": "" if maria else "Mrs. Chen",
        "score": 6,
        "scored_on": "2026-03-10",
        "occasion": "FTM",
    }
    return {**data, **overrides}


def test_the_picker_offers_the_family_its_network_and_staff_and_someone_else(
    client_of, alice, bob, url, family, maria, lucia, teen, sofia
):
    outsider = CaregiverFactory(first_name="Olga")  # of another family
    gone = network_member_save(
        family=family, by=alice, name="Pedro Gone", relationship="friend", joined_on=date(2026, 1, 1)
    )
    gone.left_on = date(2026, 2, 1)
    gone.save()
    page = client_of(alice).get(url("scaling")).text
    for value, label in (
        (f"caregiver:{maria.pk}", "Maria Reyes (caregiver)"),
        (f"child:{teen.pk}", "Ana Reyes (child, "),
        (f"child:{sofia.pk}", "Sofía Okafor-Reyes (child, "),
        (f"member:{lucia.pk}", "Lucía Reyes (safety network, aunt)"),
        (f"staff:{alice.pk}", "Alice Ames (caseworker)"),
        (f"staff:{bob.pk}", "Bob Baptiste (supervisor)"),
        ("other", "Someone else (write their name)"),
    ):
        assert f'<option value="{value}">{label}' in page
    assert f"caregiver:{outsider.pk}" not in page and "Pedro Gone" not in page


def test_numbers_picked_by_person_are_linked_and_drawn_one_line_per_person(
    client_of, alice, url, maria, lucia
):
    client = client_of(alice)
    for data in (
        a_score(maria),
        a_score(who=f"member:{lucia.pk}", score=5),
        # a name typed by mistake beside a picked person is not who gave it
        a_score(maria, name="Mum", score=7, scored_on="2026-04-01"),
    ):
        assert client.post(url("scaling"), data).status_code == 302
    assert [(s.caregiver, s.network_member, s.name, s.given_by) for s in ScalingScore.objects.all()] == [
        (maria, None, "Maria Reyes", "caregiver"),
        (None, lucia, "Lucía Reyes", "network_member"),
        (maria, None, "Maria Reyes", "caregiver"),
    ]
    page = client.get(url("scaling")).text
    assert page.count('class="series"') == 2
    assert (
        'data-series="Maria Reyes (caregiver)"' in page
        and 'data-series="Lucía Reyes (network member)"' in page
    )


def test_one_person_is_one_line_whatever_their_name_was_written_as(client_of, alice, url, family, maria):
    """A caregiver whose number was once written "Maria" and then linked (the migration does
    so), and twice as "Maria Reyes": one line, named as the latest number names her. Two
    people of the same name are two lines."""
    ScalingScore.objects.create(
        family=family, recorded_by=alice, score=3, given_by="caregiver", name="Maria", caregiver=maria,
        scored_on=date(2026, 2, 1),
    )  # fmt: skip
    namesake = CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    client = client_of(alice)
    client.post(url("scaling"), a_score(maria, scored_on="2026-03-01"))
    client.post(url("scaling"), a_score(namesake, score=8, scored_on="2026-03-01"))
    page = client.get(url("scaling")).text
    assert page.count('class="series"') == 2
    assert (
        'data-series="Maria Reyes (caregiver)"' in page and 'data-series="Maria Reyes (caregiver) 2"' in page
    )
    assert "Maria (caregiver)" not in page
    assert page.count("Maria Reyes (caregiver): 3 on 01 Feb 2026") == 1  # the old number, on her line


def test_someone_else_is_written_by_name_and_needs_one(client_of, alice, url):
    client = client_of(alice)
    response = client.post(url("scaling"), a_score(name="", note="after the meeting"))
    assert response.status_code == 200
    assert "Write the name of the person who gave the number." in response.text
    assert "after the meeting" in response.text
    assert not ScalingScore.objects.exists()
    assert client.post(url("scaling"), a_score(name=" Ms. Alvarez ")).status_code == 302
    score = ScalingScore.objects.get()
    assert (score.name, score.given_by, score.caregiver, score.staff) == ("Ms. Alvarez", "other", None, None)


def test_someone_of_another_family_cannot_be_picked(client_of, alice, url, maria):
    outsider = CaregiverFactory(first_name="Olga")
    response = client_of(alice).post(url("scaling"), a_score(outsider, note="typed note"))
    assert response.status_code == 200
    assert "Choose someone from the list." in response.text and "typed note" in response.text
    assert not ScalingScore.objects.exists()


def test_the_next_number_starts_on_the_same_occasion_and_date(client_of, alice, url, maria, lucia):
    client = client_of(alice)
    response = client.post(url("scaling"), a_score(maria, occasion="Home visit", scored_on="2026-03-10"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == url("scaling")
    assert parse_qs(location.query) == {"occasion": ["Home visit"], "date": ["2026-03-10"]}
    page = client.get(response["Location"]).text
    assert 'name="occasion" value="Home visit"' in page
    assert 'name="scored_on" value="2026-03-10"' in page
    who = page.split('name="who"')[1].split("</select>")[0]
    assert '<option value="" selected>' in who and who.count("selected") == 1  # asked afresh
    # and the next number is recorded on it
    client.post(
        url("scaling"), a_score(who=f"member:{lucia.pk}", occasion="Home visit", scored_on="2026-03-10")
    )
    assert set(ScalingScore.objects.values_list("occasion", "scored_on")) == {
        ("Home visit", date(2026, 3, 10))
    }


def test_an_unreadable_kept_date_is_left_out(client_of, alice, url):
    page = client_of(alice).get(url("scaling") + "?occasion=Visit&date=10%2F03").text
    assert 'name="occasion" value="Visit"' in page
    assert 'value="10/03"' not in page


# --- A round: everyone at a visit or a meeting, on one page -----------------------------


def round_data(**numbers):
    return {"scored_on": "2026-03-10", "occasion": "First Family Team Meeting", **numbers}


def test_the_round_page_lists_everyone_expected(client_of, alice, bob, url, maria, lucia, teen, sofia):
    page = client_of(alice).get(url("scaling_round")).text
    for name in ("Maria Reyes", "Ana Reyes", "Lucía Reyes", "Alice Ames", "Bob Baptiste"):
        assert f">{name}</span>" in page
    for field in (f"caregiver_{maria.pk}", f"child_{teen.pk}", f"member_{lucia.pk}", f"staff_{alice.pk}"):
        assert f'name="score_{field}"' in page
    assert f"score_staff_{bob.pk}" in page
    assert f"child_{sofia.pk}" not in page  # seven: asked on her own, not in a round of the adults
    assert page.count('name="other_name_') == 2


def test_a_round_records_one_number_per_filled_row_on_one_date_and_occasion(
    client_of, alice, bob, url, maria, lucia, teen
):
    client = client_of(alice)
    response = client.post(
        url("scaling_round"),
        round_data(
            **{
                f"score_caregiver_{maria.pk}": "6",
                f"note_caregiver_{maria.pk}": "calmer since the plan",
                f"score_member_{lucia.pk}": "5",
                f"score_child_{teen.pk}": "",  # did not give one
                f"score_staff_{alice.pk}": "3",
                f"score_staff_{bob.pk}": "0",
                "other_name_1": "Ms. Alvarez",
                "other_score_1": "4",
            }
        ),
    )
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["occasion"] == ["First Family Team Meeting"]
    scores = ScalingScore.objects.order_by("id")
    assert [(s.name, s.given_by, s.score, s.note) for s in scores] == [
        ("Maria Reyes", "caregiver", 6, "calmer since the plan"),
        ("Lucía Reyes", "network_member", 5, ""),
        ("Alice Ames", "caseworker", 3, ""),
        ("Bob Baptiste", "supervisor", 0, ""),
        ("Ms. Alvarez", "other", 4, ""),
    ]
    assert [s.caregiver or s.network_member or s.staff for s in scores][:4] == [maria, lucia, alice, bob]
    assert {(s.scored_on, s.occasion) for s in scores} == {(date(2026, 3, 10), "First Family Team Meeting")}
    page = client.get(response["Location"]).text
    assert "5 scaling numbers are recorded." in page
    assert page.count('class="series"') == 5


def test_a_round_with_a_wrong_number_saves_none_and_keeps_everything_typed(
    client_of, alice, url, maria, lucia
):
    response = client_of(alice).post(
        url("scaling_round"),
        round_data(
            **{
                f"score_caregiver_{maria.pk}": "6",
                f"note_caregiver_{maria.pk}": "calmer since the plan",
                f"score_member_{lucia.pk}": "11",
                "other_name_1": "Ms. Alvarez",  # without her number
            }
        ),
    )
    assert response.status_code == 200
    page = response.text
    assert not ScalingScore.objects.exists()
    assert f'name="score_caregiver_{maria.pk}" value="6"' in page
    assert "calmer since the plan" in page and 'value="First Family Team Meeting"' in page
    assert f'name="score_member_{lucia.pk}" value="11"' in page
    rows = page.split('class="row g-2 py-2 border-bottom scaling-round-row"')
    lucia_row = next(row for row in rows if f'name="score_member_{lucia.pk}"' in row)
    assert "less than or equal to 10" in lucia_row  # beside her number
    assert f'aria-describedby="id_score_member_{lucia.pk}-error"' in lucia_row
    alvarez_row = next(row for row in rows if 'name="other_name_1"' in row)
    assert "Give their number, or clear their name." in alvarez_row
    maria_row = next(row for row in rows if f'name="score_caregiver_{maria.pk}"' in row)
    assert "is-invalid" not in maria_row


def test_a_round_with_no_number_says_so(client_of, alice, url, maria):
    response = client_of(alice).post(url("scaling_round"), round_data(other_score_2="4"))
    assert "Write who gave this number." in response.text
    response = client_of(alice).post(url("scaling_round"), round_data())
    assert "Enter at least one number." in response.text
    assert not ScalingScore.objects.exists()


def test_a_round_is_saved_whole_or_not_at_all(family, alice, maria):
    from django.core.exceptions import ValidationError

    from safety_networks.services import scaling_round_record

    outsider = CaregiverFactory(first_name="Olga")
    with pytest.raises(ValidationError, match="Olga"):
        scaling_round_record(
            family=family,
            by=alice,
            scored_on=date(2026, 3, 10),
            numbers=[{"caregiver": maria, "score": 6}, {"caregiver": outsider, "score": 5}],
        )
    assert not ScalingScore.objects.exists()


def test_the_scaling_page_offers_the_round_on_the_kept_occasion(client_of, alice, url):
    page = client_of(alice).get(url("scaling") + "?occasion=Home+visit&date=2026-03-10").text
    assert f'href="{url("scaling_round")}?occasion=Home+visit&amp;date=2026-03-10"' in page
    page = client_of(alice).get(url("scaling_round") + "?occasion=Home+visit&date=2026-03-10").text
    assert 'name="occasion" value="Home visit"' in page and 'value="2026-03-10"' in page


def test_the_scaling_pages_issue_the_same_queries_with_few_and_many_people_and_numbers(
    client_of, alice, url, family, maria, lucia
):
    client = client_of(alice)

    def counts():
        counted = []
        for page in ("scaling", "scaling_round"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(page)).status_code == 200
            counted.append(len(queries))
        return counted

    scaling_record(family=family, by=alice, caregiver=maria, score=5, scored_on=date(2026, 3, 1))
    few = counts()
    for i in range(10):
        member = network_member_save(family=family, by=alice, name=f"Member {i}", relationship="friend")
        CaregiverFactory(family=family)
        scaling_record(family=family, by=alice, network_member=member, score=i, scored_on=date(2026, 3, 2))
        scaling_record(family=family, by=alice, staff=alice, score=i, scored_on=date(2026, 3, 3 + i))
    assert counts() == few


def test_the_database_links_a_number_to_one_person_of_its_kind(family, alice, maria, lucia):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScalingScore.objects.create(
            family=family, recorded_by=alice, score=5, given_by="caregiver", name="x", caregiver=maria,
            network_member=lucia,
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        ScalingScore.objects.create(
            family=family, recorded_by=alice, score=5, given_by="other", name="x", staff=alice
        )


def test_the_migration_links_names_that_are_exactly_someones(family, alice, bob, maria, lucia):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("safety_networks.migrations.0005_scaling_names_linked_to_people")
    CaregiverFactory(family=family, first_name="Dani", last_name="Okafor")
    CaregiverFactory(family=family, first_name="Dani", last_name="Reyes")  # "Dani" is two people

    def old(name, given_by):
        return ScalingScore.objects.create(
            family=family, recorded_by=alice, score=5, given_by=given_by, name=name
        )

    linked = {
        old("Maria", "caregiver"): ("caregiver", maria),
        old("Maria Reyes", "caregiver"): ("caregiver", maria),
        old("Lucía Reyes", "network_member"): ("network_member", lucia),
        old("Alice Ames", "caseworker"): ("staff", alice),
        old("Bob Baptiste", "supervisor"): ("staff", bob),
    }
    alone = [
        old("Mum", "caregiver"),
        old("maria", "caregiver"),  # not exactly her name
        old("Dani", "caregiver"),
        old("Maria Reyes", "network_member"),  # no member of that name
        old("Alice Ames", "supervisor"),  # Alice is not a supervisor
        old("Ms. Alvarez", "other"),
    ]
    migration.link(apps, None)
    for score, (field, person) in linked.items():
        score.refresh_from_db()
        assert getattr(score, field) == person, score.name
        assert getattr(score.history.latest(), f"{field}_id") == person.pk
    for score in alone:
        score.refresh_from_db()
        assert score.person_key == (score.given_by, score.name)
    migration.unlink(apps, None)
    assert not ScalingScore.objects.filter(caregiver__isnull=False).exists()
    assert not ScalingScore.history.filter(staff__isnull=False).exists()


def test_a_meeting_number_is_linked_to_the_participant(family, alice, maria):
    from datetime import datetime

    from django.utils import timezone

    from meetings.services import meeting_scaling_record, meeting_schedule

    meeting = meeting_schedule(
        family=family,
        by=alice,
        caregivers=[maria],
        meeting_type="initial",
        scheduled_at=timezone.make_aware(
            datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
        ),
    )
    # the day of the meeting comes: numbers are given at the meeting, not before it
    type(meeting).objects.filter(pk=meeting.pk).update(scheduled_at=timezone.now() - timedelta(hours=1))
    meeting.refresh_from_db()
    participant = meeting.participants.get()
    meeting_scaling_record(meeting=meeting, by=alice, participant=participant, score=6)
    meeting_scaling_record(meeting=meeting, by=alice, participant=None, score=4)
    assert [(s.caregiver, s.staff) for s in ScalingScore.objects.order_by("id")] == [
        (maria, None),
        (None, alice),
    ]


@pytest.mark.parametrize("score", ["11", "-1", "seven"])
def test_a_number_outside_0_to_10_is_refused_at_the_field_keeping_the_rest(client_of, alice, url, score):
    response = client_of(alice).post(url("scaling"), a_score(score=score, note="after the meeting"))
    assert response.status_code == 200
    assert "after the meeting" in response.text and 'value="Mrs. Chen"' in response.text
    assert any(
        m in response.text
        for m in ("less than or equal to 10", "greater than or equal to 0", "Enter a whole number")
    )
    assert not ScalingScore.objects.exists()


def test_the_database_refuses_a_number_above_10(family, alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScalingScore.objects.create(family=family, recorded_by=alice, score=11, given_by="other", name="x")


def test_the_latest_number_per_person_shows_on_the_map(client_of, alice, url, family):
    scaling_record(
        family=family, by=alice, score=3, given_by="caseworker", name="Alice", scored_on=date(2026, 3, 1)
    )
    scaling_record(
        family=family, by=alice, score=5, given_by="caseworker", name="Alice", scored_on=date(2026, 4, 1)
    )
    page = client_of(alice).get(url("map")).text
    assert "5 out of 10" in page and "3 out of 10" not in page


def member(**overrides):
    data = {
        "name": "Lucía Reyes",
        "relationship": "aunt",
        "kind": "informal",
        "circle": "inner",
        "agreed_to": "checks in every evening",
        "knows_the_worries": "on",
        "joined_on": "2026-03-05",
    }
    return {**data, **overrides}


def test_two_network_members_are_added_and_drawn_in_their_circles(client_of, alice, url):
    client = client_of(alice)
    client.post(url("member_add"), member())
    client.post(url("member_add"), member(name="Mrs. Chen", relationship="neighbour", circle="middle"))
    page = client.get(url("network")).text
    assert page.count('class="member member-inner"') == 1 and page.count('class="member member-middle"') == 1
    assert "Lucía Reyes" in page and "knows the worries" in page


def test_a_member_who_leaves_is_kept_with_the_date(client_of, alice, url, family):
    lucia = network_member_save(
        family=family, by=alice, name="Lucía", relationship="aunt", joined_on=date(2026, 1, 1)
    )
    client_of(alice).post(
        url("member_left", lucia.pk), {"left_on": date.today().isoformat(), "version": lucia.version}
    )
    lucia.refresh_from_db()
    assert lucia.left_on == date.today()
    page = client_of(alice).get(url("network")).text
    assert "Left the network" in page and 'class="member member-' not in page


def test_leaving_before_joining_is_refused(client_of, alice, url, family):
    lucia = network_member_save(
        family=family, by=alice, name="Lucía", relationship="aunt", joined_on=date.today()
    )
    response = client_of(alice).post(
        url("member_left", lucia.pk),
        {"left_on": (date.today() - timedelta(days=5)).isoformat(), "version": lucia.version},
    )
    assert "can&#x27;t be before they joined" in response.text


def test_the_network_page_issues_the_same_queries_with_3_and_30_members(client_of, alice, url, family):
    def add(n):
        for i in range(n):
            NetworkMember.objects.create(
                family=family,
                recorded_by=alice,
                name=f"Member {i}",
                relationship="friend",
                circle=["inner", "middle", "outer"][i % 3],
            )

    client = client_of(alice)
    add(3)
    with CaptureQueriesContext(connection) as with_3:
        assert client.get(url("network")).status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as with_30:
        assert client.get(url("network")).status_code == 200
    assert len(with_3) == len(with_30)
