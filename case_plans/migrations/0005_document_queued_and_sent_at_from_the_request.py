"""Documents asked for before queued_at and sent_at existed: each was queued when it was
requested, and every document a worker picked up had been sent. A document still waiting
keeps sent_at empty, so the sweep sends it again (or, past the limit, fails it for the
user to try again): before, such a document stayed "waiting" for ever."""

from django.db import migrations
from django.db.models import F


def from_the_request(apps, schema_editor):
    Document = apps.get_model("case_plans", "Document")
    Document.objects.update(queued_at=F("requested_at"))
    Document.objects.exclude(state="queued").update(sent_at=F("requested_at"))


class Migration(migrations.Migration):
    dependencies = [("case_plans", "0004_document_queued_and_sent_at")]

    # Going back needs nothing: the columns are dropped by the schema migration's reversal.
    operations = [migrations.RunPython(from_the_request, migrations.RunPython.noop)]
