"""A document's page asks for the PDF's state by itself while it is being made, and stops
asking once the document is ready or failed."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document, DocumentState
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("state", "shown"),
    [(DocumentState.FAILED, "The document could not be made"), (DocumentState.READY, "Download the PDF")],
)
def test_the_page_stops_asking_once_the_document_is_finished(page, live_server, alice, state, shown):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    document = Document.objects.create(
        family=family,
        kind="safety_plan",
        source_id=1,
        title="Safety plan",
        requested_by=alice,
        sent_at=timezone.now(),  # handed to the task service, waiting for a worker
    )
    status = reverse("documents:document_status", args=[family.public_id, document.public_id])
    asked = []
    page.on("request", lambda request: asked.append(request.url) if status in request.url else None)
    sign_in(page, live_server, "alice", TEST_PASSWORD)

    page.goto(live_server.url + reverse("documents:document", args=[family.public_id, document.public_id]))
    expect(page.get_by_text("Waiting to be made")).to_be_visible()
    for _ in range(100):  # every 2 s at first: two questions within about 4 s
        if len(asked) >= 2:
            break
        page.wait_for_timeout(100)
    assert len(asked) == 2

    Document.objects.filter(pk=document.pk).update(
        state=state, failure_reason="The printer caught fire.", finished_at=timezone.now(), size=2048
    )
    expect(page.get_by_text(shown)).to_be_visible(timeout=5000)
    finished = len(asked)
    page.wait_for_timeout(6000)  # three times the longest wait so far
    # no question after the one that found it finished (which may be the second, if the change
    # landed before the second question was answered)
    assert len(asked) == finished >= 2
