"""An address the court ordered kept from the parents never appears in anything made for
the family: the safety plan, the case plan and the meeting summary (their PDFs and their
printable pages). A resource family's address never does either. An address not kept from
them is printed: the section that could leak it is really there.

The court's order is the one source: entered on the hearing's page, about a child or the
whole family, it keeps the address of every placement of the children it covers (read, never
copied onto the placement); a placement ticked so before orders were recorded still does."""

import io
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from case_plans.services import case_plan_start
from court.models import CourtOrder
from court.services import court_order_end
from documents.models import Document, DocumentState
from meetings.services import meeting_schedule
from placements import services
from placements.models import Placement, ResourceFamily
from placements.selectors import where_children_live
from safety_networks.services import network_member_save, safety_plan_rule_save, safety_plan_start
from tests.court.helpers import hearing
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

KEPT = "12 Elm Street"
SHARED = "7 Birch Road"
HOUSEHOLD = "88 Larch Avenue"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def placed(family, alice):
    born = date.today() - timedelta(days=3000)
    sofia = ChildFactory(family=family, first_name="Sofía", date_of_birth=born)
    tomas = ChildFactory(family=family, first_name="Tomás", date_of_birth=born)
    ana = ChildFactory(family=family, first_name="Ana", date_of_birth=born)
    common = {
        "family": family,
        "by": alice,
        "started_on": date.today() - timedelta(days=9),
        "reason": "Unsafe.",
    }
    services.placement_start(
        child=sofia, setting="relative", carer_name="Lucía Reyes", carer_relationship="aunt",
        address=KEPT, address_confidential=True, **common,
    )  # fmt: skip
    services.placement_start(
        child=tomas, setting="relative", carer_name="Rosa Reyes", carer_relationship="grandmother",
        address=SHARED, **common,
    )  # fmt: skip
    household = ResourceFamily.objects.create(name="The Nguyen family", licence="approved", address=HOUSEHOLD)
    services.placement_start(child=ana, setting="resource_family", resource_family=household, **common)
    return family


def order_through_its_page(client, family, by, *, children, ended=False):
    """The court's order keeping an address from the parents, entered as a worker does: a
    hearing held yesterday, the order recorded on its page."""
    held = hearing(family, by, days_ahead=-1, children=list(family.children.all()))
    response = client.post(
        reverse("court:order_add", args=[family.public_id, held.pk]),
        {
            "kind": "address_kept_from_parents",
            "text": "The address where the child lives is not to be given to the parents.",
            "children": [child.pk for child in children],
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return CourtOrder.objects.get(hearing=held)


@pytest.fixture
def kept_by_order(family, alice, client_of):
    """The same children, where the court's order (entered on its page, about Sofía) keeps
    her address from the parents: her placement itself is not ticked."""
    born = date.today() - timedelta(days=3000)
    sofia = ChildFactory(family=family, first_name="Sofía", date_of_birth=born)
    tomas = ChildFactory(family=family, first_name="Tomás", date_of_birth=born)
    ana = ChildFactory(family=family, first_name="Ana", date_of_birth=born)
    common = {
        "family": family,
        "by": alice,
        "started_on": date.today() - timedelta(days=9),
        "reason": "Unsafe.",
    }
    services.placement_start(
        child=sofia, setting="relative", carer_name="Lucía Reyes", carer_relationship="aunt",
        address=KEPT, **common,
    )  # fmt: skip
    services.placement_start(
        child=tomas, setting="relative", carer_name="Rosa Reyes", carer_relationship="grandmother",
        address=SHARED, **common,
    )  # fmt: skip
    household = ResourceFamily.objects.create(name="The Nguyen family", licence="approved", address=HOUSEHOLD)
    services.placement_start(child=ana, setting="resource_family", resource_family=household, **common)
    order_through_its_page(client_of(alice), family, alice, children=[sofia])
    return family


@pytest.fixture(params=["the court's order", "the placement's own flag"])
def kept(request):
    """Either source keeps Sofía's address from the parents: the order (the source now), or a
    placement ticked before orders were recorded."""
    return request.getfixturevalue("kept_by_order" if request.param == "the court's order" else "placed")


def documents_of(family, alice):
    member = network_member_save(family=family, by=alice, name="Samuel Okafor", relationship="brother")
    plan = safety_plan_start(family=family, by=alice)
    safety_plan_rule_save(
        plan=plan, by=alice, rule="Daniel calls Samuel.", how_it_holds="By phone.", responsible=[member]
    )
    meeting = meeting_schedule(family=family, by=alice, scheduled_at=timezone.now() + timedelta(days=3))
    return {
        "safety_plan": plan.pk,
        "case_plan": case_plan_start(family=family, by=alice).pk,
        "meeting_summary": meeting.pk,
    }


def test_the_kept_address_is_in_no_family_document(
    client_of, alice, kept, django_capture_on_commit_callbacks
):
    family = kept
    client = client_of(alice)
    for kind, source in documents_of(family, alice).items():
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("documents:document_request", args=[family.public_id]),
                {"kind": kind, "source": source},
            )
        document = Document.objects.get(kind=kind)
        assert document.state == DocumentState.READY, document.failure_reason
        download = client.get(
            reverse("documents:document_download", args=[family.public_id, document.public_id])
        )
        text = pdf_text(b"".join(download.streaming_content))
        assert KEPT not in text, f"the kept address is in the {kind}"
        assert "Where the children live now" in text, kind
        assert "Sofía: With a relative, with Lucía Reyes (aunt)." in text, kind  # where, not the address
        assert SHARED in text, kind  # an address the parents may know is printed
        assert HOUSEHOLD not in text and "Nguyen" not in text, f"a resource family is in the {kind}"


def test_the_kept_address_is_in_no_printable_page(client_of, alice, kept):
    family = kept
    sources = documents_of(family, alice)
    for page in (
        reverse("safety_networks:plan_print", args=[family.public_id, sources["safety_plan"]]),
        reverse("meetings:summary", args=[family.public_id, sources["meeting_summary"]]),
    ):
        text = client_of(alice).get(page).text
        assert KEPT not in text and HOUSEHOLD not in text, page


def test_staff_read_the_kept_address_with_the_courts_order_beside_it(client_of, alice, placed):
    page = client_of(alice).get(reverse("placements:family", args=[placed.public_id])).text
    assert KEPT in page and "the court ordered it kept from the parents" in page


def where_they_live(family) -> str:
    """What every family document says of where the children live (their shared section)."""
    return render_to_string("pdf/_where_children_live.html", where_children_live(family))


def test_an_order_about_the_whole_family_keeps_every_childs_address(client_of, alice, family):
    born = date.today() - timedelta(days=3000)
    sofia = ChildFactory(family=family, first_name="Sofía", date_of_birth=born)
    tomas = ChildFactory(family=family, first_name="Tomás", date_of_birth=born)
    for child, address in ((sofia, KEPT), (tomas, SHARED)):
        services.placement_start(
            family=family, child=child, by=alice, setting="relative", carer_name="Lucía Reyes",
            started_on=date.today() - timedelta(days=9), reason="Unsafe.", address=address,
        )  # fmt: skip
    assert KEPT in where_they_live(family) and SHARED in where_they_live(family)

    order_through_its_page(client_of(alice), family, alice, children=[])  # no child ticked: all of them

    text = where_they_live(family)
    assert KEPT not in text and SHARED not in text
    assert "Sofía: With a relative, with Lucía Reyes." in text


def test_the_address_is_printed_again_once_the_court_ends_its_order(client_of, alice, kept_by_order):
    family = kept_by_order
    assert KEPT not in where_they_live(family)
    order = CourtOrder.objects.get(family=family)
    court_order_end(order=order, by=alice, ended_on=date.today())  # read from the order, not a copy

    assert KEPT in where_they_live(family)
    assert not Placement.objects.get(address=KEPT).address_confidential  # nothing was copied onto it


def test_the_placement_form_says_the_court_ordered_it_and_from_when(client_of, alice, kept_by_order):
    family = kept_by_order
    sofia_placement = Placement.objects.get(address=KEPT)
    since = date_format(date.today() - timedelta(days=1))
    said = f"The court ordered the address of Sofía kept from the parents from {since}"

    edit = client_of(alice).get(
        reverse("placements:placement_edit", args=[family.public_id, sofia_placement.pk])
    )
    add = client_of(alice).get(reverse("placements:placement_add", args=[family.public_id]))
    tomas_placement = Placement.objects.get(address=SHARED)
    other = client_of(alice).get(
        reverse("placements:placement_edit", args=[family.public_id, tomas_placement.pk])
    )

    assert said in edit.text and said in add.text
    assert (
        "address_confidential" not in edit.text and "address_confidential" not in add.text
    )  # no box to disagree
    assert said not in other.text and "record the order on the hearing" in other.text
    page = client_of(alice).get(reverse("placements:family", args=[family.public_id])).text
    assert KEPT in page  # staff read it, with the order beside it
    yesterday = date_format(date.today() - timedelta(days=1), "j M Y")
    assert f"the court ordered it kept from the parents from {yesterday}" in page
    overview = client_of(alice).get(reverse("families:overview", args=[family.public_id])).text
    assert overview.count("address kept from the parents") == 1  # Sofía's only
