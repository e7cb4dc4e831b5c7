"""One rule for every view: walk the URL resolver, find every URL that names a family (and
so any record below it), and check that an outsider gets 404 and an anonymous visitor is
sent to sign in. A new view that forgets the rule fails here without anyone listing it.

Outsiders are a caseworker and the supervisor of another unit. Pages for some roles only
(accounts.access.role_required: Staff, Audit, Unit review …) are walked the same way: every
other role gets 403."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from api.models import TokenAccess
from api.services import personal_token_create
from tests.api.clients import api_with
from tests.exports import csv_rows, xlsx_rows
from tests.factories import CaregiverFactory, ChildFactory, ContactFactory, SupervisorFactory

pytestmark = pytest.mark.django_db

FAMILY_KEY = "public_id"
API = "api:"  # the REST API's URLs answer programs, not people: walked apart, below
# Values for the other parts of a family URL. The access rule must answer before any of
# them is looked at, so any well-formed value will do.
OTHER_KEYS = {
    "pk": None,
    "rule_pk": None,
    "item_pk": None,
    "step_pk": None,
    "signature_pk": None,
    "order_pk": None,
    "rating_pk": None,
    "document_id": "00000000-0000-4000-8000-000000000000",
    "file_id": "00000000-0000-4000-8000-000000000000",
    "action": "close",
    "kind": "strength",
    "what": "danger",
    "tool": "risk_assessment",
    "other": "00000000-0000-4000-8000-000000000000",
}


def walk(patterns, prefix_namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix_namespace}{entry.namespace}:" if entry.namespace else prefix_namespace
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix_namespace}{entry.name}", entry


def url_keys(entry) -> set[str]:
    return set(getattr(entry.pattern, "converters", {}))


def family_urls():
    found = []
    for name, entry in walk(get_resolver().url_patterns):
        keys = url_keys(entry)
        if FAMILY_KEY in keys and not name.startswith(API):
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
        "families:record_changes",
        "intake:referral",
        "intake:screen",
        "intake:findings",
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
        "signature_pk": record_id,
        "order_pk": record_id,
        "rating_pk": record_id,
    }
    return reverse(name, kwargs={key: values[key] for key in keys})


@pytest.fixture
def eastside_supervisor(unit_b):
    """Charlie's supervisor: a supervisor, but not of the unit alice's family belongs to."""
    return SupervisorFactory(username="erin", first_name="Erin", last_name="Eze", unit=unit_b)


@pytest.mark.parametrize(("name", "keys"), FAMILY_URLS, ids=[name for name, _ in FAMILY_URLS])
def test_an_outsider_gets_404_and_anonymous_is_sent_to_sign_in(
    client, charlie, eastside_supervisor, family, a_record_id, name, keys
):
    url = build(name, keys, family, a_record_id)

    for method in (client.get, client.post):
        anonymous = method(url)
        assert anonymous.status_code == 302, f"{method.__name__} {url}"
        assert anonymous["Location"].startswith(reverse("login"))

    for outsider in (charlie, eastside_supervisor):
        client.force_login(outsider)
        for method in (client.get, client.post):
            assert method(url).status_code == 404, f"{method.__name__} {url} as {outsider.role} {outsider}"


# --- Pages for some roles only -------------------------------------------------------------

# Values for the parts of those pages' URLs: the role is checked before they are looked at.
ROLE_KEYS = {"unit_id": 1, "fmt": "csv", "pk": 1}


def role_pages():
    """(name, URL kwargs, roles) of every page behind accounts.access.role_required."""
    found = []
    for name, entry in walk(get_resolver().url_patterns):
        roles = getattr(entry.callback, "roles", None)
        if roles is not None:
            unknown = url_keys(entry) - set(ROLE_KEYS)
            assert not unknown, f"{name} takes {unknown}: teach this test a value for it"
            found.append((name, {key: ROLE_KEYS[key] for key in url_keys(entry)}, roles))
    return found


ROLE_PAGES = role_pages()
ADMINISTRATORS_ONLY = [
    (name, kwargs) for name, kwargs, roles in ROLE_PAGES if roles == {Role.PROGRAM_ADMINISTRATOR}
]


def test_the_walk_finds_the_pages_for_some_roles_only():
    assert {"accounts:staff", "audit:search", "audit:export", "documents:withdrawn"} <= {
        name for name, _ in ADMINISTRATORS_ONLY
    }
    assert {"supervision:approvals", "supervision:unit_review", "protective_factors:unit"} <= {
        name for name, _, _ in ROLE_PAGES
    }


@pytest.mark.parametrize(("name", "kwargs", "roles"), ROLE_PAGES, ids=[name for name, _, _ in ROLE_PAGES])
def test_a_page_for_some_roles_refuses_every_other_role(
    client_of, client, alice, bob, administrator, name, kwargs, roles
):
    url = reverse(name, kwargs=kwargs)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    people = {Role.CASEWORKER: alice, Role.SUPERVISOR: bob, Role.PROGRAM_ADMINISTRATOR: administrator}
    for role, person in people.items():
        status = client_of(person).get(url).status_code
        if role in roles:
            assert status != 403, f"{url} refused {role}, whose page it is"
        else:
            assert status == 403, f"{url} gave {role} a {status}"


@pytest.mark.parametrize(
    ("name", "kwargs"), ADMINISTRATORS_ONLY, ids=[name for name, _ in ADMINISTRATORS_ONLY]
)
def test_an_administrators_page_opens_for_a_program_administrator(client_of, administrator, name, kwargs):
    if "pk" in kwargs:  # a page of one record (a resource family): one that exists
        from placements.models import ResourceFamily

        household = ResourceFamily.objects.create(name="The Nguyen family", licence="approved")
        kwargs = {**kwargs, "pk": household.pk}
    assert client_of(administrator).get(reverse(name, kwargs=kwargs)).status_code == 200


def test_another_units_supervisor_gets_404_on_the_units_review(client_of, alice, bob, eastside_supervisor):
    url = reverse("supervision:unit_review_of", args=[alice.unit_id])
    assert client_of(bob).get(url).status_code == 200
    assert client_of(eastside_supervisor).get(url).status_code == 404


# --- The REST API -----------------------------------------------------------------------
# Every URL of /api/v1/: anonymous gets 401 (a problem detail, with WWW-Authenticate), an
# expired or revoked token 401, a read-only token 403 on every write, and an outsider's token
# 404 on every URL of a family. A new endpoint is walked without anyone listing it.

WRITES = ("post", "put", "patch", "delete")


def api_urls():
    found = []
    for name, entry in walk(get_resolver().url_patterns):
        if name.startswith(API) and name != "api:not_found":
            unknown = url_keys(entry) - {FAMILY_KEY} - set(OTHER_KEYS)
            assert not unknown, f"{name} takes {unknown}: teach this test a value for it"
            found.append((name, sorted(url_keys(entry))))
    return found


API_URLS = api_urls()


def test_the_walk_finds_the_api():
    names = {name for name, _ in API_URLS}
    assert {"api:family-list", "api:family-detail", "api:contact-list", "api:action-item-detail"} <= names


def api_url(name, keys, family, record_id):
    values = {**OTHER_KEYS, FAMILY_KEY: family.public_id, "pk": record_id}
    return reverse(name, kwargs={key: values[key] for key in keys})


@pytest.mark.parametrize(("name", "keys"), API_URLS, ids=[name for name, _ in API_URLS])
def test_every_api_url_refuses_anonymous_and_dead_tokens_and_outsiders(
    client, alice, charlie, family, a_record_id, expired_token, revoked_token, name, keys
):
    url = api_url(name, keys, family, a_record_id)
    for method in ("get", *WRITES):
        anonymous = getattr(client, method)(url)
        assert anonymous.status_code == 401, f"{method} {url}"
        assert anonymous["WWW-Authenticate"].startswith("Bearer")
        assert anonymous["Content-Type"] == "application/problem+json"
        for dead in (expired_token, revoked_token):
            assert getattr(api_with(dead), method)(url).status_code == 401, f"{method} {url}"

    reader = api_with(personal_token_create(user=alice, name="r", access=TokenAccess.READ, days=1).plain)
    for method in WRITES:
        assert getattr(reader, method)(url, {}, format="json").status_code == 403, f"{method} {url}"

    if FAMILY_KEY in keys:
        outsider = api_with(
            personal_token_create(user=charlie, name="o", access=TokenAccess.READ_WRITE, days=1).plain
        )
        for method in ("get", *WRITES):
            status = getattr(outsider, method)(url, {}, format="json").status_code
            assert status in (404, 405), f"{method} {url} gave an outsider {status}"
            if method == "get":
                assert status == 404, f"{url} gave an outsider {status}"


# --- Pages of one person's own records -----------------------------------------------------


def _notification_of(owner, family):
    from notifications.models import Kind
    from notifications.services import notify

    notify(recipients=[owner], kind=Kind.PLAN_RETURNED, family=family, link="/")
    return owner.notifications.get().public_id


# What each key of such a URL names, made for `owner` (alice) about her family.
PERSONAL_KEYS = {"notification_id": _notification_of}


def personal_urls():
    found = []
    for name, entry in walk(get_resolver().url_patterns):
        keys = url_keys(entry)
        if keys & set(PERSONAL_KEYS):
            unknown = keys - set(PERSONAL_KEYS)
            assert not unknown, f"{name} takes {unknown}: teach this test a value for it"
            found.append((name, sorted(keys)))
    return found


PERSONAL_URLS = personal_urls()


def test_the_walk_finds_the_pages_of_ones_own_records():
    assert {"notifications:open"} <= {name for name, _ in PERSONAL_URLS}


@pytest.mark.parametrize(("name", "keys"), PERSONAL_URLS, ids=[name for name, _ in PERSONAL_URLS])
def test_someone_elses_record_answers_404_and_anonymous_is_sent_to_sign_in(
    client, alice, bob, charlie, family, name, keys
):
    url = reverse(name, kwargs={key: PERSONAL_KEYS[key](alice, family) for key in keys})
    for method in (client.get, client.post):
        anonymous = method(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    # not even her supervisor, who sees the family, opens alice's own record
    for other in (bob, charlie):
        client.force_login(other)
        for method in (client.get, client.post):
            assert method(url).status_code in (404, 405), f"{method.__name__} {url} as {other}"
        assert client.get(url).status_code == 404


# --- Downloads of a page's list (audit.exports) --------------------------------------------

EXPORT_KEY = "fmt"  # csv or xlsx: every export's URL has it, and no other URL


def export_urls():
    """(name, roles or None) of every URL that downloads a page's list."""
    return [
        (name, getattr(entry.callback, "roles", None))
        for name, entry in walk(get_resolver().url_patterns)
        if EXPORT_KEY in url_keys(entry)
    ]


EXPORT_URLS = export_urls()
# Exports of numbers summed over a unit, with no family in a row: nothing to look for in them
# (their scope is the unit's, checked by role and by unit above and in their own tests).
SUMS = {"supervision:unit_review_export", "protective_factors:unit_export"}


def test_the_walk_finds_every_export():
    assert {name for name, _ in EXPORT_URLS} == {
        "families:my_caseload_export",
        "supervision:unit_review_export",
        "supervision:families_export",
        "supervision:approvals_export",
        "meetings:upcoming_export",
        "meetings:overdue_export",
        "protective_factors:unit_export",
    }


@pytest.fixture
def family_in_every_list(family, alice):
    """alice's family in every list a page shows: a meeting to come, an overdue action item,
    a closure waiting for the supervisor."""
    from datetime import date, timedelta

    from django.utils import timezone

    from families.models import ClosureRequest
    from meetings.models import ActionItem, Meeting

    meeting = Meeting.objects.create(
        family=family, scheduled_at=timezone.now() + timedelta(days=2), recorded_by=alice
    )
    ActionItem.objects.create(
        meeting=meeting, family=family, what="x", who="y", due_on=date.today() - timedelta(days=1)
    )
    ClosureRequest.objects.create(
        family=family, closed_on=date.today(), closure_reason="moved", requested_by=alice
    )
    return family


def _cells(response, fmt) -> list:
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    return [str(value) for row in rows[1:] for value in row]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "roles"), EXPORT_URLS, ids=[name for name, _ in EXPORT_URLS])
def test_an_export_holds_nothing_of_a_family_an_outsider_may_not_see(
    client, alice, bob, charlie, eastside_supervisor, administrator, family_in_every_list, name, roles, fmt
):
    family = family_in_every_list
    # the families list asks for alice's unit, as a link from its review would
    url = reverse(name, kwargs={EXPORT_KEY: fmt}) + f"?rule=caseload&unit={alice.unit_id}"

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))

    insider = alice if roles is None or Role.CASEWORKER in roles else bob
    client.force_login(insider)
    response = client.get(url)
    assert response.status_code == 200, f"{url} as {insider}"
    if name not in SUMS:
        assert family.case_number in _cells(response, fmt), f"{url}: the insider's file lacks the family"

    for outsider in (charlie, eastside_supervisor):
        client.force_login(outsider)
        response = client.get(url)
        if response.status_code == 200:
            assert family.case_number not in _cells(response, fmt), f"{url} as {outsider}"
        else:
            assert response.status_code in (403, 404), f"{url} as {outsider}: {response.status_code}"
