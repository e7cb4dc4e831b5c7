"""What staff write, in the family's words too (issue 17): a danger statement, a safety goal, a
safety-plan rule, a case-plan step, a well-being goal and a meeting action item may carry the
family's-language wording beside the original; the service keeps it (history, version check,
audit); the family's wording page lists every current text with what is missing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditAction, AuditEvent
from case_plans import services as case_plan_services
from families.family_wording import kind_of, wording_kinds
from families.services import family_wording_set
from families.versioning import EditConflict
from meetings.models import ActionItem
from meetings.services import action_item_save, meeting_schedule
from protective_factors.models import ProtectiveFactor
from protective_factors.services import well_being_goal_save
from safety_networks.models import SafetyPlanRule
from safety_networks.services import (
    danger_statement_save,
    network_member_save,
    safety_plan_rule_save,
    safety_plan_start,
)
from tests.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(family):
    family.document_language = "es"
    family.save(update_fields=["document_language"])
    return family


def add_texts(family, by, n: int = 1) -> dict:
    """`n` texts of every kind for the family; returns the last of each."""
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    sofia = ChildFactory(family=family, first_name="Sofía")
    samuel = network_member_save(family=family, by=by, name="Samuel", relationship="brother")
    plan = safety_plan_start(family=family, by=by)
    meeting = meeting_schedule(
        family=family,
        by=by,
        caregivers=[],
        network_members=[],
        professionals=[],
        scheduled_at=timezone.now() + timedelta(days=2),
    )
    texts = {}
    goals, well_being = [], []
    for i in range(n):
        texts["danger-statement"], texts["safety-goal"] = danger_statement_save(
            family=family,
            by=by,
            children=[sofia],
            factors=[factors["parental_resilience"]],
            statement_fields={
                "who_is_worried": "The school",
                "caregiver_behaviour": f"when Daniel is angry ({i}) he may grab",
                "what_could_happen": "she could be hurt",
            },
            goal_fields={
                "caregivers_will": f"Daniel walks away and calls Samuel ({i})",
                "child_will_experience": "Sofía is safe",
                "agency_needs_to_see": "calm evenings",
                "for_how_long": "over six months",
            },
        )
        goals.append(texts["safety-goal"])
        texts["safety-plan-rule"] = safety_plan_rule_save(
            plan=plan, by=by, rule=f"Daniel calls Samuel ({i})", how_it_holds="By phone", responsible=[samuel]
        )
        texts["well-being-goal"] = well_being_goal_save(
            family=family, by=by, factor=factors["concrete_support"], goal=f"Apply for rent help ({i})"
        )
        well_being.append(texts["well-being-goal"])
        texts["action-item"] = action_item_save(
            meeting=meeting, by=by, what=f"Call the housing office ({i})", who="Maria", due_on=date.today()
        )
    case_plan = case_plan_services.case_plan_start(family=family, by=by)
    for i, goal in enumerate(goals):
        texts["case-plan-step"] = case_plan_services.case_plan_step_add(
            plan=case_plan,
            by=by,
            goal=goal,
            what=f"Daniel calls Samuel when angry ({i})",
            who="Daniel",
            by_when=date.today() + timedelta(days=30),
            progress_shown_by="Samuel tells the caseworker",
        )
    return texts


# --- The model -----------------------------------------------------------------------------


def test_every_kind_is_registered_once_with_its_model():
    assert set(wording_kinds) == {
        "danger-statement",
        "safety-goal",
        "safety-plan-rule",
        "case-plan-step",
        "well-being-goal",
        "action-item",
    }


def test_a_text_is_the_familys_wording_in_its_language_and_otherwise_the_original_marked(family, alice):
    # given a rule with a Spanish wording
    rule = add_texts(family, alice)["safety-plan-rule"]
    family_wording_set(family=family, record=rule, by=alice, wording="Daniel llama a Samuel", language="es")

    # then a Spanish document prints it; an English one the original, not marked
    spanish = rule.wording_in("es")
    assert (spanish.text, spanish.language, spanish.missing) == ("Daniel llama a Samuel", "es", False)
    english = rule.wording_in("en")
    assert (english.text, english.language, english.missing) == ("Daniel calls Samuel (0)", "en", False)


def test_a_text_without_the_familys_wording_is_the_original_marked_missing(family, alice):
    texts = add_texts(family, alice)
    for kind, record in texts.items():
        wording = record.wording_in("es")
        assert wording.missing and wording.language == "en", kind
        assert wording.text == record.original_wording
        assert kind_of(record).name == kind


def test_the_original_of_a_danger_statement_and_a_goal_is_the_sentence_in_the_staffs_language(family, alice):
    texts = add_texts(family, alice)
    with translation.override("es"):  # a document in Spanish asks
        danger = texts["danger-statement"].original_wording
        goal = texts["safety-goal"].original_wording
    assert (
        danger == "The school is worried that when Daniel is angry (0) he may grab Sofía. "
        "If nothing changes, she could be hurt."
    )
    assert goal.startswith(
        "Over six months, Daniel walks away and calls Samuel (0). That way, Sofía is safe."
    )
    assert "The agency needs to see calm evenings." in goal


def test_a_wording_goes_out_of_date_when_the_original_changes(family, alice):
    # given a translated rule
    rule = add_texts(family, alice)["safety-plan-rule"]
    family_wording_set(family=family, record=rule, by=alice, wording="Daniel llama a Samuel", language="es")

    # when staff change the rule
    rule.refresh_from_db()
    rule.rule = "Daniel calls Samuel and leaves the house"
    rule.save()

    # then documents print the original, marked, and the old wording is shown as out of date
    wording = rule.wording_in("es")
    assert wording.missing and wording.text == "Daniel calls Samuel and leaves the house"
    assert wording.out_of_date == "Daniel llama a Samuel"


def test_a_rule_and_a_step_have_each_of_their_two_texts_in_the_familys_words(family, alice):
    # given a rule and a step whose first text only is in Spanish
    texts = add_texts(family, alice)
    rule, step = texts["safety-plan-rule"], texts["case-plan-step"]
    family_wording_set(family=family, record=rule, by=alice, wording="Daniel llama a Samuel", language="es")
    family_wording_set(family=family, record=step, by=alice, wording="Daniel llama a Samuel", language="es")

    # then their second text is still the original, marked
    assert not rule.wording_in("es").missing
    how = rule.wording_in("es", "how_it_holds")
    assert (how.text, how.language, how.missing) == ("By phone", "en", True)
    assert step.wording_in("es", "progress_shown_by").missing

    # when it is given too, the whole record is in Spanish
    rule.refresh_from_db()
    family_wording_set(
        family=family,
        record=rule,
        by=alice,
        wording="Daniel llama a Samuel",
        others={"how_it_holds": "Por teléfono"},
        language="es",
    )
    assert [w.text for _field, w in rule.wordings_in("es")] == ["Daniel llama a Samuel", "Por teléfono"]
    assert not any(w.missing for _field, w in rule.wordings_in("es"))

    # and goes out of date on its own when staff change how it holds
    rule.refresh_from_db()
    rule.how_it_holds = "By phone, every evening"
    rule.save()
    assert not rule.wording_in("es").missing
    how = rule.wording_in("es", "how_it_holds")
    assert how.missing and how.out_of_date == "Por teléfono" and how.text == "By phone, every evening"


def test_a_step_whose_progress_is_not_said_yet_has_nothing_to_translate_there(family, alice):
    step = add_texts(family, alice)["case-plan-step"]
    step.progress_shown_by = ""
    step.save()
    family_wording_set(family=family, record=step, by=alice, wording="Daniel llama a Samuel", language="es")
    progress = step.wording_in("es", "progress_shown_by")
    assert not progress.missing and progress.text == ""


# --- The service ---------------------------------------------------------------------------


def test_setting_the_wording_keeps_the_earlier_one_in_the_history_and_is_audited(family, alice):
    item = add_texts(family, alice)["action-item"]
    family_wording_set(family=family, record=item, by=alice, wording="Llamar a la oficina", language="es")
    family_wording_set(
        family=family, record=item, by=alice, wording="Llamar a la oficina de vivienda", language="es"
    )

    item.refresh_from_db()
    assert item.family_wording == "Llamar a la oficina de vivienda"
    assert item.version == 3
    wordings = list(item.history.order_by("history_id").values_list("family_wording", flat=True))
    assert wordings == ["", "Llamar a la oficina", "Llamar a la oficina de vivienda"]
    events = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, record_type="meetings.ActionItem", record_id=str(item.pk)
    )
    assert events.count() == 2
    assert events.first().case_number == family.case_number


def test_a_wording_saved_over_a_newer_version_is_refused(family, alice, bob):
    rule = add_texts(family, alice)["safety-plan-rule"]
    loaded = rule.version
    family_wording_set(
        family=family,
        record=SafetyPlanRule.objects.get(pk=rule.pk),
        by=bob,
        wording="La de Bob",
        language="es",
    )

    with pytest.raises(EditConflict):
        family_wording_set(
            family=family,
            record=rule,
            by=alice,
            wording="La de Alice",
            language="es",
            expected_version=loaded,
        )
    rule.refresh_from_db()
    assert rule.family_wording == "La de Bob"


def test_a_wording_in_the_staffs_own_language_or_one_documents_are_not_made_in_is_refused(family, alice):
    goal = add_texts(family, alice)["well-being-goal"]
    for language in ("en", "fr", ""):
        with pytest.raises(ValidationError):
            family_wording_set(family=family, record=goal, by=alice, wording="x", language=language)


def test_a_second_text_a_record_does_not_have_is_refused(family, alice):
    texts = add_texts(family, alice)
    with pytest.raises(ValidationError):
        family_wording_set(
            family=family,
            record=texts["action-item"],
            by=alice,
            wording="x",
            others={"what": "y"},
            language="es",
        )
    with pytest.raises(ValidationError):
        family_wording_set(
            family=family,
            record=texts["safety-plan-rule"],
            by=alice,
            wording="x",
            others={"rule": "y"},
            language="es",
        )


FRENCH_TOO = [("en", "English"), ("es", "Spanish"), ("fr", "French")]


def test_a_new_language_for_one_text_while_the_other_keeps_the_old_is_refused(family, alice, settings):
    settings.LANGUAGES = FRENCH_TOO
    rule = add_texts(family, alice)["safety-plan-rule"]
    family_wording_set(
        family=family,
        record=rule,
        by=alice,
        wording="Llama",
        others={"how_it_holds": "Por teléfono"},
        language="es",
    )
    with pytest.raises(ValidationError):
        family_wording_set(family=family, record=rule, by=alice, wording="Il appelle", language="fr")
    rule.refresh_from_db()
    assert (rule.family_wording, rule.family_wording_language) == ("Llama", "es")

    # given both texts in the new language, it is saved
    family_wording_set(
        family=family,
        record=rule,
        by=alice,
        wording="Il appelle",
        others={"how_it_holds": "Au téléphone"},
        language="fr",
    )
    assert rule.wording_in("fr", "how_it_holds").text == "Au téléphone"


def test_another_familys_text_is_refused(family, alice):
    step = add_texts(family, alice)["case-plan-step"]
    other = FamilyFactory(assigned_caseworker=alice)
    with pytest.raises(ValidationError):
        family_wording_set(family=other, record=step, by=alice, wording="x", language="es")


# --- The pages ---------------------------------------------------------------------------


def wording_url(family):
    return reverse("families:wording", args=[family.public_id])


def edit_url(family, kind, record):
    return reverse("families:wording_edit", args=[family.public_id, kind, record.pk])


def test_the_wording_page_lists_every_text_beside_its_wording_and_what_is_missing(client_of, spanish, alice):
    texts = add_texts(spanish, alice)
    family_wording_set(
        family=spanish,
        record=texts["safety-plan-rule"],
        by=alice,
        wording="Daniel llama a Samuel cuando se enoja",
        language="es",
    )

    page = client_of(alice).get(wording_url(spanish)).text

    # the rule is still missing: how it holds has no wording yet; a step lacks two
    assert "6 texts are not yet in Español." in page
    assert page.count(">Missing</span>") == 7
    assert '<span lang="es">Daniel llama a Samuel cuando se enoja</span>' in page
    assert (
        '<small class="text-body-secondary">How they make sure it holds:</small> '
        '<span lang="en">By phone</span>' in page
    )
    assert '<span lang="en">Daniel calls Samuel (0)</span>' in page
    for kind, record in texts.items():
        assert edit_url(spanish, kind, record) in page, kind
    for heading in (
        "Danger statements",
        "Safety goals",
        "Rules of the safety plan",
        "Steps of the case plan",
    ):
        assert heading in page

    # when how it holds is in Spanish too, the rule is no longer missing
    rule = SafetyPlanRule.objects.get(pk=texts["safety-plan-rule"].pk)
    family_wording_set(
        family=spanish,
        record=rule,
        by=alice,
        wording=rule.family_wording,
        others={"how_it_holds": "Por teléfono"},
        language="es",
    )
    page = client_of(alice).get(wording_url(spanish)).text
    assert "5 texts are not yet in Español." in page and page.count(">Missing</span>") == 6
    assert '<span lang="es">Por teléfono</span>' in page


def test_the_unit_supervisor_reads_the_page_and_an_outsider_gets_404(client_of, spanish, alice, bob, charlie):
    rule = add_texts(spanish, alice)["safety-plan-rule"]
    assert client_of(bob).get(wording_url(spanish)).status_code == 200
    assert client_of(bob).get(edit_url(spanish, "safety-plan-rule", rule)).status_code == 200
    outsider = client_of(charlie)
    assert outsider.get(wording_url(spanish)).status_code == 404
    assert outsider.get(edit_url(spanish, "safety-plan-rule", rule)).status_code == 404
    response = outsider.post(edit_url(spanish, "safety-plan-rule", rule), {"family_wording": "x"})
    assert response.status_code == 404
    rule.refresh_from_db()
    assert rule.family_wording == ""


def test_an_unknown_kind_or_another_familys_text_is_404(client_of, spanish, alice):
    rule = add_texts(spanish, alice)["safety-plan-rule"]
    client = client_of(alice)
    assert client.get(edit_url(spanish, "strength", rule)).status_code == 404
    other = FamilyFactory(assigned_caseworker=alice, document_language="es")
    assert client.get(edit_url(other, "safety-plan-rule", rule)).status_code == 404


def test_the_edit_page_shows_the_original_and_saves_the_wording(client_of, spanish, alice):
    goal = add_texts(spanish, alice)["safety-goal"]
    client = client_of(alice)
    url = edit_url(spanish, "safety-goal", goal)

    page = client.get(url).text
    assert '<blockquote class="mb-0" lang="en">Over six months, Daniel walks away' in page
    assert 'lang="es"' in page and 'name="version"' in page  # the textarea is in Spanish

    response = client.post(
        url,
        {
            "family_wording": "Daniel se aleja y llama a Samuel.",
            "family_wording_language": "es",
            "version": goal.version,
            "next": wording_url(spanish),
        },
    )
    assert response.status_code == 302 and response["Location"] == wording_url(spanish)
    goal.refresh_from_db()
    assert goal.family_wording == "Daniel se aleja y llama a Samuel."
    assert goal.wording_in("es").text == "Daniel se aleja y llama a Samuel."
    assert 'id="earlier-heading"' not in client.get(url).text

    # a second wording: the first is shown as an earlier one, with who saved it
    client.post(
        url,
        {
            "family_wording": "Daniel se va y llama a Samuel.",
            "family_wording_language": "es",
            "version": goal.version,
        },
    )
    page = client.get(url).text
    earlier = page.split('id="earlier-heading"', 1)[1]
    assert '<span lang="es">Daniel se aleja y llama a Samuel.</span>' in earlier
    assert f"saved by {alice}" in earlier
    assert "Daniel se va y llama a Samuel." not in earlier


def test_the_edit_page_of_a_rule_has_a_box_beside_each_of_its_two_texts(client_of, spanish, alice):
    rule = add_texts(spanish, alice)["safety-plan-rule"]
    client = client_of(alice)
    url = edit_url(spanish, "safety-plan-rule", rule)

    page = client.get(url).text
    assert page.count("<textarea") == 2
    rule_box, how_box = page.split("<textarea")[1:]
    assert 'name="family_wording"' in rule_box and 'lang="es"' in rule_box
    assert 'name="how_it_holds_family_wording"' in how_box and 'lang="es"' in how_box
    # each box comes after its own original
    assert page.index('lang="en">Daniel calls Samuel (0)</blockquote>') < page.index('name="family_wording"')
    assert page.index('name="family_wording"') < page.index('lang="en">By phone</blockquote>')
    assert page.index('lang="en">By phone</blockquote>') < page.index('name="how_it_holds_family_wording"')

    client.post(
        url,
        {
            "family_wording": "Daniel llama a Samuel",
            "how_it_holds_family_wording": "Por teléfono",
            "family_wording_language": "es",
            "version": rule.version,
        },
    )
    rule.refresh_from_db()
    assert (rule.family_wording, rule.how_it_holds_family_wording) == (
        "Daniel llama a Samuel",
        "Por teléfono",
    )
    assert rule.how_it_holds_family_wording_of == "By phone"

    # a second saving keeps the first, both texts of it, among the earlier wordings
    client.post(
        url,
        {
            "family_wording": "Daniel llama a Samuel",
            "how_it_holds_family_wording": "Por teléfono, cada día",
            "family_wording_language": "es",
            "version": rule.version,
        },
    )
    earlier = client.get(url).text.split('id="earlier-heading"', 1)[1]
    assert '<span lang="es">Por teléfono</span>' in earlier and "How they make sure it holds:" in earlier
    assert "Por teléfono, cada día" not in earlier


def test_the_edit_page_shows_what_the_other_person_saved_on_a_conflict(client_of, spanish, alice, bob):
    step = add_texts(spanish, alice)["case-plan-step"]
    family_wording_set(
        family=spanish,
        record=step.__class__.objects.get(pk=step.pk),
        by=bob,
        wording="La de Bob",
        language="es",
    )
    page = client_of(alice).post(
        edit_url(spanish, "case-plan-step", step),
        {"family_wording": "La de Alice", "family_wording_language": "es", "version": step.version},
    )
    assert page.status_code == 200
    assert "Someone else saved this record" in page.text and "La de Bob" in page.text
    step.refresh_from_db()
    assert step.family_wording == "La de Bob"


def test_the_overview_links_the_wording_page_only_when_documents_are_in_another_language(
    client_of, family, alice
):
    client = client_of(alice)
    overview = reverse("families:overview", args=[family.public_id])
    assert wording_url(family) not in client.get(overview).text
    family.document_language = "es"
    family.save(update_fields=["document_language"])
    page = client.get(overview).text
    assert wording_url(family) in page and "documents in Español" in page


def test_the_wording_page_costs_the_same_queries_for_1_and_8_texts_of_each_kind(
    client_of, spanish, alice, django_assert_max_num_queries
):
    client = client_of(alice)
    add_texts(spanish, alice, n=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(wording_url(spanish)).status_code == 200

    other = FamilyFactory(assigned_caseworker=alice, document_language="es")
    add_texts(other, alice, n=8)
    ActionItem.objects.filter(family=other).update(family_wording="Llamar", family_wording_language="es")
    # session, user, family, audit; per kind: dangers (+ their children), goals, rules,
    # steps, well-being goals, action items; session renewal
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(16):
        response = client.get(wording_url(other))
    assert sum(len(rows) for _kind, rows in response.context["texts"]) == 6 * 8
    assert len(many) == len(few)
