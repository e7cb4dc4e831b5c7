"""“Upload a file” on a record's page (a case-plan version, a safety-plan version, a meeting,
a child on the family's page) opens the upload form with that record chosen in “It belongs to”.
The choice comes from the URL, so it is never trusted: a record of another family, or one that
is no record at all, is ignored on the form and refused when sent."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from case_plans.services import case_plan_start
from documents.models import CaseFile, FileKind
from meetings.services import meeting_schedule
from safety_networks.services import safety_plan_start
from tests.documents.conftest import pdf_bytes, upload
from tests.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def upload_url(family, belongs_to=None):
    url = reverse("documents:upload", args=[family.public_id])
    return f"{url}?belongs_to={belongs_to}" if belongs_to is not None else url


def selected(page: str) -> list[str]:
    """The values chosen in the form's “It belongs to”."""
    select = re.search(r'<select name="belongs_to".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)


def upload_link(page: str, family) -> str:
    """The (one) “Upload a file” link of a record's page."""
    base = reverse("documents:upload", args=[family.public_id])
    links = re.findall(rf'href="({re.escape(base)}\?[^"]*)"', page)
    assert len(links) == 1, links
    return html.unescape(links[0])


def records(family, by):
    return {
        "case_plan": case_plan_start(family=family, by=by),
        "safety_plan": safety_plan_start(family=family, by=by),
        "meeting": meeting_schedule(family=family, by=by, scheduled_at=timezone.now() + timedelta(days=2)),
    }


def test_the_upload_link_of_each_records_page_opens_the_form_with_that_record_chosen(
    client_of, alice, family
):
    record = records(family, alice)
    pages = {
        "case_plan": reverse("case_plans:plan", args=[family.public_id, record["case_plan"].pk]),
        "safety_plan": reverse("safety_networks:plan", args=[family.public_id, record["safety_plan"].pk]),
        "meeting": reverse("meetings:meeting", args=[family.public_id, record["meeting"].pk]),
    }
    client = client_of(alice)
    for key, page_url in pages.items():
        link = upload_link(client.get(page_url).text, family)
        assert link == upload_url(family, f"{key}:{record[key].pk}")
        form = client.get(link)
        assert form.status_code == 200
        assert selected(form.text) == [f"{key}:{record[key].pk}"], key


def test_the_upload_link_beside_a_child_on_the_familys_page_chooses_that_child(client_of, alice, family):
    sofia = ChildFactory(family=family, first_name="Sofía")
    client = client_of(alice)
    page = client.get(reverse("families:overview", args=[family.public_id])).text
    link = upload_url(family, f"child:{sofia.pk}")
    assert f'href="{html.escape(link)}"' in page
    assert selected(client.get(link).text) == [f"child:{sofia.pk}"]


def test_what_the_link_names_is_ignored_unless_it_is_a_record_of_this_family(client_of, alice, family):
    theirs = FamilyFactory(assigned_caseworker=alice)  # a family alice may see, but another one
    their_plan = case_plan_start(family=theirs, by=alice)
    their_child = ChildFactory(family=theirs)
    client = client_of(alice)
    for value in (
        f"case_plan:{their_plan.pk}",
        f"child:{their_child.pk}",
        "case_plan:999999",
        "nothing:1",
        "case_plan:",
        "<script>",
    ):
        form = client.get(upload_url(family, value))
        assert form.status_code == 200
        assert selected(form.text) in ([], [""]), value  # the family as a whole
        assert form.context["form"]["belongs_to"].value() in (None, ""), value  # not carried either


def test_a_record_of_another_family_sent_with_the_upload_is_refused_and_nothing_is_kept(
    client_of, alice, charlie, family
):
    outsiders = FamilyFactory(assigned_caseworker=charlie)  # a family alice may not see
    their_plan = case_plan_start(family=outsiders, by=charlie)
    response = client_of(alice).post(
        upload_url(family),
        {
            "kind": FileKind.SIGNED_CASE_PLAN,
            "document_date": "2026-03-10",
            "title": "Signed plan",
            "belongs_to": f"case_plan:{their_plan.pk}",
            "file": upload("plan.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 200  # the form again, saying why
    assert "belongs_to" in response.context["form"].errors
    assert not CaseFile.objects.exists()


def test_an_outsider_following_the_link_gets_404(client_of, alice, charlie, family):
    plan = case_plan_start(family=family, by=alice)
    assert client_of(charlie).get(upload_url(family, f"case_plan:{plan.pk}")).status_code == 404
