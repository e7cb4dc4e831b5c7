"""The family strengths and needs assessment feeds the case plan (issue 22): the last submitted
assessment's C and D domains are the plan's priority needs (D first), each answered by a
well-being goal or a step of the plan or set aside with a reason; its A domains are strengths
to build on. The plan is not submitted with a need unanswered. The link table, the plan page
and the PDF say which need each goal answers; an A strength offers a first draft of a
"working well" entry on the map."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from case_plans import services
from case_plans.models import CasePlanStep, PlanNeed
from documents import services as document_services
from documents.models import DocumentState
from protective_factors.models import ProtectiveFactor, WellBeingGoal
from safety_networks import fsna_services
from safety_networks.fsna_models import DomainRating, FsnaInstrument
from safety_networks.models import MapEntry
from safety_networks.services import danger_statement_save
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db

NEXT_MONTH = date.today() + timedelta(days=30)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(family):
    return {
        "Maria": CaregiverFactory(family=family, first_name="Maria", last_name="Reyes"),
        "Daniel": CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor"),
        "Sofía": ChildFactory(family=family, first_name="Sofía", last_name="Okafor"),
    }


def fsna(family, alice, ratings: dict, *, submit=True):
    """An assessment of the family rating B all but `ratings` ((first name, domain) -> rating)."""
    instrument = FsnaInstrument.objects.get(is_demonstration=True)
    assessment = fsna_services.fsna_start(family=family, by=alice, instrument=instrument)
    rows = DomainRating.objects.filter(assessment=assessment).select_related("caregiver", "child")
    fsna_services.fsna_save(
        assessment=assessment,
        by=alice,
        ratings={
            row.pk: (ratings.get((row.person.first_name, row.domain), "B"), f"note on {row.domain}")
            for row in rows
        },
    )
    if submit:
        fsna_services.fsna_submit(assessment=assessment, by=alice)
    return assessment


def rating_of(assessment, first_name, domain) -> DomainRating:
    return DomainRating.objects.get(
        Q(caregiver__first_name=first_name) | Q(child__first_name=first_name),
        assessment=assessment,
        domain=domain,
    )


OKAFOR_REYES = {
    ("Maria", "resource_management"): "C",
    ("Daniel", "resource_management"): "C",
    ("Daniel", "domestic_relationships"): "D",
    ("Maria", "parenting_skills"): "A",
}


@pytest.fixture
def plan(family, alice, people):
    """A draft plan with a safety goal (and its step) and two well-being goals."""
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    _, goal = danger_statement_save(
        family=family, by=alice, children=[people["Sofía"]], factors=[factors["parental_resilience"]],
        statement_fields={"who_is_worried": "The school", "caregiver_behaviour": "when Daniel is angry",
                          "what_could_happen": "they could be badly hurt"},
        goal_fields={"caregivers_will": "when Daniel is angry he walks away and calls his brother",
                     "child_will_experience": "Sofía is safe", "agency_needs_to_see": "daily check-ins",
                     "for_how_long": "six months"},
    )  # fmt: skip
    WellBeingGoal.objects.create(
        family=family, recorded_by=alice, factor=factors["parental_resilience"],
        goal="Daniel joins a weekly fathers' group",
    )  # fmt: skip
    WellBeingGoal.objects.create(
        family=family, recorded_by=alice, factor=factors["concrete_support"],
        goal="The family applies for rental assistance",
    )  # fmt: skip
    plan = services.case_plan_start(family=family, by=alice)
    services.case_plan_step_add(
        plan=plan, by=alice, goal=goal, what="Call Samuel when angry", who="Daniel", by_when=NEXT_MONTH,
        progress_shown_by="Samuel reports the calls",
    )  # fmt: skip
    return plan


def goal_named(text) -> WellBeingGoal:
    return WellBeingGoal.objects.get(goal__startswith=text)


def plan_url(family, plan):
    return reverse("case_plans:plan", args=[family.public_id, plan.pk])


def need_url(family, plan, rating, what="need"):
    return reverse(f"case_plans:{what}", args=[family.public_id, plan.pk, rating.pk])


# --- What the plan offers -------------------------------------------------------------------


def test_the_plan_offers_c_and_d_domains_as_needs_d_first_and_a_as_strengths(
    client_of, alice, family, people, plan
):
    fsna(family, alice, {("Daniel", "substance_use"): "C"})  # an older one: not read
    assessment = fsna(family, alice, OKAFOR_REYES)
    fsna(family, alice, {("Maria", "mental_health"): "D"}, submit=False)  # a draft: not read

    page = client_of(alice).get(plan_url(family, plan)).text
    needs = page.split('id="needs-heading"')[1].split("Strengths to build on")[0]
    daniel_home = "Daniel Okafor: Relationships at home"
    assert daniel_home in needs, needs
    assert needs.index(daniel_home) < needs.index("Maria Reyes: Money, housing and basic needs (C)")
    assert "Daniel Okafor: Money, housing and basic needs (C)" in needs
    assert "Alcohol and drug use" not in needs and "Emotional and mental health" not in needs  # older, draft
    strengths = page.split("Strengths to build on")[1].split("</section>")[0]
    assert "Maria Reyes: Parenting skills and knowledge (A)" in strengths
    assert need_url(family, plan, rating_of(assessment, "Maria", "parenting_skills")) in strengths
    assert page.count("Not answered yet") == 3


def test_a_need_is_answered_by_a_well_being_goal_and_the_link_table_says_so(
    client_of, alice, family, people, plan
):
    assessment = fsna(family, alice, OKAFOR_REYES)
    need = rating_of(assessment, "Daniel", "domestic_relationships")
    fathers = goal_named("Daniel joins")
    client = client_of(alice)
    form = client.get(need_url(family, plan, need)).text
    assert "Set aside for this plan" in form and f'value="wellbeing-{fathers.pk}"' in form

    response = client.post(need_url(family, plan, need), {"answer": f"wellbeing-{fathers.pk}"})

    assert response.status_code == 302
    link = PlanNeed.objects.get(plan=plan, rating=need)
    assert link.well_being_goal == fathers and link.recorded_by == alice
    page = client.get(plan_url(family, plan)).text
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "answers the need: Daniel Okafor: Relationships at home" in table
    assert "Answered by the well-being goal: Daniel joins a weekly fathers&#x27; group" in page


def test_setting_a_need_aside_needs_a_reason_said_beside_the_field_and_keeps_what_was_typed(
    client_of, alice, family, people, plan
):
    assessment = fsna(family, alice, OKAFOR_REYES)
    need = rating_of(assessment, "Maria", "resource_management")
    client = client_of(alice)

    refused = client.post(need_url(family, plan, need), {"answer": "set_aside", "set_aside_reason": "  "})

    assert refused.status_code == 200
    assert refused.context["form"].errors["set_aside_reason"] == [
        "Say why this need is set aside for this plan."
    ]
    assert not PlanNeed.objects.exists()
    client.post(
        need_url(family, plan, need),
        {"answer": "set_aside", "set_aside_reason": "The housing advocate already works on the rent."},
    )
    link = PlanNeed.objects.get()
    assert link.set_aside_reason == "The housing advocate already works on the rent."
    page = client.get(plan_url(family, plan)).text
    assert "Set aside for this plan: The housing advocate already works on the rent." in page


def test_a_strength_is_linked_to_a_goal_or_step_but_never_set_aside(alice, family, people, plan):
    assessment = fsna(family, alice, OKAFOR_REYES)
    strength = rating_of(assessment, "Maria", "parenting_skills")
    with pytest.raises(ValidationError) as refused:
        services.case_plan_need_answer(plan=plan, by=alice, rating=strength, set_aside_reason="Not now")
    assert "answer" in refused.value.message_dict
    need = rating_of(assessment, "Maria", "resource_management")
    with pytest.raises(ValidationError) as no_reason:
        services.case_plan_need_answer(plan=plan, by=alice, rating=need, set_aside_reason="  ")
    assert no_reason.value.message_dict == {
        "set_aside_reason": ["Say why this need is set aside for this plan."]
    }
    step = CasePlanStep.objects.get(plan=plan)
    services.case_plan_need_answer(plan=plan, by=alice, rating=strength, answer=step)
    assert PlanNeed.objects.get().step == step


def test_a_b_rating_or_another_familys_is_not_offered(client_of, alice, family, people, plan):
    assessment = fsna(family, alice, OKAFOR_REYES)
    neither = rating_of(assessment, "Maria", "mental_health")  # B
    other = FamilyFactory(assigned_caseworker=alice)
    ChildFactory(family=other, first_name="Ana")
    theirs = DomainRating.objects.filter(assessment=fsna(other, alice, {("Ana", "education"): "D"})).first()
    client = client_of(alice)
    assert client.get(need_url(family, plan, neither)).status_code == 404
    assert client.get(need_url(family, plan, theirs)).status_code == 404
    with pytest.raises(ValidationError):
        services.case_plan_need_answer(plan=plan, by=alice, rating=neither, set_aside_reason="x")


def test_submitting_with_a_priority_need_unanswered_is_refused_naming_it(
    client_of, alice, family, people, plan
):
    assessment = fsna(family, alice, OKAFOR_REYES)
    client = client_of(alice)

    client.post(reverse("case_plans:submit", args=[family.public_id, plan.pk]))

    plan.refresh_from_db()
    assert plan.status == "draft"
    page = client.get(plan_url(family, plan)).text
    assert "Answer the priority need “Daniel Okafor: Relationships at home" in page
    for who, domain in (("Daniel", "domestic_relationships"), ("Daniel", "resource_management")):
        services.case_plan_need_answer(
            plan=plan, by=alice, rating=rating_of(assessment, who, domain), answer=goal_named("Daniel joins")
        )
    with pytest.raises(ValidationError) as refused:
        services.case_plan_submit(plan=plan, by=alice)
    assert refused.value.messages == [
        "Answer the priority need “Maria Reyes: Money, housing and basic needs (C)” with a well-being "
        "goal or a step, or set it aside for this plan with a reason."
    ]
    services.case_plan_need_answer(
        plan=plan, by=alice, rating=rating_of(assessment, "Maria", "resource_management"),
        set_aside_reason="The housing advocate works on it.",
    )  # fmt: skip
    assert services.case_plan_submit(plan=plan, by=alice).status == "submitted"  # the strength need not be


def test_a_need_answered_by_a_step_taken_out_is_unanswered_again(alice, family, people, plan):
    assessment = fsna(family, alice, {("Daniel", "domestic_relationships"): "D"})
    step = CasePlanStep.objects.get(plan=plan)
    services.case_plan_need_answer(
        plan=plan, by=alice, rating=rating_of(assessment, "Daniel", "domestic_relationships"), answer=step
    )
    services.case_plan_step_withdraw(step=step, by=alice, reason="Not agreed")
    with pytest.raises(ValidationError) as refused:
        services.case_plan_submit(plan=plan, by=alice)
    assert any("Answer the priority need" in message for message in refused.value.messages)


# --- Made from the need ---------------------------------------------------------------------


def test_a_step_started_from_the_need_is_prefilled_and_answers_it(client_of, alice, family, people, plan):
    assessment = fsna(family, alice, OKAFOR_REYES)
    need = rating_of(assessment, "Daniel", "resource_management")
    client = client_of(alice)
    form = client.get(need_url(family, plan, need, "need_step")).context["form"]
    assert form.initial == {
        "what": "Money, housing and basic needs: note on resource_management",
        "who": "Daniel",
    }
    goal = plan.safety_goals.get()

    client.post(
        need_url(family, plan, need, "need_step"),
        {"goal": f"safety-{goal.pk}", "what": "Daniel signs up for the job programme", "who": "Daniel",
         "by_when": NEXT_MONTH.isoformat(), "progress_shown_by": "He goes to the first session"},
    )  # fmt: skip

    step = CasePlanStep.objects.get(what="Daniel signs up for the job programme")
    assert PlanNeed.objects.get(rating=need).step == step
    assert "answers: Daniel Okafor: Money" in client.get(plan_url(family, plan)).text


def test_a_well_being_goal_started_from_the_need_is_prefilled_put_in_the_plan_and_answers_it(
    client_of, alice, family, people, plan
):
    assessment = fsna(family, alice, OKAFOR_REYES)
    need = rating_of(assessment, "Maria", "resource_management")
    client = client_of(alice)
    form = client.get(need_url(family, plan, need, "need_goal")).context["form"]
    assert form.initial["person"] == f"caregiver-{people['Maria'].pk}"
    assert form.initial["goal"].startswith("Money, housing and basic needs")
    factor = ProtectiveFactor.objects.get(code="concrete_support")

    response = client.post(
        need_url(family, plan, need, "need_goal"),
        {"factor": factor.pk, "person": f"caregiver-{people['Maria'].pk}", "goal": "Maria applies for SNAP",
         "status": "open"},
    )  # fmt: skip

    assert response.status_code == 302, response.context["form"].errors
    goal = goal_named("Maria applies for SNAP")
    assert plan.well_being_goals.filter(pk=goal.pk).exists()
    assert PlanNeed.objects.get(rating=need).well_being_goal == goal


def test_an_answer_saved_by_someone_else_meanwhile_is_not_saved_over(
    client, alice, bob, family, people, plan
):
    assessment = fsna(family, alice, OKAFOR_REYES)
    need = rating_of(assessment, "Maria", "resource_management")
    url = need_url(family, plan, need)
    client.force_login(alice)
    opened = client.get(url).context["form"]["version"].value()  # before anyone answered
    assert opened == 0
    client.force_login(bob)
    client.post(url, {"answer": f"wellbeing-{goal_named('The family applies').pk}"})

    client.force_login(alice)
    typed = "Not this time: the advocate has it."
    response = client.post(url, {"answer": "set_aside", "set_aside_reason": typed, "version": opened})

    assert response.status_code == 200 and response.context["form"].conflict
    assert typed in response.text
    assert PlanNeed.objects.get().well_being_goal == goal_named("The family applies")


# --- The three people, the cost --------------------------------------------------------------


def test_the_three_people_on_the_need_pages(client, alice, bob, charlie, family, people, plan):
    need = rating_of(fsna(family, alice, OKAFOR_REYES), "Daniel", "domestic_relationships")
    for what in ("need", "need_step", "need_goal"):
        for person, expected in ((alice, 200), (bob, 200), (charlie, 404)):
            client.force_login(person)
            assert client.get(need_url(family, plan, need, what)).status_code == expected, (what, person)


def test_a_submitted_plan_s_need_pages_send_back_to_the_plan(client_of, alice, family, people, plan):
    need = rating_of(fsna(family, alice, OKAFOR_REYES), "Daniel", "domestic_relationships")
    services.case_plan_need_answer(plan=plan, by=alice, rating=need, answer=goal_named("Daniel joins"))
    for other in ("resource_management",):
        for who in ("Maria", "Daniel"):
            services.case_plan_need_answer(
                plan=plan, by=alice, rating=rating_of(need.assessment, who, other), set_aside_reason="later"
            )
    services.case_plan_submit(plan=plan, by=alice)
    client = client_of(alice)
    assert client.get(need_url(family, plan, need)).status_code == 302
    with pytest.raises(ValidationError):
        services.case_plan_need_answer(plan=plan, by=alice, rating=need, set_aside_reason="x")
    page = client.get(plan_url(family, plan)).text
    assert (
        "Answered by the well-being goal: Daniel joins" in page and need_url(family, plan, need) not in page
    )


def test_the_plan_page_costs_the_same_queries_for_1_and_26_needs(
    client_of, alice, family, people, plan, django_assert_max_num_queries
):
    client = client_of(alice)
    one = fsna(family, alice, {("Daniel", "domestic_relationships"): "D"})
    services.case_plan_need_answer(
        plan=plan, by=alice, rating=rating_of(one, "Daniel", "domestic_relationships"),
        answer=CasePlanStep.objects.get(plan=plan),
    )  # fmt: skip
    with CaptureQueriesContext(connection) as few:
        assert client.get(plan_url(family, plan)).status_code == 200

    CaregiverFactory(family=family, first_name="Lucía")
    ChildFactory(family=family, first_name="Tomás")
    many = fsna(family, alice, {})
    DomainRating.objects.filter(assessment=many).update(rating="C")  # 3 × 6 + 2 × 4 = 26 needs
    step = CasePlanStep.objects.get(plan=plan)
    for row in DomainRating.objects.filter(assessment=many)[:13]:
        services.case_plan_need_answer(plan=plan, by=alice, rating=row, answer=step)
    with django_assert_max_num_queries(len(few)):
        page = client.get(plan_url(family, plan)).text
    assert page.count("Answered by the step") == 13 and page.count("Not answered yet") == 13


# --- The PDF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pdf_says_which_need_each_goal_answers_and_lists_the_strengths(
    alice, family, people, plan, language, django_capture_on_commit_callbacks
):
    assessment = fsna(family, alice, OKAFOR_REYES)
    services.case_plan_need_answer(
        plan=plan, by=alice, rating=rating_of(assessment, "Daniel", "domestic_relationships"),
        answer=goal_named("Daniel joins"),
    )  # fmt: skip
    services.case_plan_need_answer(
        plan=plan, by=alice, rating=rating_of(assessment, "Daniel", "resource_management"),
        answer=CasePlanStep.objects.get(plan=plan),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        document = document_services.document_request(
            family=family, by=alice, kind="case_plan", source_id=plan.pk, language=language
        )
    document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason
    with document_services.document_open(document=document, by=alice) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    words = {
        "en": ["This goal works on a need we found together: Daniel Okafor: Relationships at home (D).",
               "This step works on a need: Daniel Okafor: Money, housing and basic needs (C).",
               "Strengths to build on", "Maria Reyes: Parenting skills and knowledge (A)"],
        # the domains in the family's language, from the tool's own Spanish
        "es": ["Esta meta trabaja una necesidad que encontramos juntos: "
               "Daniel Okafor: Relaciones en casa (D).",
               "Este paso trabaja una necesidad: "
               "Daniel Okafor: Dinero, vivienda y necesidades básicas (C).",
               "Fortalezas sobre las que construir",
               "Maria Reyes: Habilidades y conocimientos para criar (A)"],
    }[language]  # fmt: skip
    for expected in words:
        assert expected in text, (expected, text)


# --- The map ------------------------------------------------------------------------------------


def test_a_strength_offers_a_prefilled_working_well_entry_on_the_map(client_of, alice, family, people):
    assessment = fsna(family, alice, OKAFOR_REYES)
    strength = rating_of(assessment, "Maria", "parenting_skills")
    client = client_of(alice)
    add = reverse("safety_networks:entry_add", args=[family.public_id, "strength"])
    fsna_page = client.get(reverse("safety_networks:fsna", args=[family.public_id, assessment.pk])).text
    assert f"{add}?strength={strength.pk}" in fsna_page

    form = client.get(f"{add}?strength={strength.pk}").context["form"]
    assert form.initial["text"] == ("Maria Reyes: Parenting skills and knowledge. note on parenting_skills")
    client.post(f"{add}?strength={strength.pk}", {"text": "Maria knows what the children need", "noted_on":
                date.today().isoformat()})  # fmt: skip
    assert MapEntry.objects.get(kind="strength").text == "Maria knows what the children need"


def test_only_an_a_of_a_submitted_assessment_of_the_family_prefills_the_map(client_of, alice, family, people):
    client = client_of(alice)
    add = reverse("safety_networks:entry_add", args=[family.public_id, "strength"])
    submitted = fsna(family, alice, OKAFOR_REYES)
    draft = fsna(family, alice, {("Maria", "parenting_skills"): "A"}, submit=False)
    for rating in (
        rating_of(submitted, "Maria", "mental_health"),
        rating_of(draft, "Maria", "parenting_skills"),
    ):
        assert not client.get(f"{add}?strength={rating.pk}").context["form"].initial.get("text")
    draft_page = client.get(reverse("safety_networks:fsna", args=[family.public_id, draft.pk])).text
    assert f"{add}?strength=" not in draft_page


def test_a_new_version_keeps_the_answers_by_goals_and_steps_still_in_it_and_decides_set_asides_again(
    alice, bob, family, people, plan
):
    assessment = fsna(family, alice, OKAFOR_REYES)
    step = CasePlanStep.objects.get(plan=plan)
    answers = {
        ("Daniel", "domestic_relationships"): {"answer": step},
        ("Daniel", "resource_management"): {"answer": goal_named("The family applies")},
        ("Maria", "resource_management"): {"set_aside_reason": "The advocate has it."},
    }
    for (who, domain), answer in answers.items():
        need = rating_of(assessment, who, domain)
        services.case_plan_need_answer(plan=plan, by=alice, rating=need, **answer)
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")

    second = services.case_plan_start(family=family, by=alice)

    links = {link.rating.domain + link.rating.person.first_name: link for link in second.needs.all()}
    assert links["domestic_relationshipsDaniel"].step.carried_from == step
    assert links["resource_managementDaniel"].well_being_goal == goal_named("The family applies")
    assert "resource_managementMaria" not in links  # set aside for version 1 only


def test_a_changed_answer_shows_field_by_field_on_the_plan_s_changes_page(
    client_of, alice, family, people, plan
):
    need = rating_of(fsna(family, alice, OKAFOR_REYES), "Maria", "resource_management")
    link = services.case_plan_need_answer(
        plan=plan, by=alice, rating=need, set_aside_reason="Later, with the advocate"
    )
    services.case_plan_need_answer(
        plan=plan,
        by=alice,
        rating=need,
        answer=goal_named("The family applies"),
        expected_version=link.version,
    )
    url = reverse("families:record_changes", args=[family.public_id, "case-plans-caseplan", plan.pk])
    page = client_of(alice).get(url).text
    assert "Need or strength answered in the case plan" in page
    assert "<del>Later, with the advocate</del>" in page
    assert PlanNeed.history.filter(rating=need).count() == 2  # nothing is overwritten unseen
