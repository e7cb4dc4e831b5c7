"""One rule for every view: walk the URL resolver, find every URL that names a family (and
so any record below it), and check that an outsider gets 404 and an anonymous visitor is
sent to sign in. A new view that forgets the rule fails here without anyone listing it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import CaregiverFactory, ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db

FAMILY_KEY = "public_id"
# Values for the other parts of a family URL. The access rule must answer before any of
# them is looked at, so any well-formed value will do.
OTHER_KEYS = {
    "pk": None,
    "rule_pk": None,
    "item_pk": None,
    "step_pk": None,
    "document_id": "00000000-0000-4000-8000-000000000000",
    "action": "close",
    "kind": "strength",
    "what": "danger",
}


def walk(patterns, prefix_namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix_namespace}{entry.namespace}:" if entry.namespace else prefix_namespace
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix_namespace}{entry.name}", entry.pattern


def family_urls():
    found = []
    for name, pattern in walk(get_resolver().url_patterns):
        keys = set(pattern.converters) if hasattr(pattern, "converters") else set()
        if FAMILY_KEY in keys:
            unknown = keys - {FAMILY_KEY} - set(OTHER_KEYS)
            assert not unknown, f"{name} takes {unknown}: teach this test a value for it"
            found.append((name, sorted(keys)))
    return found


FAMILY_URLS = family_urls()


def test_the_walk_finds_the_family_pages():
    names = {name for name, _ in FAMILY_URLS}
    assert {
        "families:overview",
        "families:caregiver_edit",
        "families:contact_add",
        "families:changes",
    } <= names
    assert len(names) >= 14


@pytest.fixture
def a_record_id(family):
    # a real record of the family, so that only the access rule can refuse
    CaregiverFactory(family=family)
    ChildFactory(family=family)
    return ContactFactory(family=family).pk


def build(name, keys, family, record_id):
    values = {
        **OTHER_KEYS,
        FAMILY_KEY: family.public_id,
        "pk": record_id,
        "rule_pk": record_id,
        "item_pk": record_id,
        "step_pk": record_id,
    }
    return reverse(name, kwargs={key: values[key] for key in keys})


@pytest.mark.parametrize(("name", "keys"), FAMILY_URLS, ids=[name for name, _ in FAMILY_URLS])
def test_an_outsider_gets_404_and_anonymous_is_sent_to_sign_in(
    client, charlie, family, a_record_id, name, keys
):
    url = build(name, keys, family, a_record_id)

    for method in (client.get, client.post):
        anonymous = method(url)
        assert anonymous.status_code == 302, f"{method.__name__} {url}"
        assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(charlie)
    for method in (client.get, client.post):
        assert method(url).status_code == 404, f"{method.__name__} {url} as an outsider"
