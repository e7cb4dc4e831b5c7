"""The demonstration risk assessment, risk reassessment and strengths and needs files carry
Spanish beside every text (as the safety assessment's file does): the loaders check that a
language given for one text is given for all, keep the texts in the stored version, and the
pages read them in the reader's language. A database that had the files in English gets the
texts on the same version (the data migration), not a new version."""

import copy
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from safety_networks import fsna_services
from safety_networks.fsna_models import DomainRating, FsnaInstrument
from safety_networks.risk_models import RiskInstrument
from safety_networks.sdm import fsna, risk
from tests.factories import CaregiverFactory, ChildFactory
from tests.safety_networks.test_risk_assessment_pages import HIGH, scored

pytestmark = pytest.mark.django_db

FILES = {
    "risk_assessment": risk.DEMONSTRATION_RISK,
    "risk_reassessment": risk.DEMONSTRATION_REASSESSMENT,
    "fsna": fsna.DEMONSTRATION,
}


TEXT_KEYS = ("name", "description", "wording", "label")


def texts_of(value) -> list:
    """Every text of a file (the value of a text key, or of a rating)."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in TEXT_KEYS:
                found.append(inner)
            elif key == "ratings":
                found.extend(inner.values())
            else:
                found.extend(texts_of(inner))
    elif isinstance(value, list):
        for inner in value:
            found.extend(texts_of(inner))
    return found


@pytest.fixture
def spanish(alice):
    alice.language = "es"
    alice.save(update_fields=["language"])
    return alice


@pytest.mark.parametrize("tool", FILES)
def test_every_text_of_the_demonstration_files_is_in_english_and_spanish(tool):
    texts = texts_of(json.loads(FILES[tool].read_text(encoding="utf-8")))
    assert len(texts) > 20
    for text in texts:
        assert isinstance(text, dict) and set(text) == {"en", "es"}, text
        assert text["es"].strip(), text
        assert text["es"] != text["en"] or text["en"] == "No", text  # "No" is "No" in Spanish


def test_the_risk_loader_keeps_the_spanish_beside_each_english_text():
    definition = risk.read(risk.DEMONSTRATION_RISK)
    n1 = definition["items"][0]
    assert n1["wording"] == "Earlier reports of neglect about this family."
    assert n1["translations"] == {"es": {"wording": "Reportes anteriores de negligencia sobre esta familia."}}
    assert n1["answers"][1]["translations"]["es"]["label"] == "Uno o dos"
    assert definition["indices"][1]["translations"]["es"]["name"] == "Índice de abuso"
    assert definition["policy_overrides"][0]["translations"]["es"]["wording"].startswith("Un niño sufrió")
    assert definition["translations"]["es"]["name"].startswith("Evaluación de riesgo de DEMOSTRACIÓN")
    # the scoring reads the English file as before
    assert risk.score(definition, HIGH).level == "high"


def test_the_stored_demonstrations_read_in_the_active_language():
    risk_tool = RiskInstrument.objects.get(code="demo-risk-assessment")
    domains = FsnaInstrument.objects.get(is_demonstration=True)
    with translation.override("es"):
        assert risk_tool.index_names() == {"neglect": "Índice de negligencia", "abuse": "Índice de abuso"}
        assert risk_tool.answer_label("A4", "more") == "Más de una vez"
        assert str(risk_tool) == "Evaluación de riesgo de DEMOSTRACIÓN (no es el texto de SDM) (versión 1)"
        education = domains.domain("child", "education")
        assert education["name"] == "Escuela o guardería"
        assert education["ratings"]["A"] == "Va con regularidad y le va bien."
    assert risk_tool.answer_label("A4", "more") == "More than once"
    assert domains.domain("child", "education")["name"] == "School or childcare"


@pytest.mark.parametrize("tool", ["risk_assessment", "fsna"])
def test_a_language_given_for_one_text_is_needed_for_all(tool, tmp_path):
    data = json.loads(FILES[tool].read_text(encoding="utf-8"))
    if tool == "fsna":
        data["child_domains"][1]["name"] = "Health and development"  # English only
        data["child_domains"][2]["ratings"]["B"] = {"en": "Attends most days.", "es": " "}
        expected = [
            "child_domains[2].name: no 'es' text",
            "child_domains[3].ratings.B.es: the text is empty",
        ]
    else:
        data["items"][2]["wording"] = "The main caregiver was in care as a child."  # English only
        data["items"][0]["answers"][1]["label"] = {"es": "Uno o dos"}  # no English
        expected = [
            "items[2].wording: no 'es' text",
            "items[0].answers[1].label.en: the English text is required",
        ]
    path = tmp_path / "tool.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_instrument", str(path))
    for problem in expected:
        assert problem in str(refused.value)


def test_a_database_with_the_english_files_gets_the_spanish_on_the_same_versions():
    """What the data migration does: the version loaded from the English file takes the texts;
    its assessments keep reading the same items, scores and English words."""
    risk_tool = RiskInstrument.objects.get(code="demo-risk-assessment")
    english = risk.without_translations(risk_tool.definition)
    RiskInstrument.objects.filter(pk=risk_tool.pk).update(definition=english, checksum=risk.checksum(english))
    domains = FsnaInstrument.objects.get(is_demonstration=True)
    english_domains = fsna.without_translations(domains.definition)
    FsnaInstrument.objects.filter(pk=domains.pk).update(definition=english_domains, checksum="before")

    assert risk.add_translations(risk.DEMONSTRATION_RISK, RiskInstrument)
    assert fsna.add_translations(fsna.DEMONSTRATION, model=FsnaInstrument)

    assert RiskInstrument.objects.filter(code="demo-risk-assessment").count() == 1
    assert FsnaInstrument.objects.filter(code=domains.code).count() == 1
    risk_tool.refresh_from_db()
    domains.refresh_from_db()
    assert risk.without_translations(risk_tool.definition) == english
    with translation.override("es"):
        assert risk_tool.index_names()["abuse"] == "Índice de abuso"
        assert domains.domain("caregiver", "substance_use")["name"] == "Uso de alcohol y drogas"
    # loading the file again changes nothing, and so does the migration
    assert risk.load(risk.DEMONSTRATION_RISK, RiskInstrument) == (risk_tool, False)
    assert not risk.add_translations(risk.DEMONSTRATION_RISK, RiskInstrument)
    assert not fsna.add_translations(fsna.DEMONSTRATION, model=FsnaInstrument)


def test_a_file_that_changes_more_than_the_texts_is_not_taken_on_the_same_version(tmp_path):
    risk_tool = RiskInstrument.objects.get(code="demo-risk-assessment")
    data = json.loads(risk.DEMONSTRATION_RISK.read_text(encoding="utf-8"))
    data["items"][0]["answers"][2]["score"] = 3
    data["bands"]["neglect"][-1]["to"] = 10
    path = tmp_path / "risk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = copy.deepcopy(risk_tool.definition)
    RiskInstrument.objects.filter(pk=risk_tool.pk).update(checksum="before")
    assert not risk.add_translations(path, RiskInstrument)
    risk_tool.refresh_from_db()
    assert risk_tool.definition == before


# --- The pages, for a Spanish-speaking worker --------------------------------------------------


def test_a_risk_assessment_reads_in_spanish_for_a_spanish_speaking_worker(client_of, spanish, family):
    assessment = scored(family, spanish, HIGH)
    url = reverse("safety_networks:risk_assessment", args=[family.public_id, assessment.pk])
    page = client_of(spanish).get(url).text
    assert escape("N1. Reportes anteriores de negligencia sobre esta familia.") in page
    assert escape("Índice de abuso") in page
    assert "Más de una vez" in page  # HIGH answers A4 "more"
    assert "Earlier reports of neglect" not in page
    assert "Evaluación de riesgo de DEMOSTRACIÓN" in page


def test_a_risk_draft_asks_its_questions_in_spanish(client_of, spanish, family):
    client = client_of(spanish)
    start = reverse("safety_networks:risk_scored_start", args=[family.public_id, "risk_reassessment"])
    draft_url = client.post(start, {"assessed_on": date.today()})["Location"]
    page = client.get(draft_url).text
    assert escape("Un reporte nuevo sobre esta familia desde la última evaluación.") in page
    assert escape("Todavía ningún cambio") in page
    assert "A new report about this family" not in page


def test_a_strengths_and_needs_assessment_reads_in_spanish_for_a_spanish_speaking_worker(
    client_of, spanish, family
):
    CaregiverFactory(family=family, first_name="Maria")
    ChildFactory(family=family, first_name="Sofía")
    demonstration = FsnaInstrument.objects.get(is_demonstration=True)
    assessment = fsna_services.fsna_start(family=family, by=spanish, instrument=demonstration)
    ratings = {
        row.pk: ("A" if row.domain == "education" else "C", "")
        for row in DomainRating.objects.filter(assessment=assessment)
    }
    fsna_services.fsna_save(assessment=assessment, by=spanish, ratings=ratings)
    client = client_of(spanish)

    page = client.get(reverse("safety_networks:fsna", args=[family.public_id, assessment.pk])).text
    assert "Escuela o guardería" in page
    assert "Va con regularidad y le va bien." in page  # what the A given means
    assert escape("Dinero, vivienda y necesidades básicas") in page
    assert "School or childcare" not in page
    draft = client.get(reverse("safety_networks:fsna_draft", args=[family.public_id, assessment.pk])).text
    assert "Escuela o guardería" in draft and "School or childcare" not in draft
