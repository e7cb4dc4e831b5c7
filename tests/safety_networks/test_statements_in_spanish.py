"""The harm, danger and goal statements are one sentence the family reads (issue 17): the words
the composer adds around what the caseworker typed are whole sentences in the reader's
language, and the English sentence is as it always was."""

import pytest
from django.utils.html import escape

from protective_factors.models import ProtectiveFactor
from tests.safety_networks.conftest import danger_and_goal

pytestmark = pytest.mark.django_db

TYPED_IN_SPANISH = {
    "danger-who_is_worried": "La escuela, María y la agencia",
    "danger-caregiver_behaviour": "cuando Daniel se enoja puede agarrar o pegar a",
    "danger-what_could_happen": "podrían salir muy lastimados",
    "goal-caregivers_will": "cuando Daniel se enoja, sale de la casa y llama a su hermano",
    "goal-child_will_experience": "Sofía y Tomás están seguros en casa",
    "goal-agency_needs_to_see": "que un adulto de confianza los visita cada día",
    "goal-for_how_long": "durante los próximos seis meses",
}


@pytest.fixture
def spanish(alice):
    alice.language = "es"
    alice.save(update_fields=["language"])
    return alice


def test_the_danger_statement_and_its_goal_read_in_spanish_on_the_map(client_of, spanish, url, sofia, tomas):
    client = client_of(spanish)
    assert (
        client.post(url("danger_add"), danger_and_goal([sofia, tomas], **TYPED_IN_SPANISH)).status_code == 302
    )
    page = client.get(url("map")).text
    assert (
        escape(
            "La escuela, María y la agencia se preocupan porque cuando Daniel se enoja puede agarrar o "
            "pegar a Sofía o Tomás. Si nada cambia, podrían salir muy lastimados."
        )
        in page
    )
    assert (
        escape(
            "Durante los próximos seis meses, cuando Daniel se enoja, sale de la casa y llama a su hermano. "
            "Así, Sofía y Tomás están seguros en casa. "
            "La agencia necesita ver que un adulto de confianza los visita cada día."
        )
        in page
    )


def test_two_people_joined_by_the_reader_s_and_are_worried_together(client_of, spanish, url, sofia):
    data = danger_and_goal([sofia], **{**TYPED_IN_SPANISH, "danger-who_is_worried": "María y Daniel"})
    preview = client_of(spanish).post(url("danger_preview"), data).text
    assert escape(
        "María y Daniel se preocupan porque cuando Daniel se enoja puede agarrar o pegar a Sofía. Si nada"
    ) in (preview)
    data["danger-who_is_worried"] = "La escuela"
    preview = client_of(spanish).post(url("danger_preview"), data).text
    assert escape("La escuela se preocupa porque cuando Daniel") in preview


def test_the_harm_statement_reads_in_spanish(client_of, spanish, url, sofia, daniel):
    data = {
        "what_happened": "Sofía llegó a la escuela con un moretón en el brazo",
        "child": sofia.pk,
        "caregiver": daniel.pk,
        "caregiver_action": "la agarró fuerte cuando estaba enojado",
        "effect": "le dolió y tuvo miedo",
    }
    preview = client_of(spanish).post(url("harm_preview"), data).text
    assert (
        escape(
            "Sofía llegó a la escuela con un moretón en el brazo. Pasó cuando Daniel la agarró fuerte cuando "
            "estaba enojado. Para Sofía: le dolió y tuvo miedo."
        )
        in preview
    )
    without_names = {**data, "child": "", "caregiver": ""}
    preview = client_of(spanish).post(url("harm_preview"), without_names).text
    assert (
        escape("Pasó cuando la agarró fuerte cuando estaba enojado. Para el niño o la niña: le dolió")
        in preview
    )


def test_in_english_the_harm_statement_reads_as_before(client_of, alice, url, sofia, daniel):
    data = {
        "what_happened": "Sofía came to school with a bruise",
        "child": sofia.pk,
        "caregiver": daniel.pk,
        "caregiver_action": "grabbed her hard",
        "effect": "she was scared",
    }
    preview = client_of(alice).post(url("harm_preview"), data).text
    assert (
        escape(
            "Sofía came to school with a bruise. It happened when Daniel grabbed her hard. "
            "For Sofía: she was scared."
        )
        in preview
    )


def test_the_factors_a_goal_builds_are_named_in_spanish(client_of, spanish, url, sofia):
    client = client_of(spanish)
    form = client.get(url("danger_add")).text
    # The goal's words suggest the factors it builds: "walks away", "calls his brother".
    preview = client.post(url("danger_preview"), danger_and_goal([sofia])).text
    for spanish_name in ("Resiliencia de los padres", "Apoyo concreto en momentos de necesidad"):
        assert spanish_name in form
    assert "Resiliencia de los padres" in preview and "Conexiones sociales" in preview
    ticked = danger_and_goal([sofia])
    ticked["goal-protective_factors"] = [ProtectiveFactor.objects.get(code="parental_resilience").pk]
    assert client.post(url("danger_add"), ticked).status_code == 302
    on_the_map = client.get(url("map")).text
    assert "Builds:" not in on_the_map and "Resiliencia de los padres" in on_the_map
    for english in ("Parental resilience", "Concrete support in times of need", "Social connections"):
        assert english not in form and english not in preview and english not in on_the_map
