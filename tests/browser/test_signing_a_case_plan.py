"""A caseworker records the signed copy of an approved case plan from the plan's page, sees
who signed and who has not, and downloads the signed copy; on the S3-compatible server."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from case_plans.models import CasePlan, CasePlanSignature, PlanStatus
from tests.browser.conftest import sign_in
from tests.documents.conftest import pdf_bytes, s3_endpoint, storage_kind  # noqa: F401 (fixtures)
from tests.factories import TEST_PASSWORD, CaregiverFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("storage_kind", ["s3"], indirect=True)
def test_a_caseworker_uploads_the_signed_plan_sees_it_signed_and_downloads_it(
    storage_kind,  # noqa: F811
    page,
    live_server,
    alice,
    bob,
    tmp_path,
):
    family = FamilyFactory(assigned_caseworker=alice, display_name="Okafor-Reyes")
    CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor")
    plan = CasePlan.objects.create(
        family=family, number=1, status=PlanStatus.ACTIVE, recorded_by=alice, decided_by=bob,
        decided_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    content = pdf_bytes("Case plan, version 1, signed by Maria")
    scan = tmp_path / "signed plan.pdf"
    scan.write_bytes(content)
    sign_in(page, live_server, "alice", TEST_PASSWORD)

    page.goto(live_server.url + reverse("case_plans:plan", args=[family.public_id, plan.pk]))
    signatures = page.get_by_role("region", name="Signatures")
    expect(signatures.get_by_text("Not signed yet")).to_have_count(4)
    signatures.get_by_role("link", name="Record signatures").click()

    page.get_by_role("group", name="Maria Reyes (Caregiver)").get_by_label("Signed").check()
    page.get_by_role("group", name="Daniel Okafor (Caregiver)").get_by_label("Would not sign").check()
    page.get_by_label("Why Daniel Okafor would not sign").fill("He wants to read it with his lawyer.")
    page.get_by_label("The signed copy").set_input_files(str(scan))
    page.get_by_role("button", name="Record signatures").click()

    expect(page.get_by_text("The signatures are recorded.")).to_be_visible()
    signatures = page.get_by_role("region", name="Signatures")
    expect(signatures.get_by_text("Not signed yet")).to_have_count(2)  # the caseworker, the supervisor
    expect(signatures.get_by_text("He wants to read it with his lawyer.")).to_be_visible()
    with page.expect_download() as download:
        signatures.get_by_role("link", name="signed copy (Maria Reyes)").click()
    assert download.value.suggested_filename == "signed plan.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == content
    assert CasePlanSignature.objects.filter(record=plan).count() == 2

    page.goto(live_server.url + reverse("families:overview", args=[family.public_id]))
    expect(page.get_by_text("1 of 4 signed")).to_be_visible()
