"""Reassigning several families from the review page; consultations (group supervision) with
their agreed actions, which show on the caseworker's caseload."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from families.models import Assignment, FamilyStatus
from supervision.models import Consultation, ConsultationAction
from tests.factories import CaseworkerFactory, FamilyFactory

pytestmark = pytest.mark.django_db

REASSIGN = reverse("supervision:reassign")


@pytest.fixture
def dana(unit_a):
    return CaseworkerFactory(username="dana", first_name="Dana", last_name="Diaz", unit=unit_a)


def test_a_supervisor_moves_several_families_at_once_with_a_reason(client_of, alice, bob, dana, charlie):
    first, second, staying = FamilyFactory.create_batch(3, assigned_caseworker=alice)
    closed = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    elsewhere = FamilyFactory(assigned_caseworker=charlie)
    client = client_of(bob)

    page = client.get(REASSIGN)
    offered = set(page.context["form"].fields["families"].queryset)
    assert offered == {first, second, staying}  # not the closed one, nor another unit's
    assert {w.pk for w in page.context["form"].fields["caseworker"].queryset} == {alice.pk, dana.pk}

    response = client.post(
        REASSIGN, {"families": [first.pk, second.pk], "caseworker": dana.pk, "reason": "Alice is on leave."}
    )
    assert response.status_code == 302 and response["Location"] == reverse("supervision:unit_review")
    for family in (first, second, staying, closed, elsewhere):
        family.refresh_from_db()
    assert (first.assigned_caseworker, second.assigned_caseworker, staying.assigned_caseworker) == (
        dana,
        dana,
        alice,
    )
    assert Assignment.objects.filter(caseworker=dana, reason="Alice is on leave.").count() == 2
    assert AuditEvent.objects.filter(actor=bob, family_public_id=first.public_id, action="update").exists()
    assert client_of(alice).get(reverse("families:overview", args=[first.public_id])).status_code == 404


def test_bad_input_is_shown_beside_the_fields_and_keeps_the_choices(client_of, alice, bob, dana):
    family = FamilyFactory(assigned_caseworker=alice)
    response = client_of(bob).post(REASSIGN, {"families": [family.pk], "caseworker": "", "reason": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"caseworker", "reason"}
    assert f'value="{family.pk}"' in response.text and "checked" in response.text
    nothing = client_of(bob).post(REASSIGN, {"caseworker": dana.pk, "reason": "Leave"})
    assert "Choose at least one family." in nothing.text
    same = client_of(bob).post(REASSIGN, {"families": [family.pk], "caseworker": alice.pk, "reason": "Leave"})
    assert same.status_code == 200 and "Already with" in same.text
    family.refresh_from_db()
    assert family.assigned_caseworker == alice


def test_another_units_family_cannot_be_slipped_in(client_of, bob, dana, charlie):
    elsewhere = FamilyFactory(assigned_caseworker=charlie)
    response = client_of(bob).post(
        REASSIGN, {"families": [elsewhere.pk], "caseworker": dana.pk, "reason": "x"}
    )
    assert response.status_code == 200 and "families" in response.context["form"].errors
    elsewhere.refresh_from_db()
    assert elsewhere.assigned_caseworker == charlie


def url(family, name, *args):
    return reverse(f"supervision:{name}", args=[family.public_id, *args])


def test_a_consultation_records_the_three_questions_who_took_part_and_agreed_actions(
    client_of, alice, bob, dana, family
):
    client = client_of(bob)
    form = client.get(url(family, "consultation_new"))
    assert form.status_code == 200
    assert set(form.context["form"].initial["staff_present"]) == {bob.pk, alice.pk}
    due = date.today() + timedelta(days=7)
    response = client.post(
        url(family, "consultation_new"),
        {
            "held_on": date.today().isoformat(),
            "worried_about": "Daniel's drinking at weekends.",
            "working_well": "Grandmother Rosa visits daily.",
            "needs_to_happen": "A safety plan the children can explain.",
            "staff_present": [bob.pk, alice.pk, dana.pk],
            "others_present": "Parent partner",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-what": "Ask Rosa to join the network meeting",
            "actions-0-owner": alice.pk,
            "actions-0-due_on": due.isoformat(),
            "actions-1-what": "Check the school's attendance record",
            "actions-1-owner": dana.pk,
            "actions-1-due_on": (date.today() - timedelta(days=1)).isoformat(),
            "actions-2-what": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == url(family, "consultations")
    consultation = Consultation.objects.get(family=family)
    assert (consultation.held_on, consultation.recorded_by, consultation.others_present) == (
        date.today(),
        bob,
        "Parent partner",
    )
    assert (consultation.worried_about, consultation.working_well, consultation.needs_to_happen) == (
        "Daniel's drinking at weekends.",
        "Grandmother Rosa visits daily.",
        "A safety plan the children can explain.",
    )
    assert set(consultation.staff_present.all()) == {alice, bob, dana}
    actions = ConsultationAction.objects.filter(consultation=consultation).order_by("due_on")
    assert [(a.what, a.owner, a.due_on, a.status, a.family) for a in actions] == [
        ("Check the school's attendance record", dana, date.today() - timedelta(days=1), "open", family),
        ("Ask Rosa to join the network meeting", alice, due, "open", family),
    ]
    listing = client.get(url(family, "consultations"))
    assert "Daniel&#x27;s drinking at weekends." in listing.text and "overdue" in listing.text

    caseload = client_of(alice).get(reverse("families:my_caseload")).text
    assert "2 agreed actions" in caseload and "1 overdue" in caseload
    overview = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert "Ask Rosa to join the network meeting" in overview


def consultation_form(*, staff, actions=(), **answers) -> dict:
    """A new consultation's form as posted: the three questions (`answers` override them), who
    took part, and a row per agreed action (what, owner, due_on)."""
    data = {
        "held_on": date.today().isoformat(),
        "worried_about": "w",
        "working_well": "w",
        "needs_to_happen": "n",
        "staff_present": [person.pk for person in staff],
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(actions):
        data |= {f"actions-{i}-{field}": value for field, value in row.items()}
    return data | answers


def test_a_consultation_with_a_blank_question_keeps_what_was_typed(client_of, bob, alice, family):
    response = client_of(bob).post(
        url(family, "consultation_new"),
        consultation_form(
            staff=[bob],
            actions=[{"what": "Call the school", "owner": alice.pk, "due_on": ""}, {}, {}],
            worried_about="",
            working_well="The school is on board.",
            needs_to_happen="",
        ),
    )
    assert response.status_code == 200
    assert "worried_about" in response.context["form"].errors
    assert response.context["actions"].forms[0].errors == {"due_on": ["Say by when."]}
    assert "The school is on board." in response.text and "Call the school" in response.text
    assert not Consultation.objects.exists()


def test_agreed_action_rows_are_optional_and_a_row_begun_says_what_it_lacks(client_of, bob, family):
    client = client_of(bob)
    page = client.get(url(family, "consultation_new")).text
    rows = page[page.index("Agreed actions") :]
    assert "asteriskField" not in rows  # blank rows are ignored: nothing there is required
    response = client.post(
        url(family, "consultation_new"),
        consultation_form(staff=[bob], actions=[{"what": "Visit on a Sunday"}, {"what": ""}]),
    )
    assert response.status_code == 200
    begun, blank = response.context["actions"].forms
    assert begun.errors == {"owner": ["Say who will do it."], "due_on": ["Say by when."]}
    assert not blank.errors
    assert "Say who will do it." in response.text and 'value="Visit on a Sunday"' in response.text
    assert not Consultation.objects.exists()


def test_agreed_actions_are_added_and_finished_never_deleted(client_of, alice, bob, family):
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
    )
    client = client_of(alice)
    added = client.post(
        url(family, "action_add", consultation.pk),
        {
            "add-what": "Book the family meeting",
            "add-owner": alice.pk,
            "add-due_on": date.today().isoformat(),
        },
    )
    assert added.status_code == 302 and added["Location"] == url(family, "consultations")
    action = ConsultationAction.objects.get()
    assert (action.consultation, action.family, action.what, action.owner, action.due_on) == (
        consultation,
        family,
        "Book the family meeting",
        alice,
        date.today(),
    )
    finished = client.post(url(family, "action_finish", action.pk), {"status": "done"})
    assert finished.status_code == 302 and finished["Location"] == url(family, "consultations")
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == date.today()
    again = client.post(url(family, "action_finish", action.pk), {"status": "dropped"}, follow=True)
    assert "already finished" in again.text
    bad = client.post(url(family, "action_add", consultation.pk), {"add-what": "", "add-owner": alice.pk})
    assert bad.status_code == 200 and "Say what was agreed." in bad.text and "Say by when." in bad.text


def test_editing_a_consultation_refuses_a_stale_save(client_of, bob, alice, family):
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
    )
    consultation.staff_present.set([bob])
    data = {
        "held_on": date.today().isoformat(),
        "worried_about": "Updated worry",
        "working_well": "w",
        "needs_to_happen": "n",
        "staff_present": [bob.pk],
        "version": consultation.version,
    }
    client = client_of(bob)
    saved = client.post(url(family, "consultation_edit", consultation.pk), data)
    assert saved.status_code == 302 and saved["Location"] == url(family, "consultations")
    stale = client.post(url(family, "consultation_edit", consultation.pk), {**data, "worried_about": "Mine"})
    assert stale.status_code == 200 and "Someone else saved this record" in stale.text
    consultation.refresh_from_db()
    assert consultation.worried_about == "Updated worry" and consultation.version == 2


@pytest.mark.parametrize("name", ["consultations", "consultation_new"])
def test_the_three_people_on_the_consultation_pages(client, alice, bob, charlie, family, name):
    for person, status in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(person)
        assert client.get(url(family, name)).status_code == status


def test_a_closed_family_takes_no_new_consultation(client_of, bob, alice):
    family = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    client = client_of(bob)
    overview = reverse("families:overview", args=[family.public_id])
    response = client.get(url(family, "consultation_new"))
    assert response.status_code == 302 and response["Location"] == overview
    posted = client.post(
        url(family, "consultation_new"), consultation_form(staff=[bob], worried_about="Late"), follow=True
    )
    assert posted.redirect_chain == [(overview, 302)]
    assert "This family is closed, so its record is read-only." in posted.text
    assert not Consultation.objects.exists()


def test_the_three_people_on_a_consultations_edit_page(client, alice, bob, charlie, family):
    consultation = Consultation.objects.create(
        family=family, worried_about="w", working_well="w", needs_to_happen="n", recorded_by=bob
    )
    for person, status in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(person)
        assert client.get(url(family, "consultation_edit", consultation.pk)).status_code == status


def test_a_program_administrator_reassigns_within_the_unit_they_open(
    client_of, administrator, alice, dana, unit_a
):
    family = FamilyFactory(assigned_caseworker=alice)
    client = client_of(administrator)
    assert client.get(REASSIGN).status_code == 404  # which unit? reached from a unit's review
    url = f"{REASSIGN}?unit={unit_a.pk}"
    assert family in client.get(url).context["form"].fields["families"].queryset
    response = client.post(
        url, {"families": [family.pk], "caseworker": dana.pk, "reason": "Balancing caseloads"}
    )
    assert response["Location"] == reverse("supervision:unit_review_of", args=[unit_a.pk])
    family.refresh_from_db()
    assert family.assigned_caseworker == dana
