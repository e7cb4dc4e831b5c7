"""A document's page asks for its state by itself while the PDF is being made. That is not the
person's activity: it must not keep an idle session alive (signed out 30 minutes after the
last request of the person's, README "Sessions"), nor write a view to the audit trail each
time; and it asks every 2 s at first, then less and less often, up to every 30 s, and not at
all once the document is ready or failed."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AuditAction, AuditEvent
from documents.models import Document, DocumentState

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
POLL = re.compile(r'hx-get="(?P<url>[^"]+)" hx-trigger="load delay:(?P<seconds>\d+)s"')


@pytest.fixture
def document(family, alice):
    return Document.objects.create(
        family=family, kind="safety_plan", source_id=1, title="Safety plan", requested_by=alice
    )


def page_url(document):
    return reverse("documents:document", args=[document.family.public_id, document.public_id])


def next_poll(html: str) -> tuple[str, int] | None:
    found = POLL.search(html)
    return (found["url"].replace("&amp;", "&"), int(found["seconds"])) if found else None


def views_of_the_family(family) -> int:
    return AuditEvent.objects.filter(action=AuditAction.VIEW, family_public_id=family.public_id).count()


def minutes_later(minutes: int):
    """The clock the sessions read (and the audit trail), `minutes` from now."""
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes))


def test_polling_does_not_keep_an_idle_session_alive_nor_write_views(client_of, alice, document):
    client = client_of(alice)
    poll_url, _ = next_poll(client.get(page_url(document)).text)
    views = views_of_the_family(document.family)
    with minutes_later(29):
        poll = client.get(poll_url, **HTMX)
        # (29 minutes unstarted, the sweep has marked it failed: what matters here is the session)
        assert poll.status_code == 200 and 'class="document-state"' in poll.text
        assert settings.SESSION_COOKIE_NAME not in poll.cookies  # the session is not renewed
    assert views_of_the_family(document.family) == views
    # 31 minutes after the person's last request, whatever the page asked meanwhile:
    with minutes_later(31):
        signed_out = client.get(poll_url, **HTMX)
        assert signed_out["HX-Refresh"] == "true"  # the page reloads itself, and asks to sign in
        overview = client.get(reverse("families:overview", args=[document.family.public_id]))
    assert overview.status_code == 302 and overview["Location"].startswith(reverse("login"))
    assert views_of_the_family(document.family) == views


def test_opening_a_page_still_renews_the_session_and_is_recorded(client_of, alice, document):
    client = client_of(alice)
    views = views_of_the_family(document.family)
    with minutes_later(29):
        page = client.get(page_url(document))
        assert settings.SESSION_COOKIE_NAME in page.cookies
    assert views_of_the_family(document.family) == views + 1
    with minutes_later(31):
        assert client.get(reverse("families:overview", args=[document.family.public_id])).status_code == 200


def test_the_page_asks_every_2_seconds_at_first_then_less_often_up_to_30(client_of, alice, document):
    client = client_of(alice)
    url, seconds = next_poll(client.get(page_url(document)).text)
    delays = [seconds]
    for _ in range(10):
        url, seconds = next_poll(client.get(url, **HTMX).text)
        delays.append(seconds)
    assert delays == [2, 2, 2, 3, 5, 8, 13, 20, 30, 30, 30]


@pytest.mark.parametrize(
    ("state", "shown"),
    [(DocumentState.FAILED, "could not be made: The printer caught fire"), (DocumentState.READY, "Ready:")],
)
def test_the_page_stops_asking_once_the_document_is_finished(client_of, alice, document, state, shown):
    client = client_of(alice)
    url, _ = next_poll(client.get(page_url(document)).text)
    Document.objects.filter(pk=document.pk).update(
        state=state, failure_reason="The printer caught fire", finished_at=timezone.now(), size=2048
    )
    answer = client.get(url, **HTMX).text
    assert shown in answer
    assert next_poll(answer) is None and "hx-get" not in answer
    assert next_poll(client.get(page_url(document)).text) is None


def test_an_outsider_gets_404_and_a_plain_anonymous_request_is_sent_to_sign_in(client, charlie, document):
    url = reverse("documents:document_status", args=[document.family.public_id, document.public_id])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(charlie)
    assert client.get(url, **HTMX).status_code == 404


@pytest.mark.parametrize(
    ("language", "started", "reads"),
    [
        (
            "en",
            True,
            "could not be made: No task worker started making the document within 10 minutes, so it",
        ),
        (
            "es",
            True,
            "Nadie empezó a preparar el documento en 10 minutos, así que se detuvo. Inténtelo de nuevo",
        ),
        ("en", False, "The task service could not be reached for 10 minutes, so the document was not made."),
        (
            "es",
            False,
            "No se pudo conectar con el servicio de tareas durante 10 minutos, así que el documento",
        ),
    ],
)
def test_the_reason_the_sweep_stopped_a_document_reads_in_the_reader_s_language(
    client_of, alice, document, language, started, reads
):
    """The sweep runs outside any request and keeps its reason in English (issue 17): the page
    shows it in the language of the person reading it."""
    from documents.services import documents_sweep

    alice.language = language
    alice.save(update_fields=["language"])
    long_ago = timezone.now() - timedelta(minutes=11)
    Document.objects.filter(pk=document.pk).update(queued_at=long_ago, sent_at=long_ago if started else None)
    assert documents_sweep() == 1
    page = client_of(alice).get(page_url(document)).text
    assert escape(reads) in page


def test_a_stuck_render_s_reason_reads_in_spanish(client_of, alice, document):
    from documents.services import documents_sweep

    alice.language = "es"
    alice.save(update_fields=["language"])
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Document.objects.filter(pk=document.pk).update(state=DocumentState.RENDERING, started_at=an_hour_ago)
    assert documents_sweep() == 1
    page = client_of(alice).get(page_url(document)).text
    assert escape("Preparar el documento tardó demasiado y se detuvo. Inténtelo de nuevo.") in page
