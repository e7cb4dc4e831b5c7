"""The family strengths and needs assessment (issue 22): the tool as a file an agency loads,
checked with every problem's place; a draft rated per caregiver and child, submitted only when
every domain is rated, closed to changes once submitted; read beside the last one, with the
priority needs (C, D) and strengths (A)."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from safety_networks import fsna_services
from safety_networks.fsna_models import DomainRating, FsnaInstrument, FsnaStatus, StrengthsAndNeedsAssessment
from safety_networks.sdm import fsna
from tests.factories import CaregiverFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(family):
    maria = CaregiverFactory(family=family, first_name="Maria")
    sofia = ChildFactory(family=family, first_name="Sofía")
    CaregiverFactory(family=family, first_name="Gone", left_household_on=date(2026, 1, 5))
    return maria, sofia


@pytest.fixture
def demonstration():
    return FsnaInstrument.objects.get(is_demonstration=True)


def start(family, alice, demonstration, on=None):
    return fsna_services.fsna_start(family=family, by=alice, instrument=demonstration, assessed_on=on)


def rate_all(assessment, alice, rating="B", **special):
    """Rate every domain `rating`, except those named in `special` (domain code -> rating)."""
    rows = DomainRating.objects.filter(assessment=assessment)
    ratings = {row.pk: (special.get(row.domain, rating), "") for row in rows}
    return fsna_services.fsna_save(assessment=assessment, by=alice, ratings=ratings)


def draft_url(family, assessment):
    return reverse("safety_networks:fsna_draft", args=[family.public_id, assessment.pk])


def page_url(family, assessment):
    return reverse("safety_networks:fsna", args=[family.public_id, assessment.pk])


# --- The file ------------------------------------------------------------------------------


def write(tmp_path, data) -> str:
    path = tmp_path / "fsna.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_demonstration_file_is_loaded_once_and_a_changed_file_is_a_new_version(tmp_path, demonstration):
    assert fsna.load(fsna.DEMONSTRATION, demonstration=True) == (demonstration, False)

    data = json.loads(fsna.DEMONSTRATION.read_text())
    data["child_domains"][0]["name"] = {"en": "Feelings, behaviour and play", "es": "Sentimientos y juego"}
    changed, created = fsna.load(write(tmp_path, data))

    assert created and changed.version == demonstration.version + 1
    demonstration.refresh_from_db()
    unchanged = demonstration.domain("child", "emotional_behavioral")["name"]
    assert unchanged == "Feelings and behaviour"
    assert fsna_services.latest_instrument() == changed  # the agency's file over the demonstration


def test_a_file_with_problems_is_refused_with_every_problem_and_its_place(tmp_path):
    data = json.loads(fsna.DEMONSTRATION.read_text())
    data["code"] = "Our FSNA!"
    data["caregiver_domains"][1]["code"] = data["caregiver_domains"][0]["code"]
    del data["caregiver_domains"][2]["ratings"]["C"]
    data["caregiver_domains"][3]["ratings"]["E"] = "Something else"
    data["child_domains"] = []

    with pytest.raises(CommandError) as refused:
        call_command("load_instrument", write(tmp_path, data))

    message = str(refused.value)
    assert "code: 'Our FSNA!' is not a code" in message
    assert "caregiver_domains[2].code: 'resource_management' is used twice" in message
    assert "caregiver_domains[3].ratings.C: the text is empty or missing" in message
    assert "caregiver_domains[4].ratings.E: not a rating" in message
    assert "child_domains: at least one domain is needed" in message
    assert FsnaInstrument.objects.count() == 1


# --- Rating and submitting -----------------------------------------------------------------


def test_starting_gives_each_domain_of_each_person_in_the_household_a_rating_to_give(
    family, alice, household, demonstration
):
    maria, sofia = household

    assessment = start(family, alice, demonstration)

    rows = DomainRating.objects.filter(assessment=assessment)
    assert rows.filter(caregiver=maria).count() == len(demonstration.domains("caregiver"))
    assert rows.filter(child=sofia).count() == len(demonstration.domains("child"))
    assert rows.count() == len(demonstration.domains("caregiver")) + len(demonstration.domains("child"))
    assert not rows.exclude(rating="").exists()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, family_public_id=family.public_id).exists()


def test_submitting_with_a_domain_not_rated_is_refused_beside_that_domain(
    client_of, family, alice, household, demonstration
):
    assessment = start(family, alice, demonstration)
    rate_all(assessment, alice)
    left_out = DomainRating.objects.filter(assessment=assessment).first()
    page = client_of(alice).get(draft_url(family, assessment))
    data = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    data |= {"version": assessment.version + 1, f"rating_{left_out.pk}": "", "submit": "1"}

    response = client_of(alice).post(draft_url(family, assessment), data)

    assert response.status_code == 200
    assert response.context["form"].errors[f"rating_{left_out.pk}"] == ["Rate this domain before submitting."]
    assessment.refresh_from_db()
    assert assessment.status == FsnaStatus.DRAFT
    # what was typed is kept: the other ratings were saved
    assert DomainRating.objects.filter(assessment=assessment, rating="B").count() == (
        DomainRating.objects.filter(assessment=assessment).count() - 1
    )


def test_ratings_change_only_while_a_draft(family, alice, household, demonstration):
    assessment = start(family, alice, demonstration)
    rate_all(assessment, alice)
    fsna_services.fsna_submit(assessment=assessment, by=alice)

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="can no longer change"):
        rate_all(assessment, alice, rating="D")
    assert not DomainRating.objects.filter(assessment=assessment, rating="D").exists()


def test_the_draft_is_rated_and_submitted_through_the_page(
    client_of, family, alice, household, demonstration
):
    maria, _ = household
    client = client_of(alice)
    response = client.post(
        reverse("safety_networks:fsna_start", args=[family.public_id]), {"assessed_on": "2026-11-02"}
    )
    assessment = StrengthsAndNeedsAssessment.objects.get(family=family)
    assert response["Location"] == draft_url(family, assessment)
    rows = list(DomainRating.objects.filter(assessment=assessment))
    substance = next(r for r in rows if r.caregiver_id == maria.pk and r.domain == "substance_use")
    data = {"version": assessment.version, "assessed_on": "2026-11-02", "notes": "", "submit": "1"}
    for row in rows:
        data[f"rating_{row.pk}"] = "D" if row == substance else "A"
        data[f"note_{row.pk}"] = "Drinks most evenings" if row == substance else ""

    response = client.post(draft_url(family, assessment), data)

    assert response["Location"] == page_url(family, assessment)
    assessment.refresh_from_db()
    assert assessment.status == FsnaStatus.SUBMITTED and assessment.submitted_at
    page = client.get(page_url(family, assessment)).text
    needs = page.split("Priority needs")[1].split("Strengths to build on")[0]
    assert "Maria" in needs and "Alcohol and drug use" in needs and "Drinks most evenings" in needs
    assert "Money, housing and basic needs" not in needs


def test_an_assessment_reads_beside_the_last_one_domain_by_domain(
    client_of, family, alice, household, demonstration
):
    first = start(family, alice, demonstration, on=date.today() - timedelta(days=180))
    rate_all(first, alice, rating="C")
    fsna_services.fsna_submit(assessment=first, by=alice)
    second = start(family, alice, demonstration)
    rate_all(second, alice, rating="C", substance_use="B")
    fsna_services.fsna_submit(assessment=second, by=alice)

    response = client_of(alice).get(page_url(family, second))

    assert response.context["previous"] == first
    domains = [d for g in response.context["groups"] for d in g.domains]
    changed = [d for d in domains if d.changed]
    assert [(d.row.domain, d.before, d.row.rating) for d in changed] == [("substance_use", "C", "B")]


# --- Who may see and change it -------------------------------------------------------------


def test_the_pages_answer_the_family_s_people_and_404_to_an_outsider(
    client_of, family, alice, bob, charlie, household, demonstration
):
    assessment = start(family, alice, demonstration)
    for url in (
        reverse("safety_networks:fsna_start", args=[family.public_id]),
        draft_url(family, assessment),
        page_url(family, assessment),
    ):
        assert client_of(alice).get(url).status_code == 200
        assert client_of(bob).get(url).status_code == 200
        assert client_of(charlie).get(url).status_code == 404
    assert client_of(charlie).post(draft_url(family, assessment), {"submit": "1"}).status_code == 404


def test_an_assessment_of_another_family_is_not_found_through_this_one(
    client_of, family, alice, household, demonstration
):
    from tests.factories import FamilyFactory

    other = FamilyFactory(assigned_caseworker=alice)
    ChildFactory(family=other)
    elsewhere = start(other, alice, demonstration)

    assert client_of(alice).get(page_url(family, elsewhere)).status_code == 404


def test_the_pages_keep_their_queries_as_people_and_domains_grow(
    client_of, family, alice, household, demonstration, django_assert_max_num_queries
):
    for _ in range(6):
        CaregiverFactory(family=family)
        ChildFactory(family=family)
    first = start(family, alice, demonstration, on=date.today() - timedelta(days=30))
    rate_all(first, alice)
    fsna_services.fsna_submit(assessment=first, by=alice)
    second = start(family, alice, demonstration)
    client = client_of(alice)
    client.get(page_url(family, second))  # sessions, caches warm

    # session and user, the family, the audit event; the assessment and its ratings (with
    # their people); the last one and its ratings; the navigation's counts
    with django_assert_max_num_queries(14):
        assert client.get(page_url(family, second)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(draft_url(family, second)).status_code == 200
