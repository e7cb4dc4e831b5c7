from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import FamilyStatus, FamilyStatusChange
from families.plausible import years_before
from meetings.deadlines import first_meeting_state
from meetings.models import ActionItem, Meeting, MeetingScaling, MeetingStatus, Participant
from meetings.services import meeting_schedule
from safety_networks.models import ScalingScore
from safety_networks.services import network_member_save, safety_plan_start
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db

OPENED = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("days_since_opening", "icwa", "state"),
    [
        (59, False, "due"),
        (60, False, "due"),
        (61, False, "overdue"),
        (29, True, "due"),
        (30, True, "due"),
        (31, True, "overdue"),
    ],
)
def test_the_first_meeting_is_due_60_days_after_opening_30_under_icwa(days_since_opening, icwa, state):
    result = first_meeting_state(
        opened_on=OPENED, icwa=icwa, first_held_on=None, today=OPENED + timedelta(days=days_since_opening)
    )
    assert result.state == state
    assert result.on == OPENED + timedelta(days=30 if icwa else 60)


def test_a_held_first_meeting_is_no_longer_due_and_a_referral_not_yet():
    held = first_meeting_state(
        opened_on=OPENED, icwa=False, first_held_on=date(2026, 5, 20), today=date(2026, 9, 1)
    )
    assert held.state == "held"
    assert first_meeting_state(opened_on=None, icwa=False, first_held_on=None, today=OPENED) is None


def url(family, name, *args):
    return reverse(f"meetings:{name}", args=[family.public_id, *args])


@pytest.fixture
def people(family, alice):
    maria = CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    lucia = network_member_save(family=family, by=alice, name="Lucía Reyes", relationship="aunt")
    samuel = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    return maria, lucia, samuel


def years_ago(years, days=0):
    return years_before(date.today(), years) - timedelta(days=days)


def in_days(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_an_initial_meeting_is_scheduled_inviting_two_network_members(client_of, alice, family, people):
    maria, lucia, samuel = people
    response = client_of(alice).post(
        url(family, "schedule"),
        {
            "meeting_type": "initial",
            "scheduled_at": in_days(7),
            "place": "Family room, county office",
            "video_link": "meet.example.org/ftm",
            "caregivers": [maria.pk],
            "network_members": [lucia.pk, samuel.pk],
            "professionals": "Dr. Ruth Mensah, County Health, therapist",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url(family, "meeting", meeting.pk)
    assert meeting.video_link == "https://meet.example.org/ftm"
    assert sorted(Participant.objects.values_list("name", "kind")) == [
        ("Dr. Ruth Mensah", "professional"),
        ("Lucía Reyes", "network_member"),
        ("Maria Reyes", "caregiver"),
        ("Samuel Okafor", "network_member"),
    ]
    assert Participant.objects.get(name="Dr. Ruth Mensah").role == "therapist"


def test_a_meeting_cannot_be_scheduled_in_the_past(client_of, alice, family):
    response = client_of(alice).post(
        url(family, "schedule"), {"meeting_type": "initial", "scheduled_at": in_days(-1), "place": "Office"}
    )
    assert "can&#x27;t be scheduled in the past" in response.text and 'value="Office"' in response.text
    assert not Meeting.objects.exists()


def held_meeting(family, alice, people, days_ago=1):
    maria, lucia, samuel = people
    meeting = meeting_schedule(
        family=family,
        by=alice,
        caregivers=[maria],
        network_members=[lucia, samuel],
        scheduled_at=timezone.now() + timedelta(minutes=5),
        meeting_type="initial",
    )
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_at=timezone.now() - timedelta(days=days_ago))
    meeting.refresh_from_db()
    return meeting


def test_the_meeting_is_recorded_with_attendance_scaling_and_action_items(client_of, alice, family, people):
    meeting = held_meeting(family, alice, people)
    maria, lucia, samuel = (
        Participant.objects.get(name=n) for n in ("Maria Reyes", "Lucía Reyes", "Samuel Okafor")
    )
    client = client_of(alice)
    response = client.post(
        url(family, "record", meeting.pk),
        {
            f"attended_{maria.pk}": "on",
            f"attended_{lucia.pk}": "on",
            "worries": "Daniel's anger",
            "working_well": "Lucía sees the children daily",
            "decisions": "Samuel is Daniel's call",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert dict(Participant.objects.values_list("name", "attended")) == {
        "Maria Reyes": True,
        "Lucía Reyes": True,
        "Samuel Okafor": False,
    }
    for participant, score in ((maria, 6), (lucia, 5)):
        assert (
            client.post(
                url(family, "scaling", meeting.pk), {"participant": participant.pk, "score": score}
            ).status_code
            == 302
        )
    scores = ScalingScore.objects.order_by("score")
    assert [(s.name, s.score, s.given_by) for s in scores] == [
        ("Lucía Reyes", 5, "network_member"),
        ("Maria Reyes", 6, "caregiver"),
    ]
    assert MeetingScaling.objects.filter(meeting=meeting).count() == 2
    for what, who in (
        ("Apply for rental assistance", "Maria Reyes"),
        ("Check in every evening", "Lucía Reyes"),
    ):
        client.post(
            url(family, "action_add", meeting.pk),
            {
                "what": what,
                "who": who,
                "due_on": (date.today() + timedelta(days=14)).isoformat(),
                "status": "open",
            },
        )
    assert ActionItem.objects.count() == 2
    page = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "first meeting held" in page and "2 to do" in page
    scaling_page = client.get(reverse("safety_networks:scaling", args=[family.public_id])).text
    assert "Initial meeting" in scaling_page


def test_an_action_item_needs_an_owner_and_a_date(client_of, alice, family, people):
    meeting = held_meeting(family, alice, people)
    response = client_of(alice).post(
        url(family, "action_add", meeting.pk), {"what": "Call the school", "status": "open"}
    )
    assert response.text.count("This field is required") == 2 and "Call the school" in response.text
    assert not ActionItem.objects.exists()


def test_a_future_meeting_offers_no_record_form_and_says_when_it_can_be_recorded(
    client_of, alice, family, people
):
    maria, *_ = people
    when = timezone.localtime() + timedelta(days=2)
    meeting = meeting_schedule(family=family, by=alice, caregivers=[maria], scheduled_at=when)
    client = client_of(alice)
    page = client.get(url(family, "meeting", meeting.pk)).text
    assert "Record the meeting" not in page and url(family, "record", meeting.pk) not in page
    said = f"it can be recorded once it has begun, from {when:%-d %B %Y, %H:%M}"
    assert said in page
    # the form is not shown, nor taken, before the meeting: the meeting's page says why
    assert url(family, "scaling", meeting.pk) not in page  # a scaling number is given at the meeting
    for response in (
        client.get(url(family, "record", meeting.pk), follow=True),
        client.post(
            url(family, "record", meeting.pk), {"version": meeting.version, "worries": "x"}, follow=True
        ),
        client.post(url(family, "scaling", meeting.pk), {"score": "5"}, follow=True),
    ):
        assert response.redirect_chain == [(url(family, "meeting", meeting.pk), 302)]
        assert said in response.text and 'name="worries"' not in response.text
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.worries == ""
    assert not ScalingScore.objects.exists()


def test_once_the_meeting_has_begun_it_is_offered_for_recording(client_of, alice, family, people):
    meeting = held_meeting(family, alice, people, days_ago=0)
    page = client_of(alice).get(url(family, "meeting", meeting.pk)).text
    assert "Record the meeting" in page and "still to come" not in page
    assert 'name="worries"' in client_of(alice).get(url(family, "record", meeting.pk)).text


def ago(**delta):
    return (timezone.localtime() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def test_a_meeting_that_was_held_is_recorded_without_scheduling_it_first(client_of, alice, family, people):
    maria, lucia, samuel = people
    sofia = ChildFactory(family=family, first_name="Sofía", date_of_birth=years_ago(13))
    client = client_of(alice)
    meetings_page = client.get(url(family, "list")).text
    assert "Record a meeting that was held" in meetings_page and url(family, "record_held") in meetings_page
    response = client.post(
        url(family, "record_held"),
        {
            "meeting_type": "initial",
            "scheduled_at": ago(days=3),
            "place": "Family room, county office",
            "caregivers": [maria.pk],
            "children": [sofia.pk],
            "network_members": [lucia.pk],
            "professionals": "Dr. Ruth Mensah, County Health, therapist",
            "worries": "Daniel's anger",
            "working_well": "Lucía sees the children daily",
            "decisions": "Samuel is Daniel's call",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url(family, "meeting", meeting.pk)
    assert meeting.status == MeetingStatus.HELD and meeting.worries == "Daniel's anger"
    assert timezone.localtime(meeting.scheduled_at).strftime("%Y-%m-%dT%H:%M") == ago(days=3)
    assert sorted(Participant.objects.values_list("name", "attended")) == [
        ("Dr. Ruth Mensah", True),
        ("Lucía Reyes", True),
        ("Maria Reyes", True),
        (sofia.full_name, True),
    ]
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert f"first meeting held {timezone.localdate() - timedelta(days=3):%-d %b %Y}" in overview
    assert "Lucía sees the children daily" in client.get(url(family, "summary", meeting.pk)).text


def test_a_meeting_still_to_come_is_not_recorded_as_held_and_the_form_keeps_what_was_typed(
    client_of, alice, family
):
    response = client_of(alice).post(
        url(family, "record_held"),
        {"meeting_type": "initial", "scheduled_at": in_days(2), "worries": "Rent arrears"},
    )
    assert response.status_code == 200
    assert "This is still to come: schedule the meeting" in response.text
    assert "Rent arrears" in response.text
    assert not Meeting.objects.exists()


def test_scheduling_in_the_past_says_how_to_record_a_meeting_that_was_held(client_of, alice, family):
    response = client_of(alice).post(
        url(family, "schedule"), {"meeting_type": "initial", "scheduled_at": in_days(-1), "place": "Office"}
    )
    assert "Record a meeting that was held" in response.text


def test_cancelling_keeps_the_meeting_with_its_reason(client_of, alice, family):
    meeting = meeting_schedule(family=family, by=alice, scheduled_at=timezone.now() + timedelta(days=2))
    client = client_of(alice)
    assert "This field is required" in client.post(url(family, "cancel", meeting.pk), {"reason": ""}).text
    client.post(url(family, "cancel", meeting.pk), {"reason": "Maria is in hospital."})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancelled_reason == "Maria is in hospital."
    assert "Maria is in hospital." in client.get(url(family, "list")).text


def test_a_late_evening_meeting_is_named_by_the_agencys_day_not_utcs(client_of, alice, family):
    """10:30 pm in Los Angeles is the next morning in UTC: the meeting's name, on the list and
    in the title of its page, reads the day the page itself shows."""
    evening = timezone.localtime().replace(hour=22, minute=30, second=0, microsecond=0) + timedelta(days=3)
    meeting = meeting_schedule(family=family, by=alice, scheduled_at=evening, meeting_type="initial")
    client = client_of(alice)
    name = f"Initial meeting, {evening:%d %b %Y}"
    assert f">{name}</a>" in client.get(url(family, "list")).text
    page = client.get(url(family, "meeting", meeting.pk)).text
    assert f"<title>{name} · " in page and f"{evening:%A} {evening.day} {evening:%B %Y}, 22:30" in page


def test_my_caseload_shows_an_overdue_first_meeting(client_of, alice, family):
    FamilyStatusChange.objects.create(
        family=family,
        to_status=FamilyStatus.OPEN,
        changed_by=alice,
        effective_on=timezone.localdate() - timedelta(days=61),
    )
    page = client_of(alice).get(reverse("families:my_caseload")).text
    assert "First meeting" in page and "overdue" in page


@pytest.mark.parametrize("name", ["list", "schedule"])
def test_the_family_meeting_pages_for_the_three_people(client, alice, bob, charlie, family, name):
    for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(person)
        assert client.get(url(family, name)).status_code == expected


def test_the_meeting_pages_for_the_three_people(client, alice, bob, charlie, family, people):
    meeting = held_meeting(family, alice, people)
    item = ActionItem.objects.create(meeting=meeting, family=family, what="x", who="y", due_on=date.today())
    for name, args in (
        ("meeting", [meeting.pk]),
        ("record", [meeting.pk]),
        ("scaling", [meeting.pk]),
        ("action_add", [meeting.pk]),
        ("action_edit", [meeting.pk, item.pk]),
        ("cancel", [meeting.pk]),
    ):
        for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
            client.force_login(person)
            assert client.get(url(family, name, *args)).status_code == expected, (name, person.username)


def test_the_meeting_page_reads_the_same_queries_for_3_and_15_participants(client_of, alice, family):
    meeting = meeting_schedule(
        family=family,
        by=alice,
        scheduled_at=timezone.now() + timedelta(days=1),
        professionals=[{"name": f"P{i}"} for i in range(3)],
    )
    client = client_of(alice)
    with CaptureQueriesContext(connection) as with_3:
        assert client.get(url(family, "meeting", meeting.pk)).status_code == 200
    Participant.objects.bulk_create(
        [Participant(meeting=meeting, kind="professional", name=f"Q{i}") for i in range(12)]
    )
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(url(family, "meeting", meeting.pk)).status_code == 200
    assert len(with_3) == len(with_15)


def test_the_summary_for_the_family_says_who_does_what_by_when(client_of, alice, family, people):
    meeting = held_meeting(family, alice, people)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.HELD, decisions="Samuel is Daniel's call."
    )
    ActionItem.objects.create(
        meeting=meeting,
        family=family,
        what="Apply for rental assistance",
        who="Maria Reyes",
        due_on=date(2026, 4, 30),
    )
    page = client_of(alice).get(url(family, "summary", meeting.pk)).text
    assert "What we decided" in page and "Samuel is Daniel&#x27;s call." in page
    assert "Apply for rental assistance" in page and "30 April 2026" in page


def test_what_the_meeting_added_is_carried_into_the_map_in_one_step(client_of, alice, family, people):
    from safety_networks.models import MapEntry

    meeting = held_meeting(family, alice, people)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.HELD,
        worries="Rent arrears\nDaniel's temper",
        working_well="Lucía visits daily",
        needs_to_happen="- Call the housing advocate",
    )
    client = client_of(alice)
    response = client.post(url(family, "carry_to_map", meeting.pk), follow=True)
    assert "4 lines added to the map" in response.text
    assert set(MapEntry.objects.values_list("kind", "text")) == {
        ("complicating_factor", "Rent arrears"),
        ("complicating_factor", "Daniel's temper"),
        ("strength", "Lucía visits daily"),
        ("next_step", "Call the housing advocate"),
    }
    client.post(url(family, "carry_to_map", meeting.pk))
    assert MapEntry.objects.count() == 4  # not added twice


def test_my_upcoming_meetings_and_overdue_action_items(client_of, alice, bob, charlie, family, people):
    maria, *_ = people
    upcoming = meeting_schedule(
        family=family, by=alice, caregivers=[maria], scheduled_at=timezone.now() + timedelta(days=3)
    )
    ActionItem.objects.create(
        meeting=upcoming,
        family=family,
        what="Call the school",
        who="Alice",
        due_on=date.today() - timedelta(days=2),
    )
    for person in (alice, bob):
        page = client_of(person).get(reverse("meetings:upcoming")).text
        assert family.display_name in page and "Call the school" in page
    assert family.display_name not in client_of(charlie).get(reverse("meetings:upcoming")).text


def test_unit_review_shows_overdue_action_items_by_caseworker(client_of, alice, bob, family, people):
    maria, *_ = people
    meeting = meeting_schedule(
        family=family, by=alice, caregivers=[maria], scheduled_at=timezone.now() + timedelta(days=2)
    )
    ActionItem.objects.create(
        meeting=meeting,
        family=family,
        what="Call the school",
        who="Alice",
        due_on=date.today() - timedelta(days=1),
    )
    response = client_of(bob).get(reverse("supervision:unit_review"))
    (row,) = response.context["rows"]
    assert row.who == alice and row.numbers["action_items"] == 1


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("schedule", "9999-12-31T23:59", "this date is more than 5 years ahead"),
        ("schedule", "0001-01-01T00:00", "this date is more than 30 years ago"),
        ("record_held", "0001-01-01T00:00", "this date is more than 30 years ago"),
        ("record_held", "1900-01-01T09:00", "this date is more than 30 years ago"),
    ],
)
def test_a_meeting_date_beyond_any_plausible_year_is_refused_at_the_field(
    client_of, alice, family, name, typed, message
):
    client = client_of(alice)
    response = client.post(
        url(family, name), {"meeting_type": "initial", "scheduled_at": typed, "place": "Family room"}
    )
    assert response.status_code == 200 and message in response.text
    assert f'value="{typed}"' in response.text and 'value="Family room"' in response.text
    assert not Meeting.objects.exists()
    # and every page that lists the family's meetings still answers
    for page in (
        reverse("families:overview", args=[family.public_id]),
        url(family, "list"),
        reverse("meetings:upcoming"),
    ):
        assert client.get(page).status_code == 200


def test_a_meeting_on_the_last_plausible_day_is_taken(client_of, alice, family):
    last = years_before(timezone.localdate(), -5)
    response = client_of(alice).post(
        url(family, "schedule"), {"meeting_type": "initial", "scheduled_at": f"{last}T23:59"}
    )
    assert response.status_code == 302 and Meeting.objects.count() == 1


def test_only_children_12_and_older_are_offered_to_take_part(client_of, alice, family):
    twelve = ChildFactory(family=family, first_name="Twelve", date_of_birth=years_ago(12))
    almost = ChildFactory(family=family, first_name="Almost", date_of_birth=years_ago(12, days=-1))
    unknown = ChildFactory(family=family, first_name="Unknown", date_of_birth=None)
    draft = safety_plan_start(family=family, by=alice)
    client = client_of(alice)
    for page in (
        url(family, "schedule"),
        url(family, "record_held"),
        reverse("safety_networks:plan_edit", args=[family.public_id, draft.pk]),
    ):
        text = client.get(page).text
        assert "12 and older" in text, page
        assert twelve.first_name in text and unknown.first_name in text, page
        assert almost.first_name not in text, page


def test_a_closed_family_shows_no_first_meeting_overdue(client_of, alice, family):
    FamilyStatusChange.objects.create(
        family=family,
        to_status=FamilyStatus.OPEN,
        changed_by=alice,
        effective_on=timezone.localdate() - timedelta(days=90),
    )
    family.status, family.closed_on = FamilyStatus.CLOSED, timezone.localdate()
    family.closure_reason = "moved"
    family.save()
    client = client_of(alice)
    overview = client.get(reverse("families:overview", args=[family.public_id])).text
    assert "the first meeting is overdue" not in overview
    assert "no first meeting was held; none is due now the family is closed" in overview
    caseload = client.get(reverse("families:my_caseload") + "?status=closed").text
    assert family.display_name in caseload and "overdue" not in caseload
