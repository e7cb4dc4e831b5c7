"""The family's language (issue 17): each family has a language for its documents; a PDF is
made in it (or in the language chosen when asking), whatever the language of the person who
asks. The documents are made by the real pipeline and read back with pypdf."""

# The fixtures of test_printed_documents are imported, and taken as arguments by name.
# ruff: noqa: F811

import importlib
import io
import re
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents import services as document_services
from documents.models import Document, DocumentState
from families.models import Family
from meetings.services import meeting_schedule
from safety_networks.services import safety_plan_activate
from tests.case_plans.test_printed_documents import (  # noqa: F401 (fixtures)
    case_plan,
    factors,
    meeting,
    people,
    private_media,
    safety_plan,
    samuel,
)
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db

SPANISH_MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
SPANISH_DATE = re.compile(rf"\b\d{{1,2}} de ({SPANISH_MONTHS}) de \d{{4}}\b")
ENGLISH_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{4}\b"
)

# The words each template prints, in English and in Spanish (locale/es/LC_MESSAGES/django.po).
# Staff-written texts (the plan's goals, the meeting's purpose...) stay as typed: the fixtures
# type them in English, so only the template's own words are looked for.
FRAME_ENGLISH = ["This is a private child welfare record", "Page 1 of", "Signature"]
FRAME_SPANISH = ["Es un expediente privado", "Página 1 de", "Firma", "Fecha"]
WORDS = {
    "case_plan": {
        "english": [
            "Case plan, version 1",
            "Our case plan",
            "Five things that help children and families do well",
            "How safety and well-being link up",
            "Safety goals and their steps",
            "Well-being goals and their steps",
            "How we will see progress",
            "Services and visits",
            "Signatures",
            "(caregiver)",
            "Caseworker:",
            "DRAFT",
        ],
        "spanish": [
            "Plan de caso, versión 1",
            "Nuestro plan de caso",
            "Metas de seguridad y sus pasos",
            "Firmas",
        ],
    },
    "safety_plan": {
        "english": [
            "Safety plan, version 1",
            "Our safety plan",
            "in force since",
            "The rules we agreed",
            "How we make sure it holds",
            "Warning signs",
            "If a rule is broken",
            "Our backup plan",
            "We agree to this plan",
            "Caseworker:",
        ],
        "spanish": [
            "Plan de seguridad, versión 1",
            "Nuestro plan de seguridad",
            "Las reglas que acordamos",
            "Señales de alerta",
            "Estamos de acuerdo con este plan",
            "10 de marzo de 2026",  # in force since (the date the test gives)
        ],
    },
    "meeting_summary": {
        "english": [
            "Summary of the",
            "Our Family Team Meeting on",
            "Why we met",
            "What we hoped to reach",
            "What we are worried about",
            "What we decided",
            "Who does what, by when",
            "Nothing was agreed.",
            "Signed by those who took part",
            "Initial meeting",
        ],
        "spanish": [
            "Resumen: ",
            "Por qué nos reunimos",
            "Lo que decidimos",
            "Quién hace qué, y para cuándo",
            "Firmado por quienes participaron",
        ],
    },
}


@pytest.fixture
def spanish(family):
    family.primary_language, family.document_language, family.interpreter_needed = "Spanish", "es", True
    family.save(update_fields=["primary_language", "document_language", "interpreter_needed"])
    return family


@pytest.fixture
def made(django_capture_on_commit_callbacks):
    """`made(family, by, kind, source_id, **language)`: (document, its text, its PDF reader),
    made by the real pipeline and opened as a download is."""

    def make(family, by, kind, source_id, **language):
        with django_capture_on_commit_callbacks(execute=True):
            document = document_services.document_request(
                family=family, by=by, kind=kind, source_id=source_id, **language
            )
        document.refresh_from_db()
        assert document.state == DocumentState.READY, document.failure_reason
        with document_services.document_open(document=document, by=by) as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        return document, text, reader

    return make


def sources(alice, case_plan, safety_plan, meeting) -> dict:
    safety_plan_activate(plan=safety_plan, by=alice, on=date(2026, 3, 10))
    return {"case_plan": case_plan.pk, "safety_plan": safety_plan.pk, "meeting_summary": meeting.pk}


def test_a_spanish_speaking_familys_three_documents_are_in_spanish(
    spanish,
    alice,
    case_plan,
    safety_plan,
    meeting,
    made,
):
    for kind, source_id in sources(alice, case_plan, safety_plan, meeting).items():
        document, text, reader = made(spanish, alice, kind, source_id)
        assert document.language == "es"
        assert reader.trailer["/Root"]["/Lang"] == "es"  # <html lang="es">
        for words in FRAME_SPANISH + WORDS[kind]["spanish"]:
            assert words in text, f"{kind}: {words!r} missing\n\n{text}"
        assert SPANISH_DATE.search(text), f"{kind}: no Spanish date\n\n{text}"
        english = [words for words in FRAME_ENGLISH + WORDS[kind]["english"] if words in text]
        assert not english, f"{kind}: English template text {english}\n\n{text}"
        assert not ENGLISH_DATE.search(text), f"{kind}: an English date\n\n{text}"
        assert re.search(r"Página 1 de \d", text)


def test_an_english_speaking_familys_documents_stay_english(
    family,
    alice,
    case_plan,
    safety_plan,
    meeting,
    made,
):
    for kind, source_id in sources(alice, case_plan, safety_plan, meeting).items():
        document, text, reader = made(family, alice, kind, source_id)
        assert document.language == "en"
        assert reader.trailer["/Root"]["/Lang"] == "en"
        for words in FRAME_ENGLISH + WORDS[kind]["english"]:
            assert words in text, f"{kind}: {words!r} missing\n\n{text}"
        assert not [words for words in FRAME_SPANISH + WORDS[kind]["spanish"] if words in text]


def test_the_requesters_own_language_does_not_change_the_documents(
    family,
    alice,
    safety_plan,
    made,
):
    """Alice reads the site in Spanish; the family's documents are in English."""
    alice.language = "es"
    alice.save(update_fields=["language"])
    document, text, _ = made(family, alice, "safety_plan", safety_plan.pk)
    assert document.title == "Safety plan, version 1"
    assert "Our safety plan" in text and "Nuestro plan de seguridad" not in text


def test_another_language_can_be_chosen_for_one_document(
    family,
    alice,
    safety_plan,
    made,
):
    document, text, _ = made(family, alice, "safety_plan", safety_plan.pk, language="es")
    assert document.title == "Plan de seguridad, versión 1"
    assert "Nuestro plan de seguridad" in text and "Our safety plan" not in text


# --- The pages ---------------------------------------------------------------------------


def selected_language(page: str) -> str:
    select = page.split('name="language"', 1)[1].split("</select>", 1)[0]
    return re.search(r'<option value="(\w+)"[^>]*selected', select).group(1)


def test_the_pdf_buttons_offer_the_familys_language_and_the_document_says_its_language(
    client_of,
    spanish,
    alice,
    case_plan,
    safety_plan,
    meeting,
    settings,
    tmp_path,
):
    client = client_of(alice)  # who reads the site in English
    pages = {
        "case_plan": reverse("case_plans:plan", args=[spanish.public_id, case_plan.pk]),
        "safety_plan": reverse("safety_networks:plan", args=[spanish.public_id, safety_plan.pk]),
        "meeting_summary": reverse("meetings:summary", args=[spanish.public_id, meeting.pk]),
    }
    for kind, url in pages.items():
        page = client.get(url).text
        assert selected_language(page) == "es", kind
        assert '<option value="en" lang="en">English</option>' in page
        assert '<option value="es" lang="es" selected>Español</option>' in page

    response = client.post(
        reverse("documents:document_request", args=[spanish.public_id]),
        {"kind": "safety_plan", "source": safety_plan.pk, "language": "es"},
    )
    document = Document.objects.get()
    assert document.language == "es"
    page = client.get(response["Location"]).text
    assert "Language: Español" in page
    assert "Plan de seguridad, versión 1" in page


def test_an_english_familys_pdf_buttons_offer_english(client_of, family, alice, safety_plan):
    page = client_of(alice).get(reverse("safety_networks:plan", args=[family.public_id, safety_plan.pk])).text
    assert selected_language(page) == "en"


def test_a_language_documents_are_not_made_in_is_refused(client_of, family, alice, safety_plan):
    response = client_of(alice).post(
        reverse("documents:document_request", args=[family.public_id]),
        {"kind": "safety_plan", "source": safety_plan.pk, "language": "fr"},
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_the_family_details_form_keeps_the_language_of_documents(client_of, family, alice):
    client = client_of(alice)
    url = reverse("families:edit", args=[family.public_id])
    form = client.get(url).text
    assert 'name="document_language"' in form and "Español" in form
    response = client.post(
        url,
        {
            "display_name": family.display_name,
            "referral_date": family.referral_date.isoformat(),
            "response_priority": "ten_day",
            "primary_language": "Spanish",
            "document_language": "es",
            "interpreter_needed": "on",
            "version": family.version,
        },
    )
    assert response.status_code == 302, response.content
    family.refresh_from_db()
    assert (family.document_language, family.interpreter_needed) == ("es", True)


def test_an_interpreter_needed_is_shown_on_the_overview_and_the_meeting_page(
    client_of, spanish, alice, people
):
    client = client_of(alice)
    overview = client.get(reverse("families:overview", args=[spanish.public_id])).text
    assert "interpreter needed (Spanish)" in overview
    invited = meeting_schedule(
        family=spanish,
        by=alice,
        caregivers=[people["maria"]],
        network_members=[],
        professionals=[],
        scheduled_at=timezone.now() + timedelta(days=3),
        purpose="To agree a safety plan.",
    )
    page = client.get(reverse("meetings:meeting", args=[spanish.public_id, invited.pk])).text
    assert "Interpreter needed (Spanish)" in page


def test_an_interpreter_needed_for_a_language_not_recorded_says_so_without_empty_brackets(
    client_of, spanish, alice
):
    spanish.primary_language = ""
    spanish.save(update_fields=["primary_language"])
    overview = client_of(alice).get(reverse("families:overview", args=[spanish.public_id])).text
    assert "interpreter needed" in overview and "()" not in overview


def test_no_interpreter_line_when_none_is_needed(client_of, family, alice, people):
    invited = meeting_schedule(
        family=family,
        by=alice,
        caregivers=[people["maria"]],
        network_members=[],
        professionals=[],
        scheduled_at=timezone.now() + timedelta(days=3),
        purpose="To agree a safety plan.",
    )
    page = client_of(alice).get(reverse("meetings:meeting", args=[family.public_id, invited.pk])).text
    assert "Interpreter needed" not in page


# --- The data migration ------------------------------------------------------------------


def test_families_whose_primary_language_says_spanish_get_spanish_documents_and_back():
    migration = importlib.import_module(
        "families.migrations.0007_spanish_speaking_families_documents_in_spanish"
    )
    said = ["Spanish", "spanish ", "Español", "ESPANOL", "English", "Spanish and English", ""]
    families = [FamilyFactory(primary_language=words, document_language="en") for words in said]

    migration.spanish_documents(django_apps, None)
    languages = dict(
        Family.objects.filter(pk__in=[f.pk for f in families]).values_list(
            "primary_language", "document_language"
        )
    )
    assert languages == {
        "Spanish": "es",
        "spanish ": "es",
        "Español": "es",
        "ESPANOL": "es",
        "English": "en",
        "Spanish and English": "en",
        "": "en",
    }
    migration.back_to_the_default(django_apps, None)
    assert not Family.objects.filter(document_language="es").exists()


def test_a_spanish_case_plan_gives_the_instruments_answers_in_spanish(
    spanish, alice, case_plan, people, made
):
    """The protective-factor charts' scale in words takes the answers' labels from the
    instrument, in the document's language (protective_factors/instruments)."""
    from protective_factors.models import Instrument
    from protective_factors.services import assessment_save_answers, assessment_start, assessment_submit

    assessment = assessment_start(
        family=spanish,
        by=alice,
        instrument=Instrument.objects.get(code="sop-demonstration"),
        caregiver=people["maria"],
        assessed_on=date(2026, 3, 5),
    )
    assert assessment.language == "es"
    assessment_save_answers(
        assessment=assessment, by=alice, answers={a.item_id: 3 for a in assessment.answers.all()}
    )
    assessment_submit(assessment=assessment, by=alice)
    _, text, _ = made(spanish, alice, "case_plan", case_plan.pk)
    assert "de 1 (“No se parece nada a mí”) a 5 (“Se parece mucho a mí”)." in text, text
    assert "Not at all like me" not in text
