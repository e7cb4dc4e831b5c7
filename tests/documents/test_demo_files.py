"""The demo shows the files of a case on a realistic day."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from documents.models import CaseFile
from documents.storage import case_files_storage
from families.models import Family

pytestmark = pytest.mark.django_db


def test_the_worked_example_has_its_signed_plan_a_restricted_report_a_photo_and_a_withdrawn_mistake(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "a-demo-password-here", "--families", "12")

    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    files = CaseFile.objects.filter(family=okafor_reyes)
    kinds = set(files.filter(withdrawn_at__isnull=True).values_list("kind", flat=True))
    assert {"signed_case_plan", "school", "medical", "home_photo"} <= kinds
    assert files.get(kind="medical").restricted
    assert files.get(kind="signed_case_plan").belongs_to_kind == "case_plan"
    assert files.filter(withdrawn_at__isnull=False).count() == 1
    assert CaseFile.objects.exclude(family=okafor_reyes).exists()
    signed = files.get(kind="signed_case_plan")
    with case_files_storage().open(signed.storage_key, "rb") as handle:
        assert "Case plan, version 1" in PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
