"""The family's documents read plainly (issue 17): the words the agency prints on a family's
case plan, safety plan and meeting summary read at or below US grade 6 in English
(Flesch–Kincaid) and at Fernández-Huerta 70 or above in Spanish. Only the agency's own words
are measured: what staff wrote for this family is taken out first.

How the text is measured, and why:

- Each document is made by the real pipeline for a family with a full, realistic record and
  read back with pypdf, page by page, as a download is.
- Every text this test typed (goals, rules, steps, the meeting's notes…), every name, the case
  number, every date and every number is taken out. What is left is the fixed text: headings,
  labels, explanations, the page header and footer, signature labels, chart scales, and the
  words the composer puts around a statement's parts ("… are worried that …"). A table row
  that runs onto the next page has the header row printed again in the middle of a typed
  text: what is left of it (a run of four words or more that a typed text has) is taken out
  too.
- The running header and footer are printed last on each page: they are read once per page,
  apart from the body, so that the body's text joins up across pages.
- Line breaks: pypdf gives one line per printed line. A heading, a table header, a label or a
  signature line is printed on a line of its own and is read as a unit of its own: a line
  break ends a sentence. The exception is a sentence that wraps onto the next line: when the
  next line starts with a small letter, the two lines are one sentence. "·" (between the
  pieces of a document's subtitle and of the page header) ends a unit too. Each unit is given
  a full stop if it has none, so that textstat sees the units the reader sees.
- The figures are textstat's (Flesch–Kincaid grade in English, Fernández-Huerta in Spanish,
  syllables from the CMU dictionary and Pyphen's hyphenation patterns, both shipped with the
  packages: nothing is fetched). textstat does not count a "sentence" of one or two words as a
  sentence but does count its words, so short headings ("Signatures", "Who") make the figures
  a little worse, never better.

The safety goal and the danger statement are composed from parts staff write; the parts are
printed as sentences of their own, so that four parts of twenty words do not make one
sentence of eighty (the last tests).
"""

import io
import re
from datetime import date, timedelta

import pytest
import textstat
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3
from pypdf import PdfReader

from case_plans import services
from case_plans.models import CasePlan
from case_plans.selectors import case_plan_detail
from documents import services as document_services
from documents.models import DocumentState
from meetings.services import action_item_save, meeting_record_held, meeting_scaling_record
from protective_factors.models import Instrument, ProtectiveFactor
from protective_factors.services import (
    assessment_save_answers,
    assessment_start,
    assessment_submit,
    well_being_goal_save,
)
from safety_networks.models import DangerStatement, SafetyGoal
from safety_networks.services import (
    danger_statement_save,
    network_member_save,
    safety_plan_activate,
    safety_plan_rule_save,
    safety_plan_start,
    safety_plan_update,
    scaling_record,
)
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db

HIGHEST_GRADE = 6.0  # Flesch–Kincaid, English
LOWEST_EASE = 70.0  # Fernández-Huerta, Spanish
LONGEST_SENTENCE = 40  # words, in a printed goal or danger statement

# What staff typed for this family: each text is taken out of the documents before they are
# measured. Realistic lengths: the parts of a statement are about twenty words each.
DANGER = {
    "who_is_worried": "Sofía's school, Maria, Lucía and the agency",
    "caregiver_behaviour": (
        "when Daniel is angry and stressed after a long day of looking for work, he may grab, shake or hit"
    ),
    "what_could_happen": (
        "they could be badly hurt, and they could grow up afraid of the people at home who love them most"
    ),
}
GOAL = {
    "caregivers_will": (
        "Maria, Daniel and their network show the agency that when Daniel is angry he walks away, "
        "calls his brother Samuel and comes back calm"
    ),
    "child_will_experience": (
        "Sofía and Tomás are safe at home, feel safe at home, and know which adult to tell "
        "whenever they are scared"
    ),
    "agency_needs_to_see": (
        "an adult the children trust checking on them every single day, and Daniel walking away "
        "each time his temper rises"
    ),
    "for_how_long": "over the next six months, and until the court's next review",
}
TEXT = {
    "rent_goal": "The family applies for rental assistance and a job programme by 30 April.",
    "group_goal": "Daniel goes to a weekly fathers' group and talks there about what makes him angry.",
    "call_step": "Daniel calls Samuel whenever he feels angry, and leaves the room before he shouts.",
    "call_progress": "Samuel tells the caseworker about each call at the next visit.",
    "rent_step": "Fill in the rental assistance form with the housing advisor at the county office.",
    "rent_progress": "The housing office confirms the application in writing.",
    "services": "Parenting class at the Family Resource Center on Tuesdays.\nAnger group for Daniel.",
    "visits": "Twice a month at home, once a month at school",
    "rule_1": "When Daniel feels angry he leaves the room and calls Samuel before he says anything.",
    "holds_1": "Samuel answers day or night and comes over if Daniel asks him to.",
    "rule_2": "Lucía checks in with Sofía every evening and calls the caseworker if Sofía is scared.",
    "holds_2": "Lucía visits after school and Sofía has her phone number by heart.",
    "warning_signs": "Daniel shouts, slams doors, or says he has had enough of the children's noise.",
    "if_broken": "Maria takes the children to Lucía's house and calls the caseworker the same day.",
    "backup": "If Samuel cannot be reached, Daniel calls Mrs. Chen next door and goes for a walk.",
    "monitoring": "The caseworker visits twice a month, talks to Sofía alone, and calls Lucía every week.",
    "place": "Family Resource Center, 12 Main Street",
    "purpose": "To agree how Sofía and Tomás stay safe when Daniel is angry.",
    "outcome": "A safety plan everyone can keep, with a person to call at any hour.",
    "agreements": "We listen to each other. We speak about what we saw, not about blame.",
    "worries": "Daniel grabbed Sofía in March. The family is behind on rent since Daniel lost his job.",
    "working_well": "Maria gets the children to school every day. Lucía sees them most days.",
    "needs_to_happen": "A plan for angry moments that the whole network knows.",
    "decisions": "Samuel is the first person Daniel calls. Lucía checks in every evening.",
    "action_1": "Write the safety plan with everyone's phone numbers",
    "action_2": "Ask the housing office about rental assistance",
}
# Typed for people: where they work, their role, how they are related.
ABOUT_PEOPLE = ["Lincoln Elementary", "teacher", "brother", "aunt", "neighbour"]
TYPED = [*DANGER.values(), *GOAL.values(), *TEXT.values(), *ABOUT_PEOPLE]
NAMES = [
    "Okafor-Reyes",
    "Maria Reyes",
    "Daniel Okafor",
    "Sofía Reyes",
    "Tomás Okafor",
    "Mateo Reyes",
    "Samuel Okafor",
    "Lucía Reyes",
    "Mrs. Chen",
    "Ana Ruiz",
    "Alice Ames",
    "Bob Baptiste",
    "Maria",
    "Daniel",
    "Sofía",
    "Tomás",
    "Mateo",
    "Samuel",
    "Lucía",
    "Reyes",
    "Okafor",
]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def record(family, alice, bob):
    """A family six weeks into its case: an approved case plan, a safety plan in force, a Family
    Team Meeting held last week, scaling numbers and a protective-factors assessment."""
    maria = CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    daniel = CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor")
    sofia = ChildFactory(family=family, first_name="Sofía", last_name="Reyes", date_of_birth=date(2019, 5, 2))
    tomas = ChildFactory(
        family=family, first_name="Tomás", last_name="Okafor", date_of_birth=date(2024, 1, 9)
    )
    mateo = ChildFactory(family=family, first_name="Mateo", last_name="Reyes", date_of_birth=date(2012, 2, 1))
    samuel = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    lucia = network_member_save(family=family, by=alice, name="Lucía Reyes", relationship="aunt")
    network_member_save(family=family, by=alice, name="Mrs. Chen", relationship="neighbour")
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}

    _, goal = danger_statement_save(
        family=family,
        by=alice,
        children=[sofia, tomas],
        factors=[factors["parental_resilience"], factors["social_connections"]],
        statement_fields=DANGER,
        goal_fields=GOAL,
    )
    rent = well_being_goal_save(
        family=family, by=alice, factor=factors["concrete_support"], goal=TEXT["rent_goal"]
    )
    well_being_goal_save(
        family=family,
        by=alice,
        factor=factors["parental_resilience"],
        caregiver=daniel,
        goal=TEXT["group_goal"],
    )
    plan = services.case_plan_start(family=family, by=alice)
    in_a_month = timezone.localdate() + timedelta(days=30)
    services.case_plan_step_add(
        plan=plan,
        by=alice,
        goal=goal,
        what=TEXT["call_step"],
        who="Daniel",
        by_when=in_a_month,
        progress_shown_by=TEXT["call_progress"],
    )
    services.case_plan_step_add(
        plan=plan,
        by=alice,
        goal=rent,
        what=TEXT["rent_step"],
        who="Maria",
        by_when=in_a_month,
        progress_shown_by=TEXT["rent_progress"],
    )
    services.case_plan_update(
        plan=plan,
        by=alice,
        safety_goals=list(plan.safety_goals.all()),
        well_being_goals=list(plan.well_being_goals.all()),
        services=TEXT["services"],
        visit_frequency=TEXT["visits"],
        review_on=timezone.localdate() + timedelta(days=120),
    )
    services.case_plan_submit(plan=plan, by=alice)
    services.case_plan_decide(plan=plan, by=bob, approve=True, comment="")

    safety_plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=safety_plan, by=alice, rule=TEXT["rule_1"], how_it_holds=TEXT["holds_1"], responsible=[samuel]
    )
    safety_plan_rule_save(
        plan=safety_plan, by=alice, rule=TEXT["rule_2"], how_it_holds=TEXT["holds_2"], responsible=[lucia]
    )
    safety_plan_update(
        plan=safety_plan,
        by=alice,
        participants={
            "caregivers_took_part": [maria, daniel],
            "children_took_part": [mateo],
            "network_took_part": [samuel, lucia],
        },
        warning_signs=TEXT["warning_signs"],
        if_a_rule_is_broken=TEXT["if_broken"],
        backup_plan=TEXT["backup"],
        monitoring=TEXT["monitoring"],
        review_on=timezone.localdate() + timedelta(days=60),
    )
    safety_plan_activate(plan=safety_plan, by=alice)

    meeting = meeting_record_held(
        family=family,
        by=alice,
        caregivers=[maria, daniel],
        network_members=[samuel, lucia],
        professionals=[{"name": "Ana Ruiz", "agency": "Lincoln Elementary", "role": "teacher"}],
        scheduled_at=timezone.now() - timedelta(days=7),
        place=TEXT["place"],
        purpose=TEXT["purpose"],
        desired_outcome=TEXT["outcome"],
        group_agreements=TEXT["agreements"],
        worries=TEXT["worries"],
        working_well=TEXT["working_well"],
        needs_to_happen=TEXT["needs_to_happen"],
        decisions=TEXT["decisions"],
    )
    action_item_save(meeting=meeting, by=alice, who="Alice Ames", what=TEXT["action_1"], due_on=in_a_month)
    action_item_save(meeting=meeting, by=alice, who="Maria", what=TEXT["action_2"], due_on=in_a_month)
    for participant in meeting.participants.all():
        if participant.caregiver_id or participant.network_member_id:
            meeting_scaling_record(meeting=meeting, by=alice, participant=participant, score=5)
    meeting_scaling_record(meeting=meeting, by=alice, participant=None, score=3)

    scaling_record(family=family, by=alice, score=6, given_by="caregiver", caregiver=maria)
    assessment = assessment_start(
        family=family,
        by=alice,
        instrument=Instrument.objects.get(code="sop-demonstration"),
        caregiver=maria,
        assessed_on=timezone.localdate() - timedelta(days=30),
    )
    assessment_save_answers(
        assessment=assessment, by=alice, answers={a.item_id: 3 for a in assessment.answers.all()}
    )
    assessment_submit(assessment=assessment, by=alice)
    return {"case_plan": plan.pk, "safety_plan": safety_plan.pk, "meeting_summary": meeting.pk}


@pytest.fixture
def printed(django_capture_on_commit_callbacks):
    """`printed(family, by, kind, source_id, language)`: the text of each page."""

    def make(family, by, kind, source_id, language) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            document = document_services.document_request(
                family=family, by=by, kind=kind, source_id=source_id, language=language
            )
        document.refresh_from_db()
        assert document.state == DocumentState.READY, document.failure_reason
        with document_services.document_open(document=document, by=by) as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        return [page.extract_text() for page in reader.pages]

    return make


def _words(text: str) -> str:
    """A pattern for `text` as printed: whole words, any first letter's case (the composer
    capitalises a part that begins a sentence), and any spaces or line breaks between words."""
    first, *rest = text.split()
    words = "".join(rf"\s+{re.escape(word)}" for word in rest)
    return rf"(?<!\w)(?i:{re.escape(first[:1])}){re.escape(first[1:])}{words}(?!\w)"


WORD = re.compile(r"\w+(?:['’]\w+)*")


def _without_pieces_of_typed(unit: str, run: int = 4) -> str:
    """Takes out what is left of a typed text whose table row ran onto the next page, where
    the header row is printed again in the middle of it: every run of four words or more
    that a typed text has in the same order (four: fewer could be the agency's own words too)."""
    typed = [[w.lower() for w in WORD.findall(t)] for t in TYPED]
    pieces = {tuple(words[i : i + run]) for words in typed for i in range(len(words) - run + 1)}
    tokens = list(WORD.finditer(unit))
    lowered = [t.group().lower() for t in tokens]
    drop = set()
    for i in range(len(tokens) - run + 1):
        if tuple(lowered[i : i + run]) in pieces:
            drop.update(range(i, i + run))
    kept, start = [], 0
    for i in sorted(drop):
        kept.append(unit[start : tokens[i].start()])
        start = tokens[i].end()
    return "".join([*kept, unit[start:]])


def _units(lines: list[str]) -> list[str]:
    """Printed lines as units: a line that begins with a small letter goes on the sentence of
    the line before (a sentence wrapped onto the next line), unless that one has ended."""
    units = []
    for line in lines:
        if units and line[:1].islower() and units[-1][-1:] not in ".!?":
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    return units


def fixed_text(pages: list[str], language: str, case_number: str) -> list[str]:
    """The units the reader meets, each a sentence, with everything staff wrote taken out
    (see the module's docstring)."""
    with translation.override(language):
        names = [str(m) for m in [*MONTHS.values(), *MONTHS_3.values()]]
    # "March", "Mar" (a chart's ticks); Spanish months are written small ("marzo"). English "may"
    # is a word as well as a month: there, only the capitalised names are months.
    months = {m.title() for m in names} | (set(names) if language != "en" else set())
    frame, body = [], []
    for page in pages:
        lines = [line.strip() for line in page.splitlines()]
        # The running header (from the line with the case number) and the footer are printed
        # last on each page: they are read once per page, and the text of a table row that runs
        # onto the next page joins up again.
        headers = [i for i, line in enumerate(lines) if case_number in line]
        assert headers, f"no running header on the page:\n{page}"
        frame += _units(lines[headers[-1] :])
        body += [line for line in lines[: headers[-1]] if line.strip("• ")]
    text = "\n".join([*_units(body), *frame])
    for typed in sorted({*TYPED, *NAMES}, key=len, reverse=True):
        text = re.sub(_words(typed), "", text)
    text = "\n".join(_without_pieces_of_typed(unit) for unit in text.split("\n"))
    text = re.sub(r"\S*\d\S*", "", text)  # dates' days and years, numbers, "2026-T00026"
    month = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    text = re.sub(rf"(?<!\w)(?:de\s+)?(?:{month})\.?(?:\s+de)?(?!\w)", "", text)  # dates' months
    sentences = []
    for unit in re.split(r"\n|·", text):
        words = " ".join(unit.split()).strip(" ,:;()")
        if re.search(r"\w", words):
            sentences.append(words if words[-1] in ".!?" else f"{words}.")
    return sentences


def readability(sentences: list[str], language: str) -> float:
    text = " ".join(sentences)
    if language == "es":
        textstat.set_lang("es")
        return textstat.fernandez_huerta(text)
    textstat.set_lang("en_US")
    return textstat.flesch_kincaid_grade(text)


def hardest(sentences: list[str], language: str, count: int = 8) -> str:
    """The sentences of five words or more that read hardest, to say where to start."""
    scored = sorted(
        [s for s in sentences if len(s.split()) >= 5],
        key=lambda s: readability([s], language) * (1 if language == "en" else -1),
        reverse=True,
    )
    return "\n".join(f"  {s}" for s in scored[:count])


@pytest.mark.parametrize("kind", ["case_plan", "safety_plan", "meeting_summary"])
def test_the_fixed_text_of_each_document_reads_at_grade_6_in_english(family, alice, record, printed, kind):
    sentences = fixed_text(printed(family, alice, kind, record[kind], "en"), "en", family.case_number)
    grade = readability(sentences, "en")
    assert grade <= HIGHEST_GRADE, (
        f"{kind}: Flesch–Kincaid grade {grade:.1f} (at most {HIGHEST_GRADE}) over {len(sentences)} "
        f"units. The hardest:\n{hardest(sentences, 'en')}\n\nAll:\n" + "\n".join(sentences)
    )


@pytest.mark.parametrize("kind", ["case_plan", "safety_plan", "meeting_summary"])
def test_the_fixed_text_of_each_document_reads_easily_in_spanish(family, alice, record, printed, kind):
    sentences = fixed_text(printed(family, alice, kind, record[kind], "es"), "es", family.case_number)
    ease = readability(sentences, "es")
    assert ease >= LOWEST_EASE, (
        f"{kind}: Fernández-Huerta {ease:.1f} (at least {LOWEST_EASE}) over {len(sentences)} units. "
        f"The hardest:\n{hardest(sentences, 'es')}\n\nAll:\n" + "\n".join(sentences)
    )


def test_the_measure_sees_a_long_sentence():
    """The measure itself: a legal sentence fails it, the same said plainly passes."""
    legal = [
        "Notwithstanding the foregoing, the undersigned acknowledges that any unauthorized "
        "reproduction or dissemination of this confidential documentation may constitute a "
        "violation of applicable statutory provisions."
    ]
    plain = ["This paper is private.", "Do not copy it.", "Do not show it to others."]
    assert readability(legal, "en") > HIGHEST_GRADE
    assert readability(plain, "en") <= HIGHEST_GRADE


# --- The goal and the worry, part by part -------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_printed_safety_goal_and_danger_statement_keep_each_part_in_a_sentence_of_its_own(
    family, alice, record, printed, language
):
    """The parts are about twenty words each: run together into one sentence they would make
    sixty. The statements are printed as the composer writes them in the staff's language (a
    document in another language prints the family's wording, or this original marked), and
    none of its sentences is longer than forty words; nor are those of the composer's sentence
    in the reader's language, which the screens show."""
    assert sum(len(part.split()) for part in GOAL.values()) > 60
    assert sum(len(part.split()) for part in DANGER.values()) > 40
    text = " ".join(" ".join(printed(family, alice, "case_plan", record["case_plan"], language)).split())
    with translation.override(language):
        (row,) = case_plan_detail(CasePlan.objects.get(pk=record["case_plan"]))["links"]
    originals = [DangerStatement.objects.get(family=family), SafetyGoal.objects.get(family=family)]
    # Each sentence begins as composed (a statement may run onto the next page, under the page's
    # header and footer: whole sentences are not looked for).
    for statement in [record.original_wording for record in originals] + [row.danger, row.goal]:
        printed_here = statement in (originals[0].original_wording, originals[1].original_wording)
        for sentence in re.findall(r"[^.!?]+[.!?]", statement):
            if printed_here:
                assert " ".join(sentence.split()[:6]) in text, (
                    f"{language}: not printed: {sentence}\n\n{text}"
                )
            words = len(sentence.split())
            assert words <= LONGEST_SENTENCE, f"{language}: a sentence of {words} words: {sentence}"
