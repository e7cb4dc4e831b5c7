"""Case plans: built from the goals, linked across the two frameworks, approved by the unit's
supervisor, immutable once approved, rendered to PDF by the same pipeline."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from case_plans import services
from case_plans.models import CasePlan, PlanStatus, PlanWellBeingGoal
from documents.models import Document, DocumentState
from meetings.models import ActionItem
from meetings.services import meeting_schedule
from protective_factors.models import ProtectiveFactor, WellBeingGoal
from safety_networks.services import danger_statement_save
from tests.factories import CaseworkerFactory, ChildFactory, SupervisorFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def goals(family, alice):
    sofia = ChildFactory(family=family, first_name="Sofía")
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    _, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[sofia],
        factors=[factors["parental_resilience"], factors["social_connections"]],
        statement_fields={
            "who_is_worried": "The school and the agency",
            "caregiver_behaviour": "when Daniel is angry he may grab",
            "what_could_happen": "they could be badly hurt",
        },
        goal_fields={
            "caregivers_will": "when Daniel is angry he walks away and calls his brother",
            "child_will_experience": "Sofía is safe",
            "agency_needs_to_see": "daily check-ins",
            "for_how_long": "over six months",
        },
    )
    fathers = WellBeingGoal.objects.create(
        family=family,
        recorded_by=alice,
        factor=factors["parental_resilience"],
        goal="Daniel joins a weekly fathers' group",
    )
    rent = WellBeingGoal.objects.create(
        family=family,
        recorded_by=alice,
        factor=factors["concrete_support"],
        goal="The family applies for rental assistance",
    )
    return goal, fathers, rent


def ready_plan(family, alice, goals):
    goal, *_ = goals
    plan = services.case_plan_start(family=family, by=alice)
    services.case_plan_step_add(
        plan=plan,
        by=alice,
        goal=goal,
        what="Call Samuel when angry",
        who="Daniel",
        by_when=date.today() + timedelta(days=30),
        progress_shown_by="Samuel reports the calls",
    )
    return plan


def test_the_link_table_joins_each_safety_goal_to_its_factors_and_well_being_goals(
    client_of, alice, family, goals
):
    plan = ready_plan(family, alice, goals)
    page = client_of(alice).get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert "Parental resilience; Social connections" in page
    assert "Daniel joins a weekly fathers&#x27; group (parental resilience)" in page
    row = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "rental assistance" not in row  # concrete support is not built by this goal


def test_the_factors_on_the_plan_pages_are_named_in_the_reader_s_language(client_of, alice, family, goals):
    """The five factors are named in Spanish wherever the plan's pages show them: the link
    table, the well-being goals, and the edit page's and the pull page's choices (issue 17)."""
    alice.language = "es"
    alice.save(update_fields=["language"])
    plan = ready_plan(family, alice, goals)
    client = client_of(alice)
    page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert "Resiliencia de los padres; Conexiones sociales" in page
    assert "Daniel joins a weekly fathers&#x27; group (resiliencia de los padres)" in page
    assert "Apoyo concreto en momentos de necesidad: The family applies for rental assistance" in page
    edit = client.get(reverse("case_plans:edit", args=[family.public_id, plan.pk])).text
    assert "Apoyo concreto en momentos de necesidad: The family applies for rental assistance" in edit
    pull = client.get(reverse("case_plans:pull", args=[family.public_id, plan.pk])).text
    assert "Apoyo concreto en momentos de necesidad: The family applies for rental assistance" in pull
    for english in ("Parental resilience", "Concrete support in times of need", "Social connections"):
        assert english not in page + edit + pull


def test_only_the_units_supervisor_approves(family, alice, bob, charlie, goals):
    plan = ready_plan(family, alice, goals)
    services.case_plan_submit(plan=plan, by=alice)
    other_supervisor = SupervisorFactory(unit=UnitFactory(name="Elsewhere"))
    for outsider in (alice, other_supervisor):
        with pytest.raises(PermissionDenied):
            services.case_plan_decide(plan=plan, by=outsider, approve=True, comment="")
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="Clear and specific.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.decided_by == bob


def test_an_approved_version_cannot_change_and_the_next_supersedes_it(family, alice, bob, goals):
    plan = ready_plan(family, alice, goals)
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.case_plan_step_add(
            plan=plan, by=alice, goal=goals[0], what="x", who="y", by_when=date.today(), progress_shown_by="z"
        )
    second = ready_plan(family, alice, goals)
    services.case_plan_submit(plan=second, by=alice)
    services.case_plan_decide(plan=second, by=bob, approve=True, comment="")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED and CasePlan.objects.get(status=PlanStatus.ACTIVE) == second


def test_a_returned_plan_comes_back_with_the_comment(family, alice, bob, goals):
    plan = ready_plan(family, alice, goals)
    services.case_plan_submit(plan=plan, by=alice)
    with pytest.raises(ValidationError, match="Say what needs to change"):
        services.case_plan_decide(plan=plan, by=bob, approve=False, comment="")
    services.case_plan_decide(plan=plan, by=bob, approve=False, comment="Steps must show behaviour.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED and plan.can_change


def test_submitting_needs_a_step_for_every_safety_goal_and_a_review_within_six_months(family, alice, goals):
    plan = services.case_plan_start(family=family, by=alice)
    with pytest.raises(ValidationError, match="Add a step for the safety goal"):
        services.case_plan_submit(plan=plan, by=alice)
    with pytest.raises(ValidationError, match="every six months"):
        services.case_plan_update(
            plan=plan,
            by=alice,
            safety_goals=[goals[0]],
            well_being_goals=[],
            review_on=date.today() + timedelta(days=200),
        )


def test_meeting_action_items_are_pulled_in_as_steps(client_of, alice, family, goals):
    from django.utils import timezone

    plan = services.case_plan_start(family=family, by=alice)
    meeting = meeting_schedule(family=family, by=alice, scheduled_at=timezone.now() + timedelta(days=1))
    item = ActionItem.objects.create(
        meeting=meeting,
        family=family,
        what="Apply for rental assistance",
        who="Maria",
        due_on=date.today() + timedelta(days=14),
    )
    response = client_of(alice).post(
        reverse("case_plans:pull", args=[family.public_id, plan.pk]),
        {"goal": f"wellbeing-{goals[2].pk}", "items": [item.pk]},
    )
    assert response.status_code == 302
    step = plan.steps.get()
    assert (step.what, step.who, step.from_action_item, step.well_being_goal) == (
        "Apply for rental assistance",
        "Maria",
        item,
        goals[2],
    )


def test_the_case_plan_pdf_has_the_goals_the_link_table_and_signatures(
    client_of, alice, bob, family, goals, django_capture_on_commit_callbacks
):
    from safety_networks.services import scaling_record

    plan = ready_plan(family, alice, goals)
    taken_out = services.case_plan_step_add(
        plan=plan, by=alice, goal=goals[0], what="Stay at the motel", who="Daniel",
        by_when=date.today() + timedelta(days=3), progress_shown_by="Samuel says where he is",
    )  # fmt: skip
    services.case_plan_step_withdraw(step=taken_out, by=alice, reason="Not agreed")
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    for day, score in ((date(2026, 3, 1), 3), (date(2026, 4, 1), 5)):
        scaling_record(
            family=family, by=alice, score=score, given_by="caseworker", name="Alice Ames", scored_on=day
        )
    client = client_of(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:document_request", args=[family.public_id]),
            {"kind": "case_plan", "source": plan.pk},
        )
    document = Document.objects.get()
    assert document.state == DocumentState.READY, document.failure_reason
    data = b"".join(
        client.get(
            reverse("documents:document_download", args=[family.public_id, document.public_id])
        ).streaming_content
    )
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert family.case_number in text and "Okafor-Reyes" in text
    assert "walks away and calls his brother" in text and "Parental resilience" in text
    assert "Daniel joins a weekly fathers' group" in text and "Caseworker:" in text and "Supervisor" in text
    assert "DRAFT" not in text
    assert "Call Samuel when angry" in text and "Stay at the motel" not in text  # a step taken out
    assert "How things have moved" in text and "Alice Ames (caseworker)" in text  # the scaling chart


@pytest.mark.parametrize("name", ["plans"])
def test_the_three_people_on_the_list(client, alice, bob, charlie, family, name):
    for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(person)
        assert client.get(reverse(f"case_plans:{name}", args=[family.public_id])).status_code == expected


def test_the_three_people_on_the_plan_pages(client, alice, bob, charlie, family, goals):
    plan = ready_plan(family, alice, goals)
    for name in ("plan", "edit", "step_add", "pull"):
        for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
            client.force_login(person)
            assert (
                client.get(reverse(f"case_plans:{name}", args=[family.public_id, plan.pk])).status_code
                == expected
            )


def test_a_caseworker_of_the_unit_cannot_approve_through_the_page(client_of, alice, family, goals):
    plan = ready_plan(family, alice, goals)
    services.case_plan_submit(plan=plan, by=alice)
    colleague = CaseworkerFactory(unit=alice.unit)
    decide = reverse("case_plans:decide", args=[family.public_id, plan.pk])
    assert client_of(alice).post(decide, {"decision": "approve"}).status_code == 403
    # Another caseworker of the unit cannot even see the family: to them it does not exist.
    assert client_of(colleague).post(decide, {"decision": "approve"}).status_code == 404
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.decided_by is None


@pytest.mark.parametrize(("days", "overdue"), [(59, False), (60, False), (61, True)])
def test_the_first_plan_is_due_60_days_after_opening(days, overdue):
    from case_plans.deadlines import case_plan_due

    opened = date(2026, 3, 1)
    due = case_plan_due(opened_on=opened, active_review_on=None, today=opened + timedelta(days=days))
    assert (due.what, due.on, due.overdue) == ("first plan", date(2026, 4, 30), overdue)


def test_an_approved_plan_is_due_for_review_by_its_date_and_my_caseload_says_so(
    client_of, alice, bob, family, goals
):
    from case_plans.deadlines import case_plan_due

    assert case_plan_due(opened_on=None, active_review_on=date(2026, 5, 1), today=date(2026, 5, 2)).overdue
    plan = ready_plan(family, alice, goals)
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    page = client_of(alice).get(reverse("families:my_caseload")).text
    assert "Case plan" in page and f"review by {plan.review_on:%-d %b}" in page


def test_the_caseworker_orders_the_goals(client_of, alice, family, goals):
    plan = ready_plan(family, alice, goals)
    _, fathers, rent = goals
    client = client_of(alice)
    page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert page.index("fathers&#x27; group") < page.index("rental assistance")
    plan.refresh_from_db()
    client.post(
        reverse("case_plans:move", args=[family.public_id, plan.pk]),
        {"kind": "wellbeing", "goal": rent.pk, "up": "1", "version": plan.version},
    )
    page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    well_being_part = page.split("Well-being goals and their steps")[1]
    assert well_being_part.index("rental assistance") < well_being_part.index("fathers&#x27; group")


def test_a_closed_family_has_no_case_plan_due(alice):
    from case_plans.selectors import case_plan_due_of, with_case_plan_columns
    from families.models import Family, FamilyStatus, FamilyStatusChange
    from tests.factories import FamilyFactory

    closed = FamilyFactory(assigned_caseworker=alice, status=FamilyStatus.CLOSED)
    FamilyStatusChange.objects.create(
        family=closed, to_status="open", effective_on=date.today() - timedelta(days=200), changed_by=alice
    )
    row = with_case_plan_columns(Family.objects.filter(pk=closed.pk)).get()
    assert row.opened_on is not None and case_plan_due_of(row) is None


# --- No lost updates on the case plan ----------------------------------------------------


def plan_data(plan, **changes) -> dict:
    """What the edit page sends: the plan as loaded (with its version), then `changes`."""
    plan.refresh_from_db()
    return {
        "safety_goals": [g.pk for g in plan.safety_goals.all()],
        "well_being_goals": [g.pk for g in plan.well_being_goals.all()],
        "services": plan.services,
        "visit_frequency": plan.visit_frequency,
        "review_on": plan.review_on.isoformat(),
        "version": plan.version,
        **changes,
    }


def edit_url(family, plan):
    return reverse("case_plans:edit", args=[family.public_id, plan.pk])


def test_two_people_saving_the_same_draft_the_second_is_shown_the_first_and_keeps_what_they_typed(
    client, alice, bob, family, goals
):
    plan = ready_plan(family, alice, goals)
    opened = plan_data(plan)  # both open the edit page
    client.force_login(alice)
    first = client.post(edit_url(family, plan), {**opened, "services": "Parenting class on Tuesdays"})
    assert first.status_code == 302

    client.force_login(bob)
    second = client.post(edit_url(family, plan), {**opened, "services": "Anger management group"})

    assert second.status_code == 200
    assert "Someone else saved this record while you were editing it" in second.text
    assert "Parenting class on Tuesdays" in second.text  # what Alice saved, shown
    assert "Anger management group</textarea>" in second.text  # what Bob typed, kept
    plan.refresh_from_db()
    assert plan.services == "Parenting class on Tuesdays"
    again = client.post(
        edit_url(family, plan),
        {
            **opened,
            "services": "Anger management group",
            "version": second.context["form"]["version"].value(),
        },
    )
    assert again.status_code == 302  # having seen Alice's save, Bob saves on purpose
    plan.refresh_from_db()
    assert plan.services == "Anger management group"


def test_a_plan_edit_sent_without_its_version_is_refused_not_saved_over_a_newer_one(
    client_of, alice, family, goals
):
    plan = ready_plan(family, alice, goals)
    client = client_of(alice)
    stale = plan_data(plan)
    del stale["version"]
    client.post(edit_url(family, plan), plan_data(plan, services="Saved first"))

    response = client.post(edit_url(family, plan), {**stale, "services": "An old tab, sent later"})

    assert response.status_code == 200
    assert "came without the version of the record it was opened from" in response.text
    assert "An old tab, sent later</textarea>" in response.text
    plan.refresh_from_db()
    assert plan.services == "Saved first"


def test_an_approved_plan_cannot_be_changed_through_its_edit_page(client_of, alice, bob, family, goals):
    plan = ready_plan(family, alice, goals)
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    client = client_of(alice)

    opened = client.get(edit_url(family, plan))
    assert opened.status_code == 302 and opened.url == reverse(
        "case_plans:plan", args=[family.public_id, plan.pk]
    )
    response = client.post(edit_url(family, plan), plan_data(plan, services="Changed after approval"))

    assert response.status_code == 200
    assert "is approved and in force and can no longer change" in response.text
    assert "Changed after approval</textarea>" in response.text  # what was typed is not lost
    plan.refresh_from_db()
    assert plan.services == "" and plan.status == PlanStatus.ACTIVE


def test_moving_a_goal_from_a_page_opened_before_someone_elses_move_is_refused(
    client, alice, bob, family, goals
):
    plan = ready_plan(family, alice, goals)
    _, fathers, rent = goals
    move = reverse("case_plans:move", args=[family.public_id, plan.pk])
    opened = plan.version
    client.force_login(alice)
    client.post(move, {"kind": "wellbeing", "goal": rent.pk, "up": "1", "version": opened})

    client.force_login(bob)
    response = client.post(
        move, {"kind": "wellbeing", "goal": rent.pk, "up": "0", "version": opened}, follow=True
    )
    without_version = client.post(move, {"kind": "wellbeing", "goal": rent.pk, "up": "0"}, follow=True)

    assert "Someone else changed the plan after this page was opened" in response.text
    assert "came without the version" in without_version.text
    order = PlanWellBeingGoal.objects.filter(plan=plan).order_by("position")
    assert [link.well_being_goal for link in order] == [rent, fathers]  # as Alice left it


# --- Steps: changed and taken out while a draft, carried into the next version ------------


def step_data(step, **changes) -> dict:
    step.refresh_from_db()
    goal = f"safety-{step.safety_goal_id}" if step.safety_goal_id else f"wellbeing-{step.well_being_goal_id}"
    return {
        "goal": goal,
        "what": step.what,
        "who": step.who,
        "by_when": step.by_when.isoformat(),
        "progress_shown_by": step.progress_shown_by,
        "version": step.version,
        **changes,
    }


def step_url(family, step, what="step_edit"):
    return reverse(f"case_plans:{what}", args=[family.public_id, step.plan_id, step.pk])


def test_a_step_of_a_draft_is_changed_from_the_plan_page(client_of, alice, family, goals):
    plan = ready_plan(family, alice, goals)
    step = plan.steps.get()
    client = client_of(alice)
    page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert step_url(family, step) in page and step_url(family, step, "step_withdraw") in page

    response = client.post(
        step_url(family, step),
        step_data(step, goal=f"wellbeing-{goals[1].pk}", what="Join the Thursday fathers' group"),
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.what, step.well_being_goal, step.safety_goal) == (
        "Join the Thursday fathers' group",
        goals[1],
        None,
    )


def test_a_step_changed_by_someone_else_meanwhile_is_not_saved_over(client, alice, bob, family, goals):
    plan = ready_plan(family, alice, goals)
    step = plan.steps.get()
    opened = step_data(step)
    client.force_login(alice)
    assert client.post(step_url(family, step), {**opened, "who": "Daniel and Samuel"}).status_code == 302

    client.force_login(bob)
    response = client.post(step_url(family, step), {**opened, "who": "Daniel, with Maria"})
    del opened["version"]
    without_version = client.post(step_url(family, step), {**opened, "who": "Daniel, with Maria"})

    assert "Someone else saved this record" in response.text and "Daniel and Samuel" in response.text
    assert 'value="Daniel, with Maria"' in response.text
    assert "came without the version" in without_version.text
    step.refresh_from_db()
    assert step.who == "Daniel and Samuel"

    reopened = step.version  # Bob opens the step again
    client.force_login(alice)
    client.post(step_url(family, step, "step_withdraw"), {"version": step.version})
    client.force_login(bob)
    after_withdrawal = client.post(
        step_url(family, step), {**opened, "who": "Daniel, with Lucía", "version": reopened}
    )
    assert after_withdrawal.status_code == 200
    assert "This step was taken out of the plan." in after_withdrawal.text
    assert 'value="Daniel, with Lucía"' in after_withdrawal.text


def test_a_step_taken_out_of_a_draft_is_kept_on_the_record_but_leaves_the_plan(
    client_of, alice, family, goals
):
    plan = ready_plan(family, alice, goals)
    step = plan.steps.get()
    client = client_of(alice)

    response = client.post(
        step_url(family, step, "step_withdraw"), {"reason": "Samuel moved away", "version": step.version}
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.withdrawn_at is not None and step.withdrawn_by == alice
    assert step.withdrawn_reason == "Samuel moved away" and step.what == "Call Samuel when angry"
    page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert "Call Samuel when angry" not in page
    assert client.get(step_url(family, step)).status_code == 404  # no longer part of the plan
    submitted = client.post(reverse("case_plans:submit", args=[family.public_id, plan.pk]), follow=True)
    assert "Add a step for the safety goal" in submitted.text  # it no longer counts


def test_steps_of_a_submitted_plan_cannot_be_changed_or_taken_out(client_of, alice, family, goals):
    plan = ready_plan(family, alice, goals)
    step = plan.steps.get()
    services.case_plan_submit(plan=plan, by=alice)
    client = client_of(alice)
    page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert step_url(family, step) not in page

    changed = client.post(step_url(family, step), step_data(step, what="Changed while submitted"))
    taken_out = client.post(step_url(family, step, "step_withdraw"), {"version": step.version})

    assert "can no longer change" in changed.text and "can no longer change" in taken_out.text
    step.refresh_from_db()
    assert step.what == "Call Samuel when angry" and step.withdrawn_at is None


def test_a_new_version_starts_with_the_steps_of_the_version_in_force(client_of, alice, bob, family, goals):
    goal, fathers, _ = goals
    plan = ready_plan(family, alice, goals)
    kept = plan.steps.get()
    taken_out = services.case_plan_step_add(
        plan=plan, by=alice, goal=fathers, what="Fathers' group", who="Daniel",
        by_when=date.today() + timedelta(days=10), progress_shown_by="Attends and tells Maria about it",
    )  # fmt: skip
    services.case_plan_step_withdraw(step=taken_out, by=alice, reason="Not now")
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")
    client = client_of(alice)

    client.post(reverse("case_plans:start", args=[family.public_id]))

    second = CasePlan.objects.get(number=2)
    carried = second.steps.get()
    assert (carried.what, carried.who, carried.by_when, carried.progress_shown_by, carried.safety_goal) == (
        kept.what,
        kept.who,
        kept.by_when,
        kept.progress_shown_by,
        goal,
    )
    assert carried.carried_from == kept and carried.pk != kept.pk
    page = client.get(reverse("case_plans:plan", args=[family.public_id, second.pk])).text
    assert "Call Samuel when angry" in page and "Fathers&#x27; group" not in page
    client.post(step_url(family, carried), step_data(carried, what="Call Samuel or Maria when angry"))
    kept.refresh_from_db()
    assert kept.what == "Call Samuel when angry"  # the approved version never changes


def test_a_pulled_step_asks_how_progress_will_be_shown_before_the_plan_is_submitted(
    client_of, alice, family, goals
):
    from django.utils import timezone

    plan = ready_plan(family, alice, goals)
    meeting = meeting_schedule(family=family, by=alice, scheduled_at=timezone.now() + timedelta(days=1))
    item = ActionItem.objects.create(
        meeting=meeting, family=family, what="Apply for rental assistance", who="Maria",
        due_on=date.today() + timedelta(days=14),
    )  # fmt: skip
    client = client_of(alice)
    client.post(
        reverse("case_plans:pull", args=[family.public_id, plan.pk]),
        {"goal": f"wellbeing-{goals[2].pk}", "items": [item.pk]},
    )
    pulled = plan.steps.get(from_action_item=item)
    page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert "How progress will be shown is not said yet." in page and "To be agreed" not in page

    refused = client.post(reverse("case_plans:submit", args=[family.public_id, plan.pk]), follow=True)
    assert "Say how progress will be shown for the step “Maria: Apply for rental assistance”" in refused.text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    blank = client.post(step_url(family, pulled), step_data(pulled))
    assert "Say how progress will be shown" in blank.text  # the step's page asks for it too
    client.post(step_url(family, pulled), step_data(pulled, progress_shown_by="The application's receipt"))
    client.post(reverse("case_plans:submit", args=[family.public_id, plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_a_step_of_a_goal_taken_out_of_the_plan_does_not_hold_up_submitting(client_of, alice, family, goals):
    plan = ready_plan(family, alice, goals)
    services.case_plan_step_add(
        plan=plan, by=alice, goal=goals[2], what="Apply for rental assistance", who="Maria",
        by_when=date.today() + timedelta(days=14), progress_shown_by="",
    )  # fmt: skip
    client = client_of(alice)
    client.post(edit_url(family, plan), plan_data(plan, well_being_goals=[goals[1].pk]))  # rent is out

    response = client.post(reverse("case_plans:submit", args=[family.public_id, plan.pk]), follow=True)

    assert "Apply for rental assistance" not in response.text  # neither shown nor asked about
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
