"""A case file's download link streams it through the service: the same rule as the page
(restricted files for the assigned caseworker, their supervisor and administrators), audited."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditAction, AuditEvent
from documents.services import case_file_upload
from tests.api.clients import api_with
from tests.documents.conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def keep(family, by, *, restricted=False):
    upload = SimpleUploadedFile("report.pdf", pdf_bytes(), content_type="application/pdf")
    return case_file_upload(
        family=family, by=by, upload=upload, kind="other", document_date=date.today(), title="Report",
        restricted=restricted,
    )  # fmt: skip


def test_the_download_link_streams_the_file_and_is_audited(api_as, alice, family):
    keep(family, alice)
    client = api_as(alice)
    row = client.get(f"/api/v1/families/{family.public_id}/files/").json()["results"][0]

    response = client.get(row["download"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=alice).count() == 1


def test_a_restricted_file_is_listed_but_not_opened_by_a_system(api_as, service_token, unit_a, alice, family):
    keep(family, alice, restricted=True)
    system = api_with(service_token(units=[unit_a]))
    row = system.get(f"/api/v1/families/{family.public_id}/files/").json()["results"][0]

    refused = system.get(row["download"])

    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert api_as(alice).get(row["download"]).status_code == 200
