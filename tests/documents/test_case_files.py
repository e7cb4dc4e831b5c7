"""Uploading, listing, downloading and withdrawing the files of a case, through the pages, on
the filesystem and on a real S3-compatible server (tests/documents/conftest.py)."""

import hashlib
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from documents.models import CaseFile, FileKind, ScanStatus
from documents.services import case_file_upload, case_file_withdraw
from documents.storage import case_files_storage
from families.models import AccessRequest, AccessStatus
from tests.documents.conftest import jpeg_bytes, pdf_bytes, png_bytes, stored_keys, upload
from tests.factories import CaseworkerFactory, ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def files_url(family):
    return reverse("documents:files", args=[family.public_id])


def upload_url(family):
    return reverse("documents:upload", args=[family.public_id])


def download_url(case_file):
    return reverse("documents:download", args=[case_file.family.public_id, case_file.public_id])


def form(**fields):
    return {"kind": FileKind.COURT, "document_date": "2026-03-10", "title": "Court order", **fields}


def stored_bytes(case_file) -> bytes:
    with case_files_storage().open(case_file.storage_key, "rb") as handle:
        return handle.read()


def streamed(response) -> bytes:
    assert response.streaming, "a download is streamed, never read whole into the response"
    return b"".join(response.streaming_content)


def a_file(family, by, *, content=None, name="order.pdf", **fields) -> CaseFile:
    return case_file_upload(
        family=family, by=by, upload=upload(name if content is None else "file", content or pdf_bytes()),
        kind=fields.pop("kind", FileKind.COURT), document_date=date(2026, 3, 10),
        title=fields.pop("title", "Court order"), **fields,
    )  # fmt: skip


# --- Upload, list, download -----------------------------------------------------------------


def test_a_caseworker_uploads_a_signed_plan_and_it_is_kept_under_a_random_key(
    storage_kind, client_of, alice, family
):
    child = ChildFactory(family=family, first_name="Sofía")
    content = pdf_bytes("signed by Maria and Daniel")

    response = client_of(alice).post(
        upload_url(family),
        form(
            kind=FileKind.SIGNED_CASE_PLAN, title="Case plan v2, signed", belongs_to=f"child:{child.pk}",
            file=upload("C:\\Users\\alice\\scan\x07 0042.pdf", content, "application/pdf"),
        ),
    )  # fmt: skip

    assert response.status_code == 302, response.context and response.context["form"].errors
    case_file = CaseFile.objects.get()
    assert (case_file.family, case_file.kind, case_file.title) == (
        family,
        "signed_case_plan",
        "Case plan v2, signed",
    )
    assert (case_file.belongs_to_kind, case_file.belongs_to_id) == ("child", child.pk)
    assert case_file.original_name == "scan 0042.pdf"
    assert case_file.content_type == "application/pdf"
    assert case_file.size == len(content)
    assert case_file.sha256 == hashlib.sha256(content).hexdigest()
    assert case_file.scan_status == ScanStatus.NOT_SCANNED
    assert case_file.uploaded_by == alice
    # the key says nothing about the family or the file, and the bytes are those sent
    assert str(family.public_id) not in case_file.storage_key and "scan" not in case_file.storage_key
    assert stored_keys() == [case_file.storage_key]
    assert stored_bytes(case_file) == content
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, record_id=str(case_file.pk)).exists()
    assert case_file.history.count() == 1


def test_the_files_are_listed_newest_first_on_their_page_and_the_family_overview(
    storage_kind, client_of, alice, bob, family
):
    older = a_file(family, alice, title="School report", kind=FileKind.SCHOOL)
    newer = a_file(family, alice, title="Photo of the kitchen", content=png_bytes(), kind=FileKind.HOME_PHOTO)

    for person in (alice, bob):
        page = client_of(person).get(files_url(family)).text
        assert page.index("Photo of the kitchen") < page.index("School report")
        overview = client_of(person).get(reverse("families:overview", args=[family.public_id])).text
        assert "Photo of the kitchen" in overview and "All files (2)" in overview
        assert download_url(older) in overview and download_url(newer) in overview


def test_the_assigned_caseworker_and_the_supervisor_download_it_as_a_streamed_attachment_audited(
    storage_kind, client_of, alice, bob, family
):
    content = jpeg_bytes()
    case_file = a_file(family, alice, content=content, kind=FileKind.HOME_PHOTO, title="Kitchen")
    case_file.original_name = 'cocina de Sofía "1".jpg'
    case_file.save()

    for person in (alice, bob):
        response = client_of(person).get(download_url(case_file))
        assert response.status_code == 200
        assert streamed(response) == content
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''cocina%20de%20Sof%C3%ADa%20%221%22.jpg" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Length"] == str(len(content))
        assert AuditEvent.objects.filter(
            action=AuditAction.EXPORT, actor=person, record_id=str(case_file.pk)
        ).exists()


def test_an_outsider_gets_404_for_the_file_of_a_family_they_cannot_see(
    storage_kind, client_of, alice, charlie, family
):
    case_file = a_file(family, alice)
    assert client_of(charlie).get(download_url(case_file)).status_code == 404
    # nor through a family they can see
    theirs = FamilyFactory(assigned_caseworker=charlie)
    url = reverse("documents:download", args=[theirs.public_id, case_file.public_id])
    assert client_of(charlie).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# --- Restricted ------------------------------------------------------------------------------


@pytest.fixture
def dana_sees_alices_families(bob, family):
    """Someone who may see the family but is none of the three a restricted file opens for:
    a caseworker of another unit granted read access to it (families.AccessRequest), as for a
    person known in one of her own families."""
    dana = CaseworkerFactory(username="dana", first_name="Dana")
    AccessRequest.objects.create(
        family=family,
        from_family=FamilyFactory(assigned_caseworker=dana),
        requested_by=dana,
        reason="The mother is known in my family.",
        status=AccessStatus.GRANTED,
        decided_by=bob,
        decided_at=timezone.now(),
        decision_reason="Granted for the investigation.",
        expires_at=timezone.now() + timedelta(days=7),
    )
    return dana


def test_a_restricted_file_opens_only_for_the_caseworker_the_supervisor_and_administrators(
    storage_kind, client_of, alice, bob, administrator, family, dana_sees_alices_families
):
    dana = dana_sees_alices_families
    restricted = a_file(family, alice, title="Sofía's medical report", kind=FileKind.MEDICAL, restricted=True)

    for person in (alice, bob, administrator):
        assert client_of(person).get(download_url(restricted)).status_code == 200, person

    # Dana sees that it exists, without a link, and is refused (403: the page told her it exists)
    page = client_of(dana).get(files_url(family)).text
    assert "Sofía&#x27;s medical report" in page
    assert download_url(restricted) not in page
    assert "only the assigned caseworker, their supervisor and program administrators may open it" in page
    assert client_of(dana).get(download_url(restricted)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=dana).exists()
    # an unrestricted file opens for her
    assert client_of(dana).get(download_url(a_file(family, alice))).status_code == 200


# --- Withdrawal ------------------------------------------------------------------------------


def test_a_wrong_upload_is_withdrawn_with_a_reason_and_kept(
    storage_kind, client_of, alice, administrator, family
):
    case_file = a_file(family, alice, title="Someone else's report")
    url = reverse("documents:withdraw", args=[family.public_id, case_file.public_id])

    refused = client_of(alice).post(url, {"version": case_file.version, "withdrawn_reason": " "})
    assert refused.status_code == 200 and "This field is required" in refused.text

    done = client_of(alice).post(url, {"version": case_file.version, "withdrawn_reason": "Wrong family"})
    assert done.status_code == 302
    case_file.refresh_from_db()
    assert (case_file.withdrawn_by, case_file.withdrawn_reason) == (alice, "Wrong family")
    assert case_file.withdrawn_at is not None
    assert stored_keys() == [case_file.storage_key]  # never deleted from storage
    assert "Someone else" not in client_of(alice).get(files_url(family)).text
    assert client_of(alice).get(download_url(case_file)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, record_id=str(case_file.pk)).exists()
    assert case_file.history.count() == 2

    # program administrators see it, with why, and may open it
    withdrawn = client_of(administrator).get(reverse("documents:withdrawn")).text
    assert "Someone else&#x27;s report" in withdrawn and "Wrong family" in withdrawn
    assert "Wrong family" in client_of(administrator).get(files_url(family)).text
    assert client_of(administrator).get(download_url(case_file)).status_code == 200


def test_a_file_withdrawn_twice_is_refused(alice, family):
    case_file = a_file(family, alice)
    case_file_withdraw(case_file=case_file, by=alice, reason="Duplicate")
    with pytest.raises(Exception, match="already withdrawn"):
        case_file_withdraw(case_file=CaseFile.objects.get(pk=case_file.pk), by=alice, reason="Again")


def test_the_withdrawn_list_is_for_program_administrators_only(client_of, alice, bob):
    for person in (alice, bob):
        assert client_of(person).get(reverse("documents:withdrawn")).status_code == 403


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["alice", "bob"])
@pytest.mark.parametrize("url_name", ["documents:files", "families:overview"])
def test_the_lists_cost_the_same_queries_for_3_or_30_files(
    request, client_of, alice, family, url_name, person, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child = ChildFactory(family=family)
    client = client_of(request.getfixturevalue(person))
    url = reverse(url_name, args=[family.public_id])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    none = count()
    for n in range(3):
        a_file(family, alice, belongs_to=("child", child.pk) if n % 2 else None, restricted=n == 1)
    few = count()
    if url_name == "families:overview":
        assert few == none, "the panel reads its files with the family row: no query of its own"
    for n in range(27):
        a_file(family, alice, belongs_to=("child", child.pk) if n % 2 else None, restricted=n % 3 == 0)
    # files page: the files (with who uploaded and withdrew them: 1), the labels of what they
    # belong to (1 per kind of record)
    with django_assert_max_num_queries(few):
        page_text = client.get(url).text
    assert "Restricted" in page_text
