"""The safety network's circles print in the safety plan and the case plan, the same SVG the
Network page draws (sop_casework.charts.network_circles, templates/charts/network_circles.svg):
in the HTML the PDF is made from, and as text in the PDF itself (pypdf), in English and in
Spanish. A member's name is text, never markup."""

# ruff: noqa: F811
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from documents.kinds import spec_of
from documents.models import Document
from safety_networks.services import network_member_save, safety_plan_activate

from .test_printed_documents import (  # noqa: F401  (fixtures)
    case_plan,
    factors,
    folded,
    people,
    printed,
    private_media,
    safety_plan,
    samuel,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def network(family, alice, samuel):
    """Samuel (middle, from the plan's fixtures), Lucía (inner), Mrs. Chen (middle), and a
    member whose name was typed as markup (outer)."""
    network_member_save(family=family, by=alice, name="Lucía Reyes", relationship="aunt", circle="inner")
    network_member_save(family=family, by=alice, name="Mrs. Chen", relationship="neighbour", circle="middle")
    network_member_save(family=family, by=alice, name=SCRIPT, relationship="typed as markup", circle="outer")
    return ["Samuel Okafor", "Lucía Reyes", "Mrs. Chen"]


def html_of(family, kind, source_id, language) -> str:
    spec = spec_of(kind)
    with translation.override(language):
        return render_to_string(
            spec.template,
            {"family": family, "document": Document(title="x"), **spec.context(family, source_id)},
        )


def circles_svg(html: str) -> str:
    found = re.search(r'<svg [^>]*class="network-circles".*?</svg>', html, re.S)
    assert found, "the document has no network circles"
    return found.group(0)


def documents(case_plan, safety_plan):
    return [("safety_plan", safety_plan.pk), ("case_plan", case_plan.pk)]


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Safety network of the"),
        ("es", "Red de seguridad de la familia"),
    ],
)
def test_both_plans_hold_the_circles_with_the_members_names(
    family, alice, network, case_plan, safety_plan, language, title
):
    safety_plan_activate(plan=safety_plan, by=alice, on=safety_plan.created_at.date())
    for kind, source_id in documents(case_plan, safety_plan):
        svg = circles_svg(html_of(family, kind, source_id, language))

        assert title in svg, kind
        for name in network:
            assert f">{name}</text>" in svg, (kind, name)
        assert svg.count('class="member member-inner"') == 1  # Lucía
        assert svg.count('class="member member-middle"') == 2  # Samuel, Mrs. Chen


def test_a_name_typed_as_markup_is_text_in_the_svg(family, alice, network, case_plan, safety_plan):
    for kind, source_id in documents(case_plan, safety_plan):
        svg = circles_svg(html_of(family, kind, source_id, "en"))

        assert "<script" not in svg, kind
        assert "&lt;script&gt;alert(1)&lt;/script&gt;: typed as markup" in svg  # the tooltip, whole
        assert "&lt;script&gt;alert(1)&lt;…" in svg  # the label, shortened


def test_no_circles_without_a_network(family, alice, people, case_plan):
    html = html_of(family, "case_plan", case_plan.pk, "en")
    assert 'class="network-circles"' not in html


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Our safety network"), ("es", "Nuestra red de seguridad")]
)
def test_the_pdfs_show_the_members_names(
    family, alice, network, case_plan, safety_plan, printed, language, heading
):
    family.document_language = language
    family.save(update_fields=["document_language"])
    for kind, source_id in documents(case_plan, safety_plan):
        text = folded(printed(family, alice, kind, source_id))

        assert heading in text, kind
        for name in network:
            assert name in text, (kind, name)
        assert "<script>alert(1)" in text  # drawn as the letters typed, not run
