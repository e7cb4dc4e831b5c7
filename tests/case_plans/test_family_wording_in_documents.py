"""A document in the family's language prints the family's wording of what staff wrote, and
the original, marked, where there is none yet; the form that asks for it lists what is still
missing (issue 17). The PDFs are made by the real pipeline and read back with pypdf."""

# The fixtures of test_printed_documents and test_document_language are imported, and taken
# as arguments by name.
# ruff: noqa: F811

import re
from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from case_plans.models import PlanSafetyGoal, PlanWellBeingGoal
from case_plans.selectors import case_plan_texts
from documents.kinds import registry as SPECS
from documents.models import Document
from families.family_wording import still_to_translate
from families.selectors import document_wording
from families.services import family_wording_set
from meetings.services import action_item_save
from protective_factors.models import WellBeingGoal
from protective_factors.services import well_being_goal_save
from safety_networks.models import DangerStatement, SafetyGoal, SafetyPlanRule
from safety_networks.services import danger_statement_save, safety_plan_activate
from tests.case_plans.test_document_language import (  # noqa: F401 (fixtures)
    ENGLISH_DATE,
    SPANISH_DATE,
    WORDS,
    made,
    spanish,
)
from tests.case_plans.test_printed_documents import (  # noqa: F401 (fixtures)
    add_step,
    case_plan,
    factors,
    meeting,
    people,
    private_media,
    safety_plan,
    samuel,
)

pytestmark = pytest.mark.django_db

GOAL_ES = (
    "Durante los próximos seis meses, cuando Daniel se enoje se alejará y llamará a su hermano, "
    "para que Sofía esté segura en casa."
)
RULE_ES = "Cuando Daniel se enoja, sale del cuarto y llama a Samuel."
DANGER_ES = "La escuela y la agencia temen que Daniel agarre a Sofía cuando se enoja."
STEP_ES = "Daniel llama a Samuel cada vez que se siente enojado"
ITEM_ES = "Llamar a la oficina de vivienda"
RENT_ES = "La familia pide ayuda con la renta antes del 31 de diciembre."

# The English headings of the three templates (and the words around them), none of which a
# Spanish document may print.
ENGLISH_TEMPLATE_TEXT = [
    *(words for kind in WORDS.values() for words in kind["english"]),
    "The rules of our safety plan",
    "How safety and well-being link up",
    "The worry and the safety goal",
    "Protective factors it builds",
    "Who makes sure",
    "By when",
    "What we decided",
    "(in English)",
]


HOLDS_ES = "Samuel contesta de día o de noche."
PROGRESS_ES = "Samuel le cuenta al trabajador(a) social de cada llamada"


def translate(family, by, record, wording, **others):
    record.refresh_from_db()
    family_wording_set(family=family, record=record, by=by, wording=wording, others=others, language="es")


@pytest.fixture
def worded_in_spanish(spanish, alice, case_plan, safety_plan, meeting):
    """The Spanish family's texts with their Spanish wording, but for Maria's well-being goal,
    left as staff wrote it; the safety plan in force since 10 March 2026."""
    goal = SafetyGoal.objects.get(family=spanish)
    translate(spanish, alice, goal, GOAL_ES)
    translate(spanish, alice, DangerStatement.objects.get(family=spanish), DANGER_ES)
    translate(spanish, alice, SafetyPlanRule.objects.get(plan=safety_plan), RULE_ES, how_it_holds=HOLDS_ES)
    translate(spanish, alice, case_plan.steps.get(safety_goal=goal), STEP_ES, progress_shown_by=PROGRESS_ES)
    translate(
        spanish,
        alice,
        case_plan.steps.get(safety_goal=None),
        "Llenar la solicitud de renta",
        progress_shown_by="La oficina de vivienda confirma la solicitud",
    )
    translate(spanish, alice, WellBeingGoal.objects.get(family=spanish, caregiver=None), RENT_ES)
    item = action_item_save(
        meeting=meeting, by=alice, what="Call the housing office", who="Maria", due_on=date(2026, 12, 4)
    )
    translate(spanish, alice, item, ITEM_ES)
    safety_plan_activate(plan=safety_plan, by=alice, on=date(2026, 3, 10))
    return {"case_plan": case_plan.pk, "safety_plan": safety_plan.pk, "meeting_summary": meeting.pk}


def test_a_spanish_speaking_familys_documents_print_its_wording_spanish_headings_and_dates(
    spanish, alice, worded_in_spanish, made
):
    texts = {}
    for kind, source_id in worded_in_spanish.items():
        _document, text, _reader = made(spanish, alice, kind, source_id)
        texts[kind] = text
        for words in WORDS[kind]["spanish"]:
            assert words in text, f"{kind}: {words!r} missing\n\n{text}"
        assert SPANISH_DATE.search(text), f"{kind}: no Spanish date\n\n{text}"
        assert not ENGLISH_DATE.search(text), f"{kind}: an English date\n\n{text}"
        english = [words for words in ENGLISH_TEMPLATE_TEXT if words in text]
        assert not english, f"{kind}: English template text {english}\n\n{text}"

    case_plan, safety_plan, summary = texts["case_plan"], texts["safety_plan"], texts["meeting_summary"]
    # the family's wording of a goal and of a rule, in the case plan and in the safety plan
    assert GOAL_ES in case_plan and RULE_ES in case_plan and DANGER_ES in case_plan
    assert STEP_ES in case_plan and RENT_ES in case_plan
    # a rule's and a step's second text too
    assert HOLDS_ES in safety_plan and HOLDS_ES in case_plan and PROGRESS_ES in case_plan
    assert "Samuel answers day or night" not in safety_plan + case_plan
    assert "Samuel tells the caseworker" not in case_plan
    assert RULE_ES in safety_plan and "10 de marzo de 2026" in safety_plan
    assert ITEM_ES in summary and "4 de diciembre de 2026" in summary
    # the originals they replace are not printed...
    assert "walks away and calls his brother" not in case_plan
    assert "leaves the room and calls Samuel" not in safety_plan + case_plan
    assert "Call the housing office" not in summary
    # ...but Maria's well-being goal, not translated yet, is: as staff wrote it, marked
    assert "Maria calls her mother each week (en inglés)" in case_plan
    assert case_plan.count("(en inglés)") == 2  # in the link table and under its own heading
    assert "(en inglés)" not in safety_plan + summary


def test_the_familys_wording_carries_its_language_and_the_original_english(spanish, alice, worded_in_spanish):
    with translation.override("es"):
        spec = SPECS["case_plan"]
        context = spec.context(spanish, worded_in_spanish["case_plan"])
        html = render_to_string(
            spec.template, {"family": spanish, "document": Document(title="x"), **context}
        )
    assert f'<span lang="es">{RULE_ES}</span>' in html
    assert f'<span lang="es">{GOAL_ES}</span>' in html
    assert re.search(
        r'<span lang="en">Maria calls her mother each week</span> '
        r'<small class="not-translated">\(en inglés\)</small>',
        html,
    )


def spanish_html(family, kind, source_id) -> str:
    with translation.override("es"):
        spec = SPECS[kind]
        return render_to_string(
            spec.template,
            {"family": family, "document": Document(title="x"), **spec.context(family, source_id)},
        )


def test_a_rules_and_a_steps_second_text_without_wording_is_printed_as_staff_wrote_it_marked(
    spanish, alice, case_plan, safety_plan, made
):
    # given a rule and a step in Spanish but for how the rule holds and how progress is shown
    rule = SafetyPlanRule.objects.get(plan=safety_plan)
    translate(spanish, alice, rule, RULE_ES)
    translate(spanish, alice, case_plan.steps.get(safety_goal__isnull=False), STEP_ES)
    safety_plan_activate(plan=safety_plan, by=alice, on=date(2026, 3, 10))

    # then each cell is its own: the rule in Spanish, how it holds in English, marked
    marked = '<span lang="en">{}</span> <small class="not-translated">(en inglés)</small>'
    for kind, source_id in (("safety_plan", safety_plan.pk), ("case_plan", case_plan.pk)):
        html = spanish_html(spanish, kind, source_id)
        assert f'<td><span lang="es">{RULE_ES}</span></td>' in html, kind
        assert f"<td>{marked.format('Samuel answers day or night.')}</td>" in html, kind
    html = spanish_html(spanish, "case_plan", case_plan.pk)
    assert f'<td><span lang="es">{STEP_ES}</span></td>' in html
    assert f"<td>{marked.format('Samuel tells the caseworker about each call')}</td>" in html

    _document, text, _reader = made(spanish, alice, "safety_plan", safety_plan.pk)
    assert RULE_ES in text and "Samuel answers day or night. (en inglés)" in text


def test_what_staff_wrote_without_a_wording_carries_their_language_in_a_spanish_document(
    spanish, alice, case_plan, safety_plan, meeting
):
    safety_plan.warning_signs = "Daniel raises his voice"
    safety_plan.save()
    safety_plan_activate(plan=safety_plan, by=alice, on=date(2026, 3, 10))
    sources = {"safety_plan": safety_plan.pk, "meeting_summary": meeting.pk, "case_plan": case_plan.pk}
    for kind, source_id in sources.items():
        html = spanish_html(spanish, kind, source_id)
        assert (
            html.count('<p lang="en">') >= {"safety_plan": 4, "meeting_summary": 6, "case_plan": 1}[kind]
        ), kind
    html = spanish_html(spanish, "safety_plan", safety_plan.pk)
    assert '<p lang="en">Daniel raises his voice</p>' in html
    assert '(<span lang="en">brother</span>)' in html  # the relationship staff typed

    # an English document has nothing to mark: the page is in English
    with translation.override("en"):
        spec = SPECS["safety_plan"]
        html = render_to_string(
            spec.template,
            {"family": spanish, "document": Document(title="x"), **spec.context(spanish, safety_plan.pk)},
        )
    assert '<p lang="en">' not in html and "<p>Daniel raises his voice</p>" in html


def test_an_english_familys_documents_print_the_original_unmarked(
    family, alice, case_plan, safety_plan, made
):
    rule = SafetyPlanRule.objects.get(plan=safety_plan)
    family_wording_set(family=family, record=rule, by=alice, wording=RULE_ES, language="es")
    safety_plan_activate(plan=safety_plan, by=alice, on=date(2026, 3, 10))
    _document, text, _reader = made(family, alice, "safety_plan", safety_plan.pk)
    assert "When Daniel feels angry he leaves the room and calls Samuel." in text
    assert RULE_ES not in text and "(in English)" not in text


# --- The form that asks for a document ------------------------------------------------------


def test_the_pdf_form_lists_each_text_still_without_the_familys_wording(
    client_of, spanish, alice, case_plan, safety_plan
):
    client = client_of(alice)
    page = client.get(reverse("case_plans:plan", args=[spanish.public_id, case_plan.pk])).text

    # a danger statement, its goal, two well-being goals, two steps (no safety plan in force)
    assert "6 texts are not yet in Español: the PDF prints them as staff wrote them, marked." in page
    goal = SafetyGoal.objects.get(family=spanish)
    edit = reverse("families:wording_edit", args=[spanish.public_id, "safety-goal", goal.pk])
    assert f'href="{edit}?language=es"' in page
    assert 'name="kind" value="case_plan"' in page  # the document can still be made

    rule = SafetyPlanRule.objects.get(plan=safety_plan)
    plan_page = reverse("safety_networks:plan", args=[spanish.public_id, safety_plan.pk])
    page = client.get(plan_page).text
    assert "1 text is not yet in Español" in page
    assert reverse("families:wording_edit", args=[spanish.public_id, "safety-plan-rule", rule.pk]) in page

    # when the rule is translated, but not how it holds, it is listed saying so
    family_wording_set(family=spanish, record=rule, by=alice, wording=RULE_ES, language="es")
    page = client.get(plan_page).text
    assert "1 text is not yet in Español" in page
    assert "still without it: how they make sure it holds" in page

    # when both its texts are, it is no longer listed
    translate(spanish, alice, rule, RULE_ES, how_it_holds=HOLDS_ES)
    page = client.get(plan_page).text
    assert "not yet in Español" not in page and 'name="kind" value="safety_plan"' in page
    assert (
        "Every text is in Español." in page and reverse("families:wording", args=[spanish.public_id]) in page
    )


def test_the_pdf_form_lists_nothing_for_a_family_whose_documents_are_in_english(
    client_of, family, alice, safety_plan
):
    page = client_of(alice).get(reverse("safety_networks:plan", args=[family.public_id, safety_plan.pk])).text
    assert "not yet in" not in page and "Every text is in" not in page


def test_the_pdf_form_lists_what_is_missing_in_the_language_picked_in_it(
    client_of, family, spanish, alice, case_plan, safety_plan, meeting
):
    client = client_of(alice)
    plan_page = reverse("safety_networks:plan", args=[spanish.public_id, safety_plan.pk])

    # picking English for a Spanish-speaking family: nothing to translate, English selected
    page = client.get(plan_page, {"language": "en"}).text
    assert "not yet in" not in page and "Every text is in" not in page
    assert '<option value="en" lang="en" selected>' in page
    # the select re-reads the list when another language is picked (htmx, a GET of this page)
    assert f'hx-get="{plan_page}" hx-trigger="change" hx-select="#document-texts-safety_plan"' in page
    assert 'id="document-texts-safety_plan"' in page  # where the list comes back

    # when the family's documents are in English, its case plan, meeting summary and safety
    # plan list nothing, until Spanish is picked
    family.document_language = "en"
    family.save(update_fields=["document_language"])
    for name, source_id in (
        ("case_plans:plan", case_plan.pk),
        ("meetings:summary", meeting.pk),
        ("safety_networks:plan", safety_plan.pk),
    ):
        url = reverse(name, args=[family.public_id, source_id])
        assert "not yet in" not in client.get(url).text, name
        page = client.get(url, {"language": "es"}).text
        assert "not yet in Español" in page or "Every text is in Español" in page, name
        assert '<option value="es" lang="es" selected>' in page, name
    page = client.get(
        reverse("safety_networks:plan", args=[family.public_id, safety_plan.pk]), {"language": "es"}
    ).text
    assert "1 text is not yet in Español" in page
    rule = SafetyPlanRule.objects.get(plan=safety_plan)
    edit = reverse("families:wording_edit", args=[family.public_id, "safety-plan-rule", rule.pk])
    assert f'href="{edit}?language=es"' in page

    # a language documents are not made in is the family's
    page = client.get(plan_page, {"language": "xx"}).text
    assert "not yet in" not in page and '<option value="en" lang="en" selected>' in page


def test_the_pdf_form_lists_a_translation_gone_out_of_date(client_of, spanish, alice, safety_plan):
    rule = SafetyPlanRule.objects.get(plan=safety_plan)
    family_wording_set(family=spanish, record=rule, by=alice, wording=RULE_ES, language="es")
    SafetyPlanRule.objects.filter(pk=rule.pk).update(rule="Daniel leaves the house and calls Samuel.")
    page = (
        client_of(alice).get(reverse("safety_networks:plan", args=[spanish.public_id, safety_plan.pk])).text
    )
    assert "1 text is not yet in Español" in page and "its translation is out of date" in page


def test_listing_what_a_case_plan_lacks_costs_the_same_queries_for_1_and_6_goals_of_each_kind(
    spanish, alice, people, factors, case_plan
):
    def measure() -> tuple[int, int]:
        # what the plan's page passes its PDF form (the language picked: the family's)
        with CaptureQueriesContext(connection) as queries:
            missing = document_wording(spanish, lambda: case_plan_texts(spanish, case_plan.pk), None).missing
        # the same list as the document's own texts give
        assert missing == still_to_translate(SPECS["case_plan"].texts(spanish, case_plan.pk), "es")
        return len(queries), len(missing)

    few, listed = measure()
    assert listed == 6  # a danger statement, its goal, two well-being goals, two steps

    for i in range(5):
        _danger, goal = danger_statement_save(
            family=spanish,
            by=alice,
            children=[people["sofia"]],
            factors=[factors["social_connections"]],
            statement_fields={
                "who_is_worried": "We",
                "caregiver_behaviour": f"worry {i}",
                "what_could_happen": "x",
            },
            goal_fields={
                "caregivers_will": f"goal {i}",
                "child_will_experience": "safe",
                "agency_needs_to_see": "calm",
                "for_how_long": "six months",
            },
        )
        PlanSafetyGoal.objects.create(plan=case_plan, safety_goal=goal, position=i + 2)
        well_being = well_being_goal_save(
            family=spanish, by=alice, factor=factors["social_connections"], goal=f"Well-being {i}"
        )
        PlanWellBeingGoal.objects.create(plan=case_plan, well_being_goal=well_being, position=i + 3)
        add_step(case_plan, alice, f"Step {i}", goal=goal)

    many, listed = measure()
    assert listed == 6 + 5 * 4
    # safety goals with their danger statements, the statements' children, the rules in force,
    # the well-being goals, the steps
    assert many == few == 5
