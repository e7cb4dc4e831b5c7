"""What the printed documents say and how they hold together on paper: each is made by the
real pipeline (case_plans.services) and read back page by page with pypdf."""

import gettext as gettext_module
import io
import re
from datetime import date, timedelta

import pytest
from django.conf.locale import LANG_INFO
from django.utils import timezone
from django.utils.translation import trans_real
from pypdf import PdfReader

from case_plans import services
from documents import services as document_services
from documents.models import DocumentState
from meetings.models import Meeting
from meetings.services import meeting_record, meeting_schedule
from protective_factors.models import ProtectiveFactor
from protective_factors.services import well_being_goal_save
from safety_networks.services import (
    danger_statement_save,
    network_member_save,
    safety_plan_activate,
    safety_plan_rule_save,
    safety_plan_start,
    safety_plan_update,
)
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def printed(django_capture_on_commit_callbacks):
    """`printed(family, by, kind, source_id)`: the document made by the pipeline, as the text
    of each of its pages."""

    def make(family, by, kind, source_id) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            document = document_services.document_request(
                family=family, by=by, kind=kind, source_id=source_id
            )
        document.refresh_from_db()
        assert document.state == DocumentState.READY, document.failure_reason
        with document_services.document_open(document=document, by=by) as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        return [page.extract_text() for page in reader.pages]

    return make


def folded(pages: list[str]) -> str:
    """All the pages' text with whitespace folded (table cells wrap their lines)."""
    return " ".join(" ".join(pages).split())


@pytest.fixture
def people(family):
    return {
        "maria": CaregiverFactory(family=family, first_name="Maria", last_name="Reyes"),
        "daniel": CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor"),
        "sofia": ChildFactory(family=family, first_name="Sofía", date_of_birth=date(2019, 5, 2)),
    }


@pytest.fixture
def factors(db):
    return {f.code: f for f in ProtectiveFactor.objects.all()}


@pytest.fixture
def case_plan(family, alice, people, factors):
    """A draft plan: one safety goal with a step, two well-being goals (each a whole sentence)
    built by it, and one with a step of its own."""
    _, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[people["sofia"]],
        factors=[factors["parental_resilience"], factors["concrete_support"]],
        statement_fields={
            "who_is_worried": "The school and the agency",
            "caregiver_behaviour": "when Daniel is angry he may grab",
            "what_could_happen": "she could be badly hurt",
        },
        goal_fields={
            "caregivers_will": "when Daniel is angry he walks away and calls his brother",
            "child_will_experience": "Sofía is safe and feels safe at home",
            "agency_needs_to_see": "an adult Sofía trusts checking on her every day",
            "for_how_long": "over the next six months",
        },
    )
    rent = well_being_goal_save(
        family=family,
        by=alice,
        factor=factors["concrete_support"],
        goal="The family applies for rental assistance by 31 December.",
    )
    well_being_goal_save(
        family=family,
        by=alice,
        factor=factors["parental_resilience"],
        caregiver=people["maria"],
        goal="Maria calls her mother each week",
    )
    plan = services.case_plan_start(family=family, by=alice)
    services.case_plan_step_add(
        plan=plan,
        by=alice,
        goal=goal,
        what="Daniel calls Samuel whenever he feels angry",
        who="Daniel",
        by_when=date.today() + timedelta(days=30),
        progress_shown_by="Samuel tells the caseworker about each call",
    )
    services.case_plan_step_add(
        plan=plan,
        by=alice,
        goal=rent,
        what="Fill in the rental assistance form with the housing advisor",
        who="Maria",
        by_when=date.today() + timedelta(days=20),
        progress_shown_by="The housing office confirms the application",
    )
    return plan


def add_step(plan, by, what, goal=None):
    return services.case_plan_step_add(
        plan=plan,
        by=by,
        goal=goal or plan.safety_goals.get(),
        what=what,
        who="Maria",
        by_when=date.today() + timedelta(days=10),
        progress_shown_by="The caseworker sees it at the next visit",
    )


@pytest.fixture
def samuel(family, alice):
    return network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")


@pytest.fixture
def safety_plan(family, alice, people, samuel):
    """A draft safety plan with one rule, which Maria, Daniel and Samuel agreed to."""
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=plan,
        by=alice,
        rule="When Daniel feels angry he leaves the room and calls Samuel.",
        how_it_holds="Samuel answers day or night.",
        responsible=[samuel],
    )
    safety_plan_update(
        plan=plan,
        by=alice,
        participants={
            "caregivers_took_part": [people["maria"], people["daniel"]],
            "network_took_part": [samuel],
        },
    )
    return plan


@pytest.fixture
def meeting(family, alice, people, samuel):
    """A Family Team Meeting held yesterday: Maria and Samuel came, Daniel did not."""
    held = meeting_schedule(
        family=family,
        by=alice,
        caregivers=[people["maria"], people["daniel"]],
        network_members=[samuel],
        professionals=[{"name": "Ana Ruiz", "agency": "Lincoln Elementary", "role": "teacher"}],
        scheduled_at=timezone.now() + timedelta(minutes=5),
        purpose="To agree how Sofía stays safe when Daniel is angry.",
        desired_outcome="A safety plan everyone can keep.",
        group_agreements="We listen to each other. We speak about what we saw, not about blame.",
    )
    Meeting.objects.filter(pk=held.pk).update(scheduled_at=timezone.now() - timedelta(days=1))
    held.refresh_from_db()
    came = {p.pk: p.name != "Daniel Okafor" for p in held.participants.all()}
    return meeting_record(meeting=held, by=alice, attended=came, worries="Daniel grabbed Sofía.")


# --- The case plan ---------------------------------------------------------------------


def test_the_case_plan_prints_each_step_under_the_goal_it_serves(family, alice, case_plan, printed):
    text = folded(printed(family, alice, "case_plan", case_plan.pk))
    steps = text[text.index("Safety goals and their steps") :]
    sections = re.split(r"(?=(?:Safety|Well-being) goal \d)", steps)[1:]
    assert len(sections) == 3
    expected = [
        (
            "Safety goal",
            "when Daniel is angry he walks away and calls his brother",
            "Daniel calls Samuel whenever he feels angry",
        ),
        (
            ": Concrete support in times of need",
            "The family applies for rental assistance by 31 December.",
            "Fill in the rental assistance form",
        ),
        (": Parental resilience", "Maria calls her mother each week", "No steps yet."),
    ]
    for heading, goal, step in expected:
        (section,) = [section for section in sections if goal in section]
        assert heading in section.split(goal)[0] and step in section.split(goal)[1]


def test_the_case_plan_prints_the_rules_of_the_safety_plan_in_force(
    family, alice, case_plan, safety_plan, printed
):
    safety_plan_activate(plan=safety_plan, by=alice, on=date(2026, 3, 10))
    text = folded(printed(family, alice, "case_plan", case_plan.pk))
    rules = text[text.index("The rules of our safety plan") :]
    assert "Safety plan version 1, in force since 10 March 2026." in rules
    assert "When Daniel feels angry he leaves the room and calls Samuel." in rules
    assert "Samuel answers day or night." in rules and "Samuel Okafor (brother)" in rules


def test_the_five_factors_are_explained_once_in_plain_words_where_the_family_first_meets_them(
    family, alice, case_plan, printed
):
    from protective_factors.reference import PLAIN_WORDS

    text = folded(printed(family, alice, "case_plan", case_plan.pk))
    assert "Parental resilience Coping with stress and hard times, and knowing when to ask for help." in text
    for factor in ProtectiveFactor.objects.all():
        words = str(PLAIN_WORDS[factor.code])
        assert text.count(words) == 1
        # The first time the name is printed, its explanation follows it.
        assert text.index(factor.name) + len(factor.name) + 1 == text.index(words)


def test_goals_joined_in_one_cell_read_as_separate_sentences(family, alice, case_plan, printed):
    text = folded(printed(family, alice, "case_plan", case_plan.pk))
    links = text[text.index("How safety and well-being link up") : text.index("Safety goals and their steps")]
    assert "rental assistance by 31 December." in links and "Maria calls her mother each week" in links
    assert ".;" not in links and "; Maria" not in links


def test_each_chart_has_a_title_and_its_scale_in_plain_words(family, alice, case_plan, people, printed):
    from protective_factors.models import Instrument
    from protective_factors.services import assessment_save_answers, assessment_start, assessment_submit
    from safety_networks.services import scaling_record

    assessment = assessment_start(
        family=family,
        by=alice,
        instrument=Instrument.objects.get(code="sop-demonstration"),
        caregiver=people["maria"],
        assessed_on=date(2026, 3, 5),
    )
    assessment_save_answers(
        assessment=assessment, by=alice, answers={a.item_id: 3 for a in assessment.answers.all()}
    )
    assessment_submit(assessment=assessment, by=alice)
    scaling_record(
        family=family, by=alice, score=6, given_by="caregiver", name="Maria", scored_on=date(2026, 3, 5)
    )
    text = folded(printed(family, alice, "case_plan", case_plan.pk))
    charts = text[text.index("How things have moved") :]
    assert "Scaling: where things are, from 0 to 10" in charts
    assert "0 means the children cannot be safe at home. 10 means things are safe enough" in charts
    scale = "the average of their answers, from 1 (“Not at all like me”) to 5 (“Very much like me”)."
    charted = [f for f in ProtectiveFactor.objects.all() if f.code != "social_emotional_competence"]
    for factor in charted:  # a caregiver's answers: every factor but the children's own
        title = f"{factor.name} over time"
        assert charts.index(title) < charts.index(scale, charts.index(title))
    assert charts.count(scale) == len(charted) == 4


def test_a_long_web_address_wraps_on_the_page_and_prints_whole(family, alice, case_plan, printed):
    address = "https://example.org/housing/apply?ref=" + "a1b2c3d4e5" * 17
    assert len(address) > 200
    add_step(case_plan, alice, f"Apply online at {address}")
    services.case_plan_update(
        plan=case_plan,
        by=alice,
        safety_goals=list(case_plan.safety_goals.all()),
        well_being_goals=list(case_plan.well_being_goals.all()),
        services=f"Housing advice: {address}",
    )
    pages = printed(family, alice, "case_plan", case_plan.pk)
    assert "".join(folded(pages).split()).count(address) == 2
    # An A4 line at 11pt holds about 75 characters: a longer unbroken run has gone off the page.
    runs = [run for page in pages for run in page.split()]
    assert max(len(run) for run in runs) <= 80, max(runs, key=len)


# --- Signatures ------------------------------------------------------------------------

SIGNATURE_LINE = re.compile(r"\bSignature\b")


def signature_blocks_per_page(pages: list[str], labels: list[str]) -> list[tuple[int, int]]:
    """For each page: how many signature lines it has, and how many lines naming whose they are
    (a label is printed on a line of its own, under its signature line). In the safety plan,
    names before its signatures' heading ("We agree to this plan") are the network's circles,
    not labels."""
    heading = "We agree to this plan"
    signing = not any(heading in page for page in pages)
    counted = []
    for page in pages:
        named = 0
        for line in page.splitlines():
            signing = signing or heading in line
            named += signing and " ".join(line.split()) in labels
        counted.append((len(SIGNATURE_LINE.findall(page)), named))
    return counted


def assert_each_block_whole(pages: list[str], labels: list[str], *, over_a_page_break: bool) -> None:
    """Every label has its signature line, on the same page as the label; with
    `over_a_page_break`, the blocks did run onto a second page."""
    per_page = signature_blocks_per_page(pages, labels)
    assert sum(lines for lines, _ in per_page) == len(labels)
    if over_a_page_break:
        assert sum(1 for lines, _ in per_page if lines) >= 2
    assert [lines for lines, _ in per_page] == [named for _, named in per_page]


@pytest.mark.parametrize("lines_before", range(5))
def test_no_signature_block_of_the_case_plan_is_split_across_pages(
    family, alice, case_plan, printed, lines_before
):
    """Twelve caregivers sign: their blocks run over a page break, wherever the lines of the
    services above move them to. Each line is on the page of its name."""
    for n in range(12):
        CaregiverFactory(family=family, first_name=f"Caregiver{n:02d}", last_name="Reyes")
    services.case_plan_update(
        plan=case_plan,
        by=alice,
        safety_goals=list(case_plan.safety_goals.all()),
        well_being_goals=list(case_plan.well_being_goals.all()),
        services="\n".join(f"Service {n}" for n in range(lines_before)),
    )
    pages = printed(family, alice, "case_plan", case_plan.pk)
    labels = [f"Caregiver{n:02d} Reyes (caregiver)" for n in range(12)] + [
        "Maria Reyes (caregiver)",
        "Daniel Okafor (caregiver)",
        "Caseworker: Alice Ames",
        "Supervisor",
    ]
    assert_each_block_whole(pages, labels, over_a_page_break=True)


def test_the_safety_plan_has_a_line_for_the_supervisor_and_each_line_is_on_the_page_of_its_name(
    family, alice, safety_plan, printed
):
    pages = printed(family, alice, "safety_plan", safety_plan.pk)
    labels = ["Maria Reyes", "Daniel Okafor", "Samuel Okafor", "Caseworker: Alice Ames", "Supervisor"]
    assert_each_block_whole(pages, labels, over_a_page_break=False)


@pytest.mark.parametrize("lines_before", range(5))
def test_no_signature_block_of_the_safety_plan_is_split_across_pages(
    family, alice, safety_plan, people, samuel, printed, lines_before
):
    network = [samuel] + [
        network_member_save(family=family, by=alice, name=f"Neighbour{n:02d} Chen", relationship="neighbour")
        for n in range(12)
    ]
    safety_plan_update(
        plan=safety_plan,
        by=alice,
        participants={"caregivers_took_part": [people["maria"]], "network_took_part": network},
        warning_signs="\n".join(f"Sign {n}" for n in range(lines_before)),
    )
    pages = printed(family, alice, "safety_plan", safety_plan.pk)
    labels = [f"Neighbour{n:02d} Chen" for n in range(12)] + [
        "Maria Reyes",
        "Samuel Okafor",
        "Caseworker: Alice Ames",
        "Supervisor",
    ]
    assert_each_block_whole(pages, labels, over_a_page_break=True)


# --- The meeting summary ---------------------------------------------------------------


def test_the_meeting_summary_says_why_we_met_our_agreements_and_has_a_line_for_each_who_came(
    family, alice, meeting, printed
):
    pages = printed(family, alice, "meeting_summary", meeting.pk)
    text = folded(pages)
    why = text[text.index("Why we met") : text.index("What we are worried about")]
    assert "To agree how Sofía stays safe when Daniel is angry." in why
    assert "What we hoped to reach: A safety plan everyone can keep." in why
    assert "How we agreed to work together We listen to each other." in why
    assert "Who came: Maria Reyes, Samuel Okafor and Ana Ruiz." in text
    signed = text[text.index("Signed by those who took part") :]
    labels = ["Maria Reyes (caregiver)", "Samuel Okafor (network member)", "Ana Ruiz (teacher)"]
    assert all(label in signed for label in labels) and "Daniel" not in signed
    per_page = signature_blocks_per_page(pages, labels)
    assert [lines for lines, _ in per_page] == [named for _, named in per_page]
    assert sum(lines for lines, _ in per_page) == 3


# --- What staff typed is printed as they typed it ------------------------------------------

MARKUP = "<b>x</b> <script>alert(1)</script> & <i>"


@pytest.mark.parametrize("kind", ["case_plan", "safety_plan", "meeting_summary"])
def test_markup_typed_by_staff_is_printed_literally_in_every_document(
    family, alice, case_plan, safety_plan, meeting, printed, kind
):
    if kind == "case_plan":
        add_step(case_plan, alice, f"Step {MARKUP}")
        source = case_plan
    elif kind == "safety_plan":
        safety_plan_rule_save(
            plan=safety_plan, by=alice, rule=f"Rule {MARKUP}", how_it_holds="x", responsible=[]
        )
        source = safety_plan
    else:
        Meeting.objects.filter(pk=meeting.pk).update(decisions=f"Decision {MARKUP}")
        source = meeting
    text = folded(printed(family, alice, kind, source.pk))
    assert MARKUP in text


def test_the_plan_page_lists_the_well_being_goals_of_a_safety_goal_one_under_another(
    client_of, family, alice, case_plan
):
    from django.urls import reverse

    page = client_of(alice).get(reverse("case_plans:plan", args=[family.public_id, case_plan.pk])).text
    cell = page.split('<table class="table table-sm link-table table-stack">')[1].split("</table>")[0]
    assert "<li>The family applies for rental assistance by 31 December. (concrete support" in cell
    assert "<li>Maria calls her mother each week (parental resilience)</li>" in cell
    assert ".; " not in cell and ".);" not in cell


# --- In another language -----------------------------------------------------------------
# Every word the agency prints on a family's documents goes through the translation catalogue,
# so a family reading another language gets the whole document in it, footer and page numbers
# included. The documents are rendered by the real pipeline under a pseudo-language whose
# catalogue wraps each string it is asked for in [[…]], and read back with pypdf: a heading
# printed without the brackets would reach a Spanish-speaking parent in English.


class BracketingCatalogue(gettext_module.NullTranslations):
    """A language whose every translation is the English in [[…]]."""

    def gettext(self, message):
        return f"[[{message}]]"

    def ngettext(self, singular, plural, n):
        return f"[[{singular if n == 1 else plural}]]"

    def to_language(self):
        return "xx"


@pytest.fixture
def in_pseudo_language(monkeypatch, settings, family):
    """The pseudo-language is one documents can be made in, and the family's: the documents
    follow the family's language, not the requester's."""
    # First the setting: changing LANGUAGES empties Django's cache of catalogues.
    settings.LANGUAGES = [*settings.LANGUAGES, ("xx", "Brackets")]
    monkeypatch.setitem(trans_real._translations, "xx", BracketingCatalogue())
    monkeypatch.setitem(
        LANG_INFO, "xx", {"bidi": False, "code": "xx", "name": "Brackets", "name_local": "Brackets"}
    )
    family.document_language = "xx"
    family.save(update_fields=["document_language"])
    yield


FRAME = [
    "This is a private child welfare record. Do not copy it or share it unless the agency says you may.",
]


def assert_translated(text: str, phrases: list[str]) -> None:
    """Each phrase begins a translated string ("]]" where it must also end one); and the
    page numbers are translated too."""
    untranslated = [p for p in phrases if f"[[{p}" not in text]
    assert not untranslated, f"printed without translation: {untranslated}\n\n{text}"
    assert re.search(r"\[\[Page 1 of \d+\]\]", text), text


def test_every_word_of_the_case_plan_is_translated(family, alice, case_plan, printed, in_pseudo_language):
    text = folded(printed(family, alice, "case_plan", case_plan.pk))
    assert_translated(
        text,
        FRAME
        + [
            "Case plan, version 1",
            "DRAFT",  # the mark across a draft
            "Our case plan",
            "The Okafor-Reyes family",
            "version 1]]",
            "to be reviewed by [[",
            "This plan says what must change so that the children are safe and well",
            "Five things that help children and families do well",
            "How safety and well-being link up",
            "The worry and the safety goal",
            "Protective factors it builds",
            "Well-being goals]]",
            "Safety goals and their steps",
            "Safety goal 1",
            "Well-being goals and their steps",
            # The factor's name too, inside the heading (issue 17).
            "Well-being goal 1: [[",
            "Social connections]]",
            "Knowledge of parenting and child development]]",
            "Who]]",
            "What]]",
            "By when]]",
            "How we will see progress",
            "No steps yet.",
            "Services and visits",
            "Visits:]] —",  # the label; the visits as staff wrote them, in their language
            "Signatures",
            "Signature]]",
            "Date]]",
            "Maria Reyes (caregiver)",
            "Caseworker: ",
            "Supervisor]]",
        ],
    )


def test_every_word_of_the_safety_plan_is_translated(family, alice, safety_plan, printed, in_pseudo_language):
    text = folded(printed(family, alice, "safety_plan", safety_plan.pk))
    assert_translated(
        text,
        FRAME
        + [
            "Safety plan, version 1",
            "Our safety plan",
            "The Okafor-Reyes family",
            "version 1]]",
            "The rules we agreed",
            "Rule]]",
            "How we make sure it holds",
            "Who makes sure",
            "Warning signs",
            "If a rule is broken",
            "Our backup plan",
            "How the caseworker checks on it",
            "We agree to this plan",
            "Signature]]",
            "Caseworker: ",
        ],
    )


def test_every_word_of_the_meeting_summary_is_translated(family, alice, meeting, printed, in_pseudo_language):
    text = folded(printed(family, alice, "meeting_summary", meeting.pk))
    assert_translated(
        text,
        FRAME
        + [
            "Summary of the ",
            "Our Family Team Meeting on [[",
            "For the Okafor-Reyes family.",
            # The names are joined by the reader's "and" as well.
            "Who came: [[Maria Reyes, Samuel Okafor and Ana Ruiz]].",
            "Why we met",
            "What we hoped to reach:",
            "How we agreed to work together",
            "What we are worried about",
            "What is working well",
            "What needs to happen",
            "What we decided",
            "Who does what, by when",
            "Nothing was agreed.",
            "Signed by those who took part",
            "Ana Ruiz (teacher)",
        ],
    )


def test_dates_follow_the_language(family, alice, meeting, printed, in_pseudo_language):
    """The date format itself comes from the catalogue ("10 de marzo de 2026" in Spanish)."""
    text = folded(printed(family, alice, "meeting_summary", meeting.pk))
    assert re.search(r"Our Family Team Meeting on \[\[\d+ \[\[\w+\]\] \d{4}\]\]", text), text
