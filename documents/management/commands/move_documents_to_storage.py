"""Copy the PDFs earlier versions kept on the web server's disk (MEDIA_ROOT/documents) onto
the case_files storage, where every document now lives (a bucket, when one is configured).

Until it is run those PDFs still download (documents.services.document_open reads them from
the disk); run it once after the deploy, on a machine that has that disk. It copies, checks
each copy against the document's SHA-256, then points the document at it; it deletes nothing
(the old folder can be removed by hand once the copies are checked), and running it again only
copies what is left."""

import hashlib

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from documents.models import Document, DocumentState
from documents.storage import DOCUMENTS_PREFIX, case_files_storage, legacy_documents_storage, new_key


class Command(BaseCommand):
    help = "Copy generated PDFs kept on MEDIA_ROOT/documents by earlier versions onto the case_files storage."

    def handle(self, *args, **options):
        legacy, storage = legacy_documents_storage(), case_files_storage()
        moved = missing = 0
        ready = Document.objects.filter(state=DocumentState.READY).exclude(file_name="")
        for document in ready.exclude(file_name__startswith=DOCUMENTS_PREFIX + "/").iterator():
            if not legacy.exists(document.file_name):
                missing += 1
                self.stderr.write(f"Document {document.public_id}: {document.file_name} is not on this disk")
                continue
            with legacy.open(document.file_name, "rb") as handle:
                content = handle.read()
            if document.checksum and hashlib.sha256(content).hexdigest() != document.checksum:
                missing += 1
                self.stderr.write(
                    f"Document {document.public_id}: {document.file_name} does not match its checksum"
                )
                continue
            key = storage.save(new_key(DOCUMENTS_PREFIX), ContentFile(content))
            # Only if no one moved it meanwhile (a second run at the same time).
            if Document.objects.filter(pk=document.pk, file_name=document.file_name).update(file_name=key):
                moved += 1
            else:
                storage.delete(key)
        self.stdout.write(f"{moved} documents copied onto the storage; {missing} could not be.")
