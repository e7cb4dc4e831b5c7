"""An address the court ordered kept from the parents never appears in anything made for
the family: the safety plan, the case plan and the meeting summary (their PDFs and their
printable pages). A resource family's address never does either. An address not kept from
them is printed: the section that could leak it is really there."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from case_plans.services import case_plan_start
from documents.models import Document, DocumentState
from meetings.services import meeting_schedule
from placements import services
from placements.models import ResourceFamily
from safety_networks.services import network_member_save, safety_plan_rule_save, safety_plan_start
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
    client_of, alice, placed, django_capture_on_commit_callbacks
):
    family = placed
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


def test_the_kept_address_is_in_no_printable_page(client_of, alice, placed):
    family = placed
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
