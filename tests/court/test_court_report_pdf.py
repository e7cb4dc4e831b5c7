"""The court report as the court gets it: made by the real pipeline, read back with pypdf.
It holds the map's statements and goals, the sections other apps register, and never a
reporter's name nor an address the court kept from the parents."""

import io
import re

import pytest
from django.template import engines
from pypdf import PdfReader

from court import services
from court.models import OrderKind
from documents import services as document_services
from documents.models import DocumentState
from families.extensions import ReportSection, register_report_section, unregister_report_section
from tests.court.helpers import (
    DANGER_BEHAVIOUR,
    GOAL_WILL,
    REPORTER,
    hearing,
    ready_report,
    with_map,
    with_reporter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def printed(django_capture_on_commit_callbacks):
    """`printed(document)` or `printed(report=..., by=...)`: the PDF's text, whitespace folded."""

    def read(document, by) -> str:
        document.refresh_from_db()
        assert document.state == DocumentState.READY, document.failure_reason
        with document_services.document_open(document=document, by=by) as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))

    def make(report, by) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            document = document_services.document_request(
                family=report.family, by=by, kind="court_report", source_id=report.pk, language="en"
            )
        return read(document, by)

    make.read = read
    return make


def test_the_final_report_holds_the_maps_statements_goals_and_the_narrative(
    family, alice, bob, printed, django_capture_on_commit_callbacks
):
    with_map(family, alice)
    report = ready_report(hearing(family, alice), alice)
    services.court_report_submit(report=report, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.court_report_decide(report=report, by=bob, approve=True, comment="")
    report.refresh_from_db()
    text = printed.read(report.final_document, bob)
    assert DANGER_BEHAVIOUR in text
    assert GOAL_WILL in text
    assert "Maria gets the children to school every day" in text  # working well
    assert "Lucia" in text  # the network
    assert "Continue family reunification services." in text
    assert "Court report" in text and "DRAFT" not in text


def test_a_draft_is_marked_draft(family, alice, printed):
    with_map(family, alice)
    report = ready_report(hearing(family, alice), alice)
    assert "DRAFT" in printed(report, alice)


def test_no_reporter_name_nor_withheld_address_reaches_the_pdf(family, alice, printed):
    with_map(family, alice)
    with_reporter(family)
    family.address = "12 Elm Street, Fresno"
    family.save()
    held = hearing(family, alice, days_ahead=-3)
    services.court_order_add(hearing=held, by=alice, kind=OrderKind.ADDRESS_KEPT_FROM_PARENTS, text="Kept")
    # typed into the record by someone, where the report drafts from
    from safety_networks.services import map_entry_save

    map_entry_save(
        family=family,
        by=alice,
        kind="strength",
        text=f"{REPORTER} says Maria visits 12 Elm Street, Fresno often",
    )
    report = ready_report(hearing(family, alice), alice)
    text = printed(report, alice)
    assert "says Maria visits" in text
    assert REPORTER not in text and "Elm Street" not in text


def test_a_registered_section_plugs_into_the_report(family, alice, printed, settings, tmp_path):
    """placements registers its sections so (families.extensions.report_sections): a fake one."""
    seen = {}

    def context(*, family, as_of, withhold_addresses):
        seen.update(family=family, withhold_addresses=withhold_addresses)
        return {"moves": 2, "where": "a relative's home" if withhold_addresses else "14 Oak Road"}

    template_dir = tmp_path / "templates"
    (template_dir / "pdf").mkdir(parents=True)
    (template_dir / "pdf" / "_fake_section.html").write_text(
        "<p>Moves: {{ section.moves }}; lives at {{ section.where }}</p>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}]
    engines.__dict__.pop("templates", None)
    engines._engines = {}
    register_report_section(
        ReportSection(
            key="fake_placements",
            heading="Placement history",
            template="pdf/_fake_section.html",
            context=context,
        )
    )
    try:
        with_map(family, alice)
        report = ready_report(hearing(family, alice), alice)
        text = printed(report, alice)
    finally:
        unregister_report_section("fake_placements")
    assert "Placement history" in text and "Moves: 2; lives at 14 Oak Road" in text
    assert seen == {"family": family, "withhold_addresses": False}
