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


def test_the_demo_shows_signed_refused_and_unsigned_plans(settings):
    from datetime import timedelta

    from django.utils import timezone

    from case_plans.models import CasePlan, CasePlanSignature
    from safety_networks.models import SafetyPlanSignature
    from supervision.compliance import RULES_BY_SLUG, families_where

    settings.DEBUG = True
    call_command("seed_demo", "--password", "a-demo-password-here", "--families", "40")

    okafor_reyes = Family.objects.get(display_name="Okafor-Reyes")
    signed = CasePlanSignature.objects.filter(record__family=okafor_reyes, record__status="active")
    assert {s.role for s in signed} == {"caregiver", "caseworker"}
    assert signed.filter(role="caregiver").count() == 2
    assert {s.signed_copy.title for s in signed} == {"Case plan, version 1, signed by Maria and Daniel"}
    assert SafetyPlanSignature.objects.filter(record__family=okafor_reyes, role="caregiver").count() == 2

    refused = CasePlanSignature.objects.get(refused=True)
    assert "supervisor" in refused.refused_reason and refused.record.family != okafor_reyes

    old = timezone.now() - timedelta(days=39)
    unsigned = CasePlan.objects.filter(status="active", decided_at__lt=old, signatures__isnull=True)
    assert unsigned.exists()
    today, now = timezone.localdate(), timezone.now()
    flagged = families_where(Family.objects.all(), RULES_BY_SLUG["case_plan_unsigned"], today=today, now=now)
    assert {p.family_id for p in unsigned} <= set(flagged.values_list("pk", flat=True))
    assert okafor_reyes not in flagged
