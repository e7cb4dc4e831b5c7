"""A caseworker uploads a file from the family overview and downloads it again, on a folder
and on the S3-compatible server; a file over the limit is stopped in the browser before it is
sent."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from documents.models import CaseFile
from tests.browser.conftest import sign_in
from tests.documents.conftest import pdf_bytes, s3_endpoint, storage_kind  # noqa: F401 (fixtures)
from tests.factories import TEST_PASSWORD, ChildFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_uploads_a_court_order_from_the_overview_and_downloads_it(
    storage_kind,  # noqa: F811
    page,
    live_server,
    alice,
    tmp_path,
):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    ChildFactory(family=family, first_name="Sofía", last_name="Reyes")
    content = pdf_bytes("Order after the disposition hearing")
    scan = tmp_path / "court order.pdf"
    scan.write_bytes(content)
    sign_in(page, live_server, "alice", TEST_PASSWORD)

    page.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    files_panel = page.get_by_role("region", name="Files")
    expect(files_panel.get_by_text("No files yet.")).to_be_visible()
    files_panel.get_by_role("link", name="Upload a file").click()

    page.get_by_label("What it is").select_option(label="Court order or report")
    page.get_by_label("Date").fill("2026-03-10")
    page.get_by_label("Title").fill("Order after the disposition hearing")
    page.get_by_label("It belongs to").select_option(label="Sofía Reyes")
    page.get_by_label("File", exact=True).set_input_files(str(scan))
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_text("is kept with the family's record")).to_be_visible()
    expect(page.get_by_text("court order.pdf")).to_be_visible()
    page.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    link = page.get_by_role("region", name="Files").get_by_role(
        "link", name="Order after the disposition hearing"
    )
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "court order.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == content
    assert CaseFile.objects.get().belongs_to_kind == "child"


def test_a_file_over_the_limit_is_stopped_before_it_is_sent(page, live_server, alice, tmp_path, settings):
    settings.CASE_FILE_MAX_MB = 1
    family = FamilyFactory(assigned_caseworker=alice)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"%" * (2 * 1024 * 1024) + b"\n%%EOF\n")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    sign_in(page, live_server, "alice", TEST_PASSWORD)
    posts.clear()

    page.goto(live_server.url + reverse("documents:upload", args=[family.public_id]))
    page.get_by_label("What it is").select_option(label="School report")
    page.get_by_label("Title").fill("Report card")
    page.get_by_label("File", exact=True).set_input_files(str(big))
    page.get_by_role("button", name="Upload").click()

    page.wait_for_timeout(500)
    assert posts == []
    message = page.get_by_label("File", exact=True).evaluate("input => input.validationMessage")
    assert "larger than 1 MB" in message
    assert not CaseFile.objects.exists()
