"""The Document model moved from case_plans to documents (documents 0002-0003, case_plans
0011) without touching its rows: a database migrated forward from the release before, with
documents in it, keeps them, their ids and what points at them, and they still download."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from documents.models import Document, DocumentState
from documents.storage import legacy_documents_storage

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("case_plans", "0010_signatures"), ("documents", "0001_initial")]
AFTER = [("case_plans", "0011_document_moved_to_documents"), ("documents", "0003_document_content_type")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # Going back to BEFORE also unapplies every later migration of case_plans and of the apps
    # that depend on it (case_plans 0012 and on): "after" is therefore every app's latest
    # migration, so the tests that run next find all their tables (as test_person_migration).
    executor.migrate(executor.loader.graph.leaf_nodes() if targets is AFTER else targets)
    return executor.loader.project_state(targets).apps


def test_documents_made_before_the_move_are_kept_and_still_download(
    client_of, alice, family, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    old_apps = migrate(BEFORE)
    try:
        # The release before: a ready document in case_plans, its PDF on MEDIA_ROOT/documents,
        # and its content type.
        OldDocument = old_apps.get_model("case_plans", "Document")
        old_type = old_apps.get_model("contenttypes", "ContentType")
        old_type.objects.filter(app_label="documents", model="document").delete()
        old_type.objects.get_or_create(app_label="case_plans", model="document")
        old = OldDocument.objects.create(
            family_id=family.pk, kind="case_plan", source_id=1, title="Case plan, version 1",
            requested_by_id=alice.pk, state="ready", file_name=f"{family.public_id}/old.pdf", size=14,
        )  # fmt: skip
        legacy_documents_storage().save(f"{family.public_id}/old.pdf", ContentFile(b"%PDF-1.4 old\n"))
    finally:
        migrate(AFTER)  # forward again, whatever happened: the rest of the run needs it

    ContentType.objects.clear_cache()
    document = Document.objects.get(pk=old.pk)
    assert (document.public_id, document.kind, document.state) == (
        old.public_id,
        "case_plan",
        DocumentState.READY,
    )
    assert document.family == family and document.requested_by == alice
    assert ContentType.objects.get_for_model(Document).app_label == "documents"
    assert not ContentType.objects.filter(app_label="case_plans", model="document").exists()
    new = Document.objects.create(family=family, kind="case_plan", source_id=1, title="x", requested_by=alice)
    assert new.pk > old.pk  # the table's sequence carries on

    download = client_of(alice).get(
        reverse("documents:document_download", args=[family.public_id, document.public_id])
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.4 old\n"
