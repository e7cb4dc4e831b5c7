"""Reference data in the family's language: instrument files with their texts per language,
the one helper that reads them (falling back to English, never to an empty string), a
caregiver answering in Spanish with the same scores, and the threats, everyday actions and
factor definitions in Spanish on their pages, for the same number of queries."""

import json
import re
from datetime import date
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from protective_factors.instruments import (
    DEMONSTRATION,
    InstrumentFileError,
    load_everyday_actions,
    read_everyday_actions,
    read_instrument,
)
from protective_factors.models import (
    Assessment,
    EverydayAction,
    FactorCode,
    FactorScore,
    Instrument,
    Item,
    ProtectiveFactor,
    ScoringBand,
)
from protective_factors.services import assessment_save_answers, assessment_start, assessment_submit
from safety_networks.instruments import DEMONSTRATION as THREATS
from safety_networks.instruments import InstrumentFileError as ThreatFileError
from safety_networks.instruments import load_threats, read_threats
from safety_networks.models import SafetyThreat
from safety_networks.services import safety_assessment_record
from sop_casework.translated import text_in_language
from tests.factories import CaregiverFactory, FamilyFactory

pytestmark = pytest.mark.django_db

CODES = set(FactorCode.values)


def demo() -> dict:
    return json.loads(DEMONSTRATION.read_text(encoding="utf-8"))


def english_only(value):
    """The file as it was written before translations: every {lang: text} is its English."""
    if isinstance(value, dict):
        if "en" in value and all(isinstance(v, str) for v in value.values()):
            return value["en"]
        return {k: english_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [english_only(v) for v in value]
    return value


def write(tmp_path, data, name="instrument.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def instrument():
    return Instrument.objects.get(code="sop-demonstration")


@pytest.fixture
def maria(family):
    return CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")


def pf_url(family, name, *args):
    return reverse(f"protective_factors:{name}", args=[family.public_id, *args])


# --- The helper -------------------------------------------------------------------------


def test_the_helper_reads_the_language_asked_for_then_its_general_language_then_english():
    translations = {"es": {"wording": "Sé a quién pedir ayuda."}, "fr": {"wording": ""}}
    english = "I know who to ask for help."
    assert text_in_language(english, translations, "wording", "es") == "Sé a quién pedir ayuda."
    assert text_in_language(english, translations, "wording", "es-mx") == "Sé a quién pedir ayuda."
    assert text_in_language(english, translations, "wording", "en") == english
    assert text_in_language(english, translations, "wording", "vi") == english  # no Vietnamese
    assert text_in_language(english, translations, "wording", "fr") == english  # empty: never shown
    assert text_in_language(english, {"es": {"wording": "   "}}, "wording", "es") == english
    assert text_in_language(english, {}, "wording", "es") == english
    assert text_in_language(english, None, "wording", "es") == english
    with translation.override("es"):  # no language given: the active one
        assert text_in_language(english, translations, "wording") == "Sé a quién pedir ayuda."


def test_a_row_without_a_language_reads_in_english_never_empty(instrument):
    item = Item.objects.filter(instrument=instrument).first()
    item.translations = {"es": {"wording": ""}}
    item.save()
    with translation.override("es"):
        assert Item.objects.get(pk=item.pk).translated("wording") == item.wording != ""
    with translation.override("zh-hans"):
        assert instrument.scale_for("caregiver_self")[0] == (1, "Not at all like me")


# --- The loader ---------------------------------------------------------------------------


def test_the_demonstration_is_loaded_in_english_and_spanish_every_text(instrument):
    assert instrument.languages == ["en", "es"]
    items = list(instrument.items.all())
    assert items and all(i.translations["es"]["wording"] not in ("", i.wording) for i in items)
    bands = list(ScoringBand.objects.filter(instrument=instrument))
    assert bands and all(b.description and b.translations["es"]["description"] for b in bands)
    with translation.override("es"):
        assert instrument.translated("name").startswith("Revisión de los factores de protección")
        assert instrument.scale_for("caregiver_self")[0] == (1, "No se parece nada a mí")
        assert instrument.scale_for("caregiver_about_child")[4] == (5, "Se parece mucho a mi hijo(a)")
        assert instrument.scale_label(5) == "Se parece mucho a mí"
    assert instrument.scale_for("caregiver_self", "en")[0] == (1, "Not at all like me")


def test_an_old_single_language_file_loads_as_before_with_the_same_checksum(tmp_path):
    old = english_only(demo())
    assert json.dumps(old).count('"es"') == 0
    assert (
        read_instrument(write(tmp_path, old), CODES).checksum
        == read_instrument(DEMONSTRATION, CODES).checksum
    )
    old["code"] = "agency-instrument"
    old["demonstration"] = False
    call_command("load_instrument", write(tmp_path, old), stdout=StringIO())
    loaded = Instrument.objects.get(code="agency-instrument")
    assert loaded.languages == ["en"] and loaded.translations == {}
    assert not Item.objects.filter(instrument=loaded).exclude(translations={}).exists()
    with translation.override("es"):  # a Spanish reader gets the English, not an empty form
        assert (
            Item.objects.get(instrument=loaded, code="PR1").translated("wording").startswith("When things go")
        )
        assert loaded.scale_for("caregiver_self")[0] == (1, "Not at all like me")


def test_a_file_missing_a_language_for_some_texts_is_refused_with_each_place(tmp_path, instrument):
    data = demo()
    data["code"] = "agency-instrument"
    del data["items"][3]["wording"]["es"]
    data["scale"][2]["label"] = data["scale"][2]["label"]["en"]
    data["bands"]["*"][0]["description"] = {"en": "To build.", "es": ""}
    data["items"][5]["wording"]["vi"] = "Có người tôi có thể gọi."
    with pytest.raises(InstrumentFileError) as refused:
        read_instrument(write(tmp_path, data), CODES)
    problems = refused.value.problems
    assert any(p.startswith("items[3].wording: no 'es' text") for p in problems)
    assert any(p.startswith("scale[2].label: no 'es' text") for p in problems)
    assert "bands.*[0].description.es: the text is empty" in problems
    # one Vietnamese text makes Vietnamese a language of the file: every other text lacks it
    assert any(p.startswith("items[0].wording: no 'vi' text") for p in problems)
    assert any(p.startswith("name: no 'vi' text") for p in problems)
    with pytest.raises(CommandError, match="The file was not loaded"):
        call_command("load_instrument", write(tmp_path, data))
    assert not Instrument.objects.filter(code="agency-instrument").exists()


def test_english_is_required_and_a_language_is_a_language_code(tmp_path):
    data = demo()
    data["items"][0]["wording"] = {"es": "Solo en español."}
    data["items"][1]["wording"]["Spanish"] = "En español."
    with pytest.raises(InstrumentFileError) as refused:
        read_instrument(write(tmp_path, data), CODES)
    problems = refused.value.problems
    assert "items[0].wording.en: the English text is required" in problems
    assert "items[1].wording: 'Spanish' is not a language code (such as 'en' or 'es')" in problems


def test_new_translations_of_the_same_questions_update_the_version_not_make_a_new_one(tmp_path, instrument):
    data = demo()
    data["items"][0]["wording"]["es"] = "Cuando algo sale mal, encuentro cómo seguir."
    for index, item in enumerate(data["items"]):
        item["wording"]["vi"] = f"Câu {index}"
    for point in data["scale"]:
        point["label"]["vi"] = f"Mức {point['value']}"
        point["labels"]["caregiver_about_child"]["vi"] = f"Con tôi {point['value']}"
    for band in data["bands"]["*"]:
        band["description"]["vi"] = "Mô tả"
    data["name"]["vi"] = "Bản thử"
    data["description"]["vi"] = "Mô tả"
    out = StringIO()
    call_command("load_instrument", write(tmp_path, data), stdout=out)
    assert "brought up to date (en, es, vi)" in out.getvalue()
    assert list(Instrument.objects.filter(code="sop-demonstration").values_list("version", flat=True)) == [1]
    instrument.refresh_from_db()
    assert instrument.languages == ["en", "es", "vi"]
    assert Item.objects.get(instrument=instrument, code="PR1").translated("wording", "es") == (
        "Cuando algo sale mal, encuentro cómo seguir."
    )
    assert instrument.scale_for("caregiver_about_child", "vi")[1] == (2, "Con tôi 2")
    out = StringIO()
    call_command("load_instrument", write(tmp_path, data), stdout=out)
    assert "nothing changed" in out.getvalue()


def test_the_data_migration_brings_spanish_to_a_database_loaded_in_english(instrument):
    """An installation migrated before the translations has the demonstration, the factors,
    the threats and the everyday actions in English only; the data migrations give them
    their Spanish on the rows it has (no new instrument version), and take it away again."""
    protective = import_module("protective_factors.migrations.0007_texts_in_spanish")
    threats = import_module("safety_networks.migrations.0007_threats_in_spanish")
    protective.unload(apps, None)
    threats.unload(apps, None)
    assert not Item.objects.exclude(translations={}).exists()
    assert not SafetyThreat.objects.exclude(translations={}).exists()
    assert not ScoringBand.objects.exclude(description="").exists()
    edited = EverydayAction.objects.first()
    edited.text = "The agency's own suggestion"
    edited.save()

    protective.load(apps, None)
    threats.load(apps, None)
    assert list(Instrument.objects.values_list("version", flat=True)) == [1]
    with translation.override("es"):
        assert Instrument.objects.get().scale_for("caregiver_self")[0][1] == "No se parece nada a mí"
        assert (
            SafetyThreat.objects.get(code="5").translated("wording")
            == "La casa es físicamente peligrosa para un niño."
        )
        factor = ProtectiveFactor.objects.get(code="social_connections")
        assert factor.translated("definition").startswith("Relaciones que dan apoyo")
        assert (
            ScoringBand.objects.filter(band="strength")
            .first()
            .translated("description")
            .startswith("Una fortaleza")
        )
        actions = EverydayAction.objects.exclude(pk=edited.pk)
        assert all(a.translated("text") != a.text for a in actions)
        assert EverydayAction.objects.get(pk=edited.pk).translated("text") == "The agency's own suggestion"


def test_the_threats_and_everyday_actions_files_follow_the_same_rule(tmp_path):
    data = json.loads(THREATS.read_text(encoding="utf-8"))
    data["threats"][4]["wording"] = data["threats"][4]["wording"]["en"]
    with pytest.raises(ThreatFileError, match=r"threats\[4\].wording: no 'es' text"):
        read_threats(write(tmp_path, data, "threats.json"))
    old = english_only(json.loads(THREATS.read_text(encoding="utf-8")))
    old["instrument"] = "Agency threats"
    assert load_threats(SafetyThreat, write(tmp_path, old, "threats.json")) == 11
    assert SafetyThreat.objects.get(instrument="Agency threats", code="1").translations == {}

    actions = json.loads((DEMONSTRATION.parent / "everyday_actions.json").read_text(encoding="utf-8"))
    actions["concrete_support"][0] = actions["concrete_support"][0]["en"]
    with pytest.raises(InstrumentFileError, match=r"concrete_support\[0\]: no 'es' text"):
        read_everyday_actions(write(tmp_path, actions, "actions.json"))
    assert load_everyday_actions(EverydayAction=EverydayAction, ProtectiveFactor=ProtectiveFactor) == 0


# --- Answering in Spanish ---------------------------------------------------------------------


VALUES = {  # the same answers, whatever the language they were read in
    "parental_resilience": [2, 3, 4, 1],
    "social_connections": [3, 4, 3, 2],
    "knowledge_of_parenting": [5, 5, 1, 4],
    "concrete_support": [1, 2, 5, None],
}


def answer_and_submit(assessment, by):
    seen: dict[str, int] = {}
    answers = {}
    for answer in assessment.answers.select_related("item__factor").order_by("item__position"):
        code = answer.item.factor.code
        answers[answer.item_id] = VALUES[code][seen.get(code, 0)]
        seen[code] = seen.get(code, 0) + 1
    assessment_save_answers(assessment=assessment, by=by, answers=answers)
    return assessment_submit(assessment=assessment, by=by)


def scores_of(assessment):
    return [
        (s.factor.code, s.mean, s.band, s.answered, s.items)
        for s in FactorScore.objects.filter(assessment=assessment).select_related("factor")
    ]


def test_the_same_answers_in_english_and_in_spanish_give_the_same_scores(alice, family, maria, instrument):
    english = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria, language="en")
    spanish = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria, language="es")
    assert (english.language, spanish.language) == ("en", "es")
    answer_and_submit(english, alice)
    answer_and_submit(spanish, alice)
    assert scores_of(english) == scores_of(spanish)
    assert {band for _code, _mean, band, _answered, _items in scores_of(spanish)} == {
        "area_to_build",
        "emerging",
        "strength",
    }


def test_a_spanish_speaking_familys_assessment_is_asked_in_spanish_on_an_english_screen(
    client_of, alice, maria, family
):
    family.document_language = "es"
    family.save()
    client = client_of(alice)
    form = client.get(pf_url(family, "assessment_start")).text
    assert '<option value="es" selected>' in form
    client.post(
        pf_url(family, "assessment_start"),
        {"person": f"caregiver-{maria.pk}", "kind": "pre", "assessed_on": date.today().isoformat(),
         "instrument": Instrument.objects.get().pk},
    )  # fmt: skip
    assessment = Assessment.objects.get()
    assert assessment.language == "es"
    page = client.get(pf_url(family, "assessment", assessment.pk)).text
    assert 'lang="es"' in page
    assert "Cuando siento que no puedo más, sé a quién pedirle ayuda." in page
    assert "1 · No se parece nada a mí" in page and "Not at all like me" not in page
    assert "Resiliencia de los padres" in page  # the factor, as the caregiver reads it
    assert "Submit and score" in page  # the worker's own screen stays English
    assert "asked in Español" in page


def test_a_family_in_a_language_the_instrument_lacks_is_asked_in_english(alice, family, maria, tmp_path):
    old = english_only(demo())
    old["code"] = "agency-instrument"
    call_command("load_instrument", write(tmp_path, old), stdout=StringIO())
    english_only_instrument = Instrument.objects.get(code="agency-instrument")
    family.document_language = "es"
    family.save()
    started = assessment_start(family=family, by=alice, instrument=english_only_instrument, caregiver=maria)
    assert started.language == "en"
    with pytest.raises(ValidationError, match="has no questions in Español"):
        assessment_start(
            family=family, by=alice, instrument=english_only_instrument, caregiver=maria, language="es"
        )


def test_the_worker_changes_a_drafts_language_and_the_answers_stay(
    client_of, alice, bob, charlie, family, maria
):
    instrument = Instrument.objects.get()
    draft = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria)
    assert draft.language == "en"
    first = draft.answers.order_by("item__position").first()
    assessment_save_answers(assessment=draft, by=alice, answers={first.item_id: 4})
    url = pf_url(family, "assessment", draft.pk)
    assert client_of(charlie).post(url, {"change_language": "", "language": "es"}).status_code == 404
    assert client_of(bob).get(url).status_code == 200

    response = client_of(alice).post(url, {"change_language": "", "language": "es"})
    assert response.status_code == 302 and response["Location"] == url
    draft.refresh_from_db()
    assert draft.language == "es"
    page = client_of(alice).get(url).text
    first_item = page.split("Cuando las cosas salen mal")[1].split("</fieldset>")[0]
    assert re.search(r'value="4"[^>]*checked', first_item)
    assert client_of(alice).post(url, {"change_language": "", "language": "xx"}).status_code == 302
    draft.refresh_from_db()
    assert draft.language == "es"


def test_a_spanish_reader_sees_a_submitted_assessment_in_spanish(client, alice, bob, family, maria):
    instrument = Instrument.objects.get()
    submitted = answer_and_submit(
        assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria, language="en"),
        alice,
    )
    url = pf_url(family, "assessment", submitted.pk)
    bob.language = "es"  # the supervisor's own language, chosen in the menu
    bob.save()
    client.force_login(bob)
    page = client.get(url).text
    assert "Cuando siento que no puedo más" in page
    assert "4 · Se parece bastante a mí" in page
    assert "Una fortaleza: algo en lo que se puede apoyar." in page
    assert "Un área por fortalecer" in page
    assert "When I feel overwhelmed" not in page
    client.force_login(alice)  # English, unless the browser asks for Spanish
    assert "When I feel overwhelmed" in client.get(url).text
    assert "Cuando siento que no puedo más" in client.get(url, HTTP_ACCEPT_LANGUAGE="es").text


# --- The pages that list threats, everyday actions and factor definitions ----------------


def queries_and_page(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, **headers).text
    return len(queries), page


def test_safety_threats_read_in_spanish_for_the_same_queries(client_of, alice, family):
    threats = list(SafetyThreat.objects.all())
    for index in range(6):
        safety_assessment_record(
            family=family,
            by=alice,
            threats=threats[index : index + 3],
            decision="unsafe",
            placement_made=True,
        )
    client = client_of(alice)
    url = reverse("safety_networks:decisions", args=[family.public_id])
    english_queries, english = queries_and_page(client, url)
    spanish_queries, spanish = queries_and_page(client, url, HTTP_ACCEPT_LANGUAGE="es")
    assert "The home is physically dangerous for a child." in english
    assert "La casa es físicamente peligrosa para un niño." in spanish
    assert "The home is physically dangerous" not in spanish
    assert spanish_queries == english_queries
    form = client.get(
        reverse("safety_networks:safety_assessment_add", args=[family.public_id]), HTTP_ACCEPT_LANGUAGE="es"
    ).text
    assert "5. La casa es físicamente peligrosa para un niño." in form


def test_everyday_actions_and_factor_definitions_read_in_spanish_for_the_same_queries(
    client_of, alice, family, django_assert_max_num_queries
):
    client = client_of(alice)
    url = pf_url(family, "goal_add")
    english_queries, english = queries_and_page(client, url)
    spanish_queries, spanish = queries_and_page(client, url, HTTP_ACCEPT_LANGUAGE="es")
    assert "Sign up for the food bank" in english and "Relationships that give emotional" in english
    assert "Inscríbase para recibir cada semana la entrega del banco de comida." in spanish
    assert "Relaciones que dan apoyo emocional, consejos, ayuda práctica y apoyo espiritual." in spanish
    assert "Buscar a las personas que apoyan a la familia" in spanish
    assert "Sign up for the food bank" not in spanish
    assert spanish_queries == english_queries
    # the 20 suggestions come in one query with their translations: adding more adds none
    for factor in ProtectiveFactor.objects.all():
        EverydayAction.objects.bulk_create(
            [
                EverydayAction(factor=factor, text=f"More {n}", translations={"es": {"text": f"Más {n}"}})
                for n in range(10)
            ]
        )
    with django_assert_max_num_queries(english_queries):
        assert "Más 9" in client.get(url, HTTP_ACCEPT_LANGUAGE="es").text


def test_the_case_plans_scale_in_words_is_in_the_documents_language(alice, family, maria):
    from case_plans.document_kind import _scale_in_words

    instrument = Instrument.objects.get()
    submitted = answer_and_submit(
        assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria), alice
    )
    with translation.override("es"):
        words = _scale_in_words([submitted])
    assert "No se parece nada a mí" in words and "Se parece mucho a mí" in words
    assert "Very much like me" in _scale_in_words([submitted])


def test_another_familys_assessment_stays_out_of_reach(client_of, charlie, alice):
    other = FamilyFactory(assigned_caseworker=alice)
    maria = CaregiverFactory(family=other)
    draft = assessment_start(family=other, by=alice, instrument=Instrument.objects.get(), caregiver=maria)
    assert client_of(charlie).get(pf_url(other, "assessment", draft.pk)).status_code == 404


def test_an_assessment_costs_the_same_queries_in_spanish_as_in_english(client_of, alice, family, maria):
    instrument = Instrument.objects.get()
    submitted = answer_and_submit(
        assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria), alice
    )
    draft = assessment_start(family=family, by=alice, instrument=instrument, caregiver=maria, language="es")
    client = client_of(alice)
    for assessment in (submitted, draft):
        url = pf_url(family, "assessment", assessment.pk)
        english_queries, _ = queries_and_page(client, url)
        spanish_queries, page = queries_and_page(client, url, HTTP_ACCEPT_LANGUAGE="es")
        assert "Cuando siento que no puedo más" in page
        assert spanish_queries == english_queries


def test_the_overview_panel_names_the_factors_of_a_submitted_assessment_in_the_readers_language(
    client_of, alice, family, maria
):
    """The panel reads the scores as part rows on the family (family_row): the factor comes
    with its translations, and reading its name never fetches a row on its own."""
    factor = ProtectiveFactor.objects.get(code="knowledge_of_parenting")
    factor.translations = {**factor.translations, "es": {**factor.translations["es"], "name": "Saber criar"}}
    factor.save()
    answer_and_submit(
        assessment_start(family=family, by=alice, instrument=Instrument.objects.get(), caregiver=maria), alice
    )
    url = reverse("families:overview", args=[family.public_id])
    client = client_of(alice)
    english_queries, english = queries_and_page(client, url)
    spanish_queries, spanish = queries_and_page(client, url, HTTP_ACCEPT_LANGUAGE="es")
    assert "Knowledge of parenting and child development" in english
    assert "Saber criar" in spanish
    assert spanish_queries == english_queries
