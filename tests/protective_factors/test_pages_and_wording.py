"""The protective factors among the safety work's tabs, Cancel going back where the user came
from, and the words a caregiver reads: answers in the person of the questions, "well-being"."""

import json
from datetime import date
from importlib import import_module
from urllib.parse import quote

import pytest
from django.apps import apps
from django.urls import reverse

from protective_factors.instruments import DEMONSTRATION, InstrumentFileError, read_instrument
from protective_factors.models import Assessment, FactorCode, Instrument, Item
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(family):
    return CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")


def pf_url(family, name="family", *args):
    return reverse(f"protective_factors:{name}", args=[family.public_id, *args])


def overview(family):
    return reverse("families:overview", args=[family.public_id])


def safety_tabs(page: str) -> str:
    return page.split('aria-label="Safety work"')[1].split("</nav>")[0]


# --- The tabs ---------------------------------------------------------------------------


@pytest.mark.parametrize("tab", ["map", "scaling", "network", "plans", "decisions", "three_houses"])
def test_every_safety_tab_leads_to_the_familys_protective_factors(client_of, alice, family, tab):
    html = client_of(alice).get(reverse(f"safety_networks:{tab}", args=[family.public_id])).text
    assert f'href="{pf_url(family)}">Protective factors</a>' in safety_tabs(html)


def test_the_protective_factors_page_shows_the_tabs_with_its_own_current(client_of, alice, family):
    tabs = safety_tabs(client_of(alice).get(pf_url(family)).text)
    assert f'active" aria-current="page" href="{pf_url(family)}">Protective factors' in tabs
    assert f'href="{reverse("safety_networks:map", args=[family.public_id])}">Map</a>' in tabs
    assert tabs.count('aria-current="page"') == 1


# --- Cancel goes back -------------------------------------------------------------------


def cancel_of(page: str) -> str:
    return page.split(">Cancel</a>")[0].rsplit('href="', 1)[1].split('"')[0]


@pytest.mark.parametrize("form", ["goal_add", "assessment_start"])
def test_cancel_goes_back_to_the_page_the_form_was_opened_from(client_of, alice, family, form):
    client = client_of(alice)
    came_from = pf_url(family)
    page = client.get(pf_url(family, form), HTTP_REFERER=f"http://testserver{came_from}").text
    assert cancel_of(page) == came_from
    assert f'name="next" value="{came_from}"' in page
    # shown again with what is missing, the form still goes back there (its Referer is now itself)
    page = client.post(
        pf_url(family, form),
        {"next": came_from},
        HTTP_REFERER=f"http://testserver{pf_url(family, form)}",
    ).text
    assert "This field is required." in page
    assert cancel_of(page) == came_from


def test_cancel_keeps_the_query_of_the_page_it_goes_back_to(client_of, alice, family):
    came_from = reverse("safety_networks:map", args=[family.public_id]) + "?on=2026-03-01"
    page = client_of(alice).get(
        reverse("safety_networks:harm_add", args=[family.public_id]),
        HTTP_REFERER=f"http://testserver{came_from}",
    )
    assert cancel_of(page.text) == came_from.replace("&", "&amp;")


def test_without_a_page_to_go_back_to_cancel_goes_where_it_always_did(client_of, alice, family):
    client = client_of(alice)
    assert cancel_of(client.get(pf_url(family, "goal_add")).text) == overview(family)
    harm_add = reverse("safety_networks:harm_add", args=[family.public_id])
    assert cancel_of(client.get(harm_add).text) == reverse("safety_networks:map", args=[family.public_id])


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/sign-in",
        "//evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil/x",
        "x/y",
    ],
)
def test_cancel_never_leads_off_the_site(client_of, alice, family, elsewhere):
    client = client_of(alice)
    form = pf_url(family, "goal_add")
    assert cancel_of(client.get(f"{form}?next={quote(elsewhere)}").text) == overview(family)
    assert cancel_of(client.get(form, HTTP_REFERER=elsewhere).text) == overview(family)
    page = client.post(form, {"next": elsewhere}).text
    assert cancel_of(page) == overview(family) and "evil" not in page


# --- The answers read in the person of the questions ------------------------------------


def start(client, family, person: str) -> Assessment:
    client.post(
        pf_url(family, "assessment_start"),
        {
            "person": person,
            "kind": "pre",
            "assessed_on": date.today().isoformat(),
            "instrument": Instrument.objects.order_by("-version").first().pk,
        },
    )
    return Assessment.objects.latest("id")


def answers_of(page: str, wording: str) -> list[str]:
    item = page.split(wording)[1].split("</fieldset>")[0]
    return [
        label.split("</label>")[0].split(">", 1)[1] for label in item.split('class="form-check-label"')[1:]
    ]


def test_a_caregivers_questions_about_themselves_are_answered_like_me(client_of, alice, family, maria):
    client = client_of(alice)
    assessment = start(client, family, f"caregiver-{maria.pk}")
    page = client.get(pf_url(family, "assessment", assessment.pk)).text
    assert answers_of(page, "When things go wrong, I can usually") == [
        "1 · Not at all like me",
        "2 · A little like me",
        "3 · Somewhat like me",
        "4 · Mostly like me",
        "5 · Very much like me",
    ]
    assert "like us" not in page and "like my child" not in page


def test_questions_about_a_child_are_answered_like_my_child(client_of, alice, family):
    toddler = ChildFactory(family=family, first_name="Tomás", date_of_birth=date(date.today().year - 3, 1, 9))
    client = client_of(alice)
    assessment = start(client, family, f"child-{toddler.pk}")
    page = client.get(pf_url(family, "assessment", assessment.pk)).text
    labels = answers_of(page, "My child lets me know when they are upset")
    assert labels[0::4] == [
        "1 · Not at all like my child",
        "5 · Very much like my child",
    ]
    assert "like us" not in page and "like me<" not in page


def test_an_answer_label_for_someone_who_never_answers_is_refused(tmp_path):
    data = json.loads(DEMONSTRATION.read_text(encoding="utf-8"))
    data["scale"][0]["labels"] = {
        "grandparent": {"en": "Not at all like my grandchild", "es": "No se parece nada a mi nieto(a)"}
    }
    data["scale"][1]["labels"] = {"caregiver_about_child": ""}
    path = tmp_path / "instrument.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InstrumentFileError) as refused:
        read_instrument(path, set(FactorCode.values))
    assert {p.split(":")[0] for p in refused.value.problems} == {"scale[0].labels", "scale[1].labels"}


def test_an_agency_that_loaded_the_old_wording_gets_it_as_the_next_version(client_of, alice, family, maria):
    """An installation that loaded the demonstration while it read "like us" gets the new
    wording as the instrument's next version: new assessments use it, one started before
    keeps its version. Reversing the migration takes the unused version away again."""
    migration = import_module("protective_factors.migrations.0005_demonstration_answers_in_the_items_person")
    first = Instrument.objects.get(code="sop-demonstration")
    first.scale = [
        {"value": p["value"], "label": p["label"].replace("like me", "like us")} for p in first.scale
    ]
    first.checksum = "as loaded before"
    first.save()
    client = client_of(alice)
    started = start(client, family, f"caregiver-{maria.pk}")

    migration.load(apps, None)
    assert list(Instrument.objects.filter(code="sop-demonstration").values_list("version", flat=True)) == [
        2,
        1,
    ]
    assert Item.objects.filter(instrument__version=2).count() == Item.objects.filter(instrument=first).count()
    migration.unload(apps, None)
    assert list(Instrument.objects.values_list("version", flat=True)) == [1]

    migration.load(apps, None)
    daniel = CaregiverFactory(family=family, first_name="Daniel")
    page = client.get(pf_url(family, "assessment", start(client, family, f"caregiver-{daniel.pk}").pk)).text
    assert "Not at all like me" in page and "like us" not in page
    assert "Not at all like us" in client.get(pf_url(family, "assessment", started.pk)).text


def test_the_case_plan_form_says_well_being_goals(client_of, alice, family):
    from case_plans.services import case_plan_start

    plan = case_plan_start(family=family, by=alice)
    page = client_of(alice).get(reverse("case_plans:edit", args=[family.public_id, plan.pk])).text
    assert "Well-being goals" in page and "Well being goals" not in page
