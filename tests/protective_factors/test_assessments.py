from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from protective_factors.models import (
    Assessment,
    AssessmentStatus,
    Band,
    FactorScore,
    Instrument,
    WellBeingGoal,
)
from protective_factors.services import assessment_save_answers, assessment_start, assessment_submit
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(family):
    return CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")


@pytest.fixture
def instrument():
    return Instrument.objects.get(code="sop-demonstration")


def url(family, name, *args):
    return reverse(f"protective_factors:{name}", args=[family.public_id, *args])


def answers_for(assessment, value_of):
    return {f"item_{a.item_id}": value_of(a.item) for a in assessment.answers.select_related("item")}


def test_a_caseworker_starts_answers_and_submits_an_assessment(client_of, alice, family, maria):
    client = client_of(alice)
    response = client.post(
        url(family, "assessment_start"),
        {
            "person": f"caregiver-{maria.pk}",
            "kind": "pre",
            "assessed_on": date.today().isoformat(),
            "instrument": Instrument.objects.get().pk,
        },
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == url(family, "assessment", assessment.pk)
    assert assessment.answers.count() == 16  # the caregiver's own items, no child items
    page = client.get(url(family, "assessment", assessment.pk)).text
    assert "a demonstration, not a validated instrument" in page and "Not at all like me" in page
    assert "like us" not in page  # the caregiver answers "I …" items about themselves

    values = {
        "parental_resilience": 2,
        "social_connections": 4,
        "knowledge_of_parenting": 3,
        "concrete_support": 1,
    }
    data = answers_for(
        assessment,
        lambda item: values[item.factor.code] if not item.reverse_scored else 6 - values[item.factor.code],
    )
    response = client.post(url(family, "assessment", assessment.pk), {**data, "submit": "1"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    bands = dict(FactorScore.objects.values_list("factor__code", "band"))
    assert bands == {
        "parental_resilience": Band.AREA_TO_BUILD,
        "social_connections": Band.STRENGTH,
        "knowledge_of_parenting": Band.EMERGING,
        "concrete_support": Band.AREA_TO_BUILD,
    }


def test_a_child_is_assessed_on_the_items_for_their_age(family, alice, instrument):
    child = ChildFactory(family=family, date_of_birth=date(date.today().year - 8, 1, 1))
    assessment = assessment_start(family=family, by=alice, instrument=instrument, child=child)
    assert sorted(assessment.answers.values_list("item__code", flat=True)) == ["SE4", "SE5", "SE6"]


def test_too_many_unanswered_is_refused_saying_how_many_may_be_left(
    client_of, alice, family, maria, instrument
):
    assessment = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    data = answers_for(assessment, lambda item: 3 if item.factor.code != "social_connections" else "")
    data[next(k for k, v in data.items() if v == "")] = "4"  # one of four answered: three left
    response = client_of(alice).post(url(family, "assessment", assessment.pk), {**data, "submit": "1"})
    assert "Social connections: 3 questions are unanswered; at most 1 may be left" in response.text
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.answers.exclude(value=None).count() == 13  # the answers given are kept


def test_an_answer_off_the_scale_is_refused(client_of, alice, family, maria, instrument):
    assessment = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    item = assessment.answers.first().item_id
    response = client_of(alice).post(
        url(family, "assessment", assessment.pk), {f"item_{item}": "9", "save": "1"}
    )
    assert "Select a valid choice" in response.text


def test_each_answer_is_saved_as_it_is_chosen_so_a_draft_survives_a_timeout(
    client_of, alice, family, maria, instrument
):
    assessment = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    item = assessment.answers.first().item_id
    response = client_of(alice).post(
        url(family, "assessment", assessment.pk), {f"item_{item}": "4"}, HTTP_HX_REQUEST="true"
    )
    assert "Draft saved at" in response.text
    assert assessment.answers.get(item_id=item).value == 4


def test_a_slow_autosave_sent_before_later_answers_does_not_blank_them(
    client_of, alice, family, maria, instrument
):
    """The page autosaves the whole form on each choice; an earlier request that arrives after
    a later one (under load, or just before Submit) must not undo the answers chosen since."""
    assessment = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    first, second = [a.item_id for a in assessment.answers.order_by("item__position")[:2]]
    client = client_of(alice)
    page = url(family, "assessment", assessment.pk)
    # the later request (both answers) is answered first …
    client.post(page, {f"item_{first}": "4", f"item_{second}": "2"}, HTTP_HX_REQUEST="true")
    # … then the earlier one, sent when only the first answer was chosen
    response = client.post(page, {f"item_{first}": "4"}, HTTP_HX_REQUEST="true")
    assert "Draft saved at" in response.text
    assert assessment.answers.get(item_id=second).value == 2


def test_a_submitted_assessment_cannot_change(client_of, alice, family, maria, instrument):
    assessment = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    assessment_save_answers(
        assessment=assessment, by=alice, answers={a.item_id: 3 for a in assessment.answers.all()}
    )
    assessment_submit(assessment=assessment, by=alice)
    response = client_of(alice).post(url(family, "assessment", assessment.pk), {"save": "1"})
    assert response.status_code == 403


def submitted(family, alice, instrument, person, value, on):
    assessment = assessment_start(
        family=family, by=alice, instrument=instrument, caregiver=person, assessed_on=on
    )
    assessment_save_answers(
        assessment=assessment,
        by=alice,
        answers={
            a.item_id: (6 - value if a.item.reverse_scored else value)
            for a in assessment.answers.select_related("item")
        },
    )
    return assessment_submit(assessment=assessment, by=alice)


def test_the_family_page_shows_latest_scores_change_trend_and_areas_without_goals(
    client_of, alice, family, maria, instrument
):
    submitted(family, alice, instrument, maria, 2, date(2026, 3, 1))
    submitted(family, alice, instrument, maria, 4, date(2026, 6, 1))
    daniel = CaregiverFactory(family=family, first_name="Daniel")
    submitted(family, alice, instrument, daniel, 1, date(2026, 6, 1))
    page = client_of(alice).get(url(family, "family")).text
    assert "first 2.00" in page and "4.00 · Strength" in page
    assert page.count('class="series"') >= 4  # one line per person on each factor's chart
    assert "Areas to build without a well-being goal" in page and "Daniel: Parental resilience" in page


def test_a_goal_for_the_weakest_factor_is_added_and_the_area_is_no_longer_pointed_out(
    client_of, alice, family, maria, instrument
):
    submitted(family, alice, instrument, maria, 1, date(2026, 3, 1))
    client = client_of(alice)
    factor = FactorScore.objects.get(factor__code="concrete_support").factor
    response = client.post(
        url(family, "goal_add"),
        {
            "factor": factor.pk,
            "person": f"caregiver-{maria.pk}",
            "goal": "Maria applies for rental assistance by 30 April",
            "everyday_actions": "Call the housing advocate",
            "status": "open",
        },
    )
    assert response.status_code == 302
    assert WellBeingGoal.objects.get().caregiver == maria
    page = client.get(url(family, "family")).text
    assert "Maria applies for rental assistance by 30 April" in page
    assert "Maria: Concrete support" not in page


def test_a_family_goal_needs_a_person_choice_and_keeps_the_text(client_of, alice, family):
    response = client_of(alice).post(
        url(family, "goal_add"), {"goal": "Eat dinner together", "status": "open"}
    )
    assert response.status_code == 200 and "Eat dinner together" in response.text


def test_the_family_page_reads_the_same_queries_for_1_and_24_assessments(
    client_of, alice, family, maria, instrument
):
    client = client_of(alice)
    submitted(family, alice, instrument, maria, 3, date(2024, 1, 1))
    with CaptureQueriesContext(connection) as with_1:
        assert client.get(url(family, "family")).status_code == 200
    for month in range(1, 24):  # monthly for two years
        submitted(
            family, alice, instrument, maria, 1 + month % 5, date(2024 + month // 12, month % 12 + 1, 1)
        )
    with CaptureQueriesContext(connection) as with_24:
        assert client.get(url(family, "family")).status_code == 200
    assert len(with_1) == len(with_24)


def test_the_unit_view_shows_the_mean_change_per_factor(client_of, alice, bob, family, maria, instrument):
    submitted(family, alice, instrument, maria, 2, date(2026, 1, 1))
    submitted(family, alice, instrument, maria, 4, date(2026, 5, 1))
    response = client_of(bob).get(reverse("protective_factors:unit"))
    assert response.context["families"] == 1
    changes = {row.factor.code: row.mean_change for row in response.context["rows"]}
    assert str(changes["parental_resilience"]) == "2.00" and changes["social_emotional_competence"] is None
    assert client_of(alice).get(reverse("protective_factors:unit")).status_code == 403


@pytest.mark.parametrize("name", ["family", "assessment_start", "goal_add"])
def test_the_three_people(client, alice, bob, charlie, family, name):
    for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(person)
        assert client.get(url(family, name)).status_code == expected


def test_the_assessment_and_goal_pages_for_the_three_people(
    client, alice, bob, charlie, family, maria, instrument
):
    assessment = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    goal = WellBeingGoal.objects.create(
        family=family, recorded_by=alice, factor=instrument.items.first().factor, goal="x"
    )
    for target in (url(family, "assessment", assessment.pk), url(family, "goal_edit", goal.pk)):
        for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
            client.force_login(person)
            assert client.get(target).status_code == expected


def test_a_late_autosave_cannot_reopen_a_submitted_assessment(family, alice, maria, instrument):
    from django.core.exceptions import ValidationError

    assessment = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    stale = Assessment.objects.get(pk=assessment.pk)  # an autosave request read it here…
    assessment_save_answers(
        assessment=assessment, by=alice, answers={a.item_id: 3 for a in assessment.answers.all()}
    )
    assessment_submit(assessment=assessment, by=alice)  # …then the caseworker submitted
    with pytest.raises(ValidationError, match="is submitted"):
        assessment_save_answers(assessment=stale, by=alice, answers={stale.answers.first().item_id: 1})
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED
