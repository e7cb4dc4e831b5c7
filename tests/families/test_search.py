import pytest
from django.urls import reverse

from families.search import fold
from families.selectors import family_search
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("families:search")


@pytest.fixture
def munoz(alice):
    family = FamilyFactory(display_name="Muñoz", assigned_caseworker=alice)
    CaregiverFactory(family=family, first_name="José", last_name="Muñoz")
    ChildFactory(family=family, first_name="Ximena", last_name="Muñoz-O’Brien")
    return family


@pytest.mark.parametrize("query", ["Munoz", "MUÑOZ", "munoz", "jose", "ximena", "o'brien", "XIMENA munoz"])
def test_search_ignores_case_and_accents(alice, munoz, query):
    assert list(family_search(alice, query=query)) == [munoz]


def test_search_finds_a_case_number(alice, munoz):
    assert list(family_search(alice, query=munoz.case_number)) == [munoz]


def test_search_finds_only_families_the_user_may_see(charlie, bob, munoz):
    assert list(family_search(charlie, query="munoz")) == []
    assert list(family_search(bob, query="munoz")) == [munoz]


def test_a_blank_search_finds_nothing(alice, munoz):
    assert list(family_search(alice, query="   ")) == []


def test_the_search_page(client_of, alice, munoz):
    page = client_of(alice).get(SEARCH, {"q": "munoz"})
    assert page.status_code == 200 and "Muñoz" in page.text
    empty = client_of(alice).get(SEARCH, {"q": "nobody-like-this"})
    assert "No family you can open matches" in empty.text
    assert "Accents and capitals don’t matter" in client_of(alice).get(SEARCH).text


def test_my_caseload_search_box(client_of, alice, munoz, family):
    page = client_of(alice).get(reverse("families:my_caseload"), {"q": "Ximena"})
    assert list(page.context["families"]) == [munoz]


def test_fold_handles_letters_without_accents_to_strip():
    assert fold("Ødegaard Đặng Łukasz Straße") == "odegaard dang lukasz strasse"
    assert fold("  O’Brien  ") == "o'brien"


def test_a_search_shows_the_first_50_and_asks_for_a_narrower_one(
    client_of, alice, django_assert_max_num_queries
):
    FamilyFactory.create_batch(51, display_name="Nguyen", assigned_caseworker=alice)
    client = client_of(alice)
    # session, user, unit, the families with their columns, the search's audit row,
    # session renewal (3)
    with django_assert_max_num_queries(8):
        page = client.get(SEARCH, {"q": "nguyen"})
    assert len(page.context["families"]) == 50 and page.context["more"]
    assert "More than 50 families match" in page.text
    exact = client.get(SEARCH, {"q": "nguyen"}).context["families"][0].case_number
    narrowed = client.get(SEARCH, {"q": f"nguyen {exact}"})
    assert len(narrowed.context["families"]) == 1 and not narrowed.context["more"]


def test_search_uses_the_trigram_index_on_postgresql(alice):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'family_search_text_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition


def test_search_issues_the_same_queries_for_3_and_30_families_with_every_record(client_of, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import family_with_every_record

    client = client_of(alice)
    for _ in range(3):
        family_with_every_record(alice, display_name="Nguyen")
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(SEARCH, {"q": "nguyen"}).context["families"]) == 3
    for _ in range(27):
        family_with_every_record(alice, display_name="Nguyen")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(SEARCH, {"q": "nguyen"}).context["families"]) == 30
    assert len(few) == len(many)
