"""Document moves from case_plans to documents, which owns the pipeline of generated PDFs.

Only Django's state moves (SeparateDatabaseAndState): the table stays case_plans_document
(Document.Meta.db_table says why), with its rows, ids, indexes and foreign keys, so nothing
is copied and the previous release's processes, still running while a deploy migrates, keep
working. case_plans 0011 then drops the model from case_plans' state. `kind` loses its
choices: the kinds are registered by the apps above (documents.kinds); the column is the same.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import families.models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("case_plans", "0010_signatures"),
        ("families", "0009_each_member_a_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Document",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("kind", models.CharField(max_length=24)),
                        (
                            "source_id",
                            models.PositiveBigIntegerField(
                                help_text="The id of the plan or meeting it is made from."
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        (
                            "language",
                            models.CharField(
                                choices=families.models.document_languages,
                                default=families.models.default_document_language,
                                max_length=10,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("queued", "Waiting to be made"),
                                    ("rendering", "Being made"),
                                    ("ready", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=12,
                            ),
                        ),
                        ("failure_reason", models.TextField(blank=True)),
                        ("requested_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "queued_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now,
                                help_text="When it was last asked for: the request, or the latest “Try again”.",
                            ),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When it was handed to the task service; empty while the service could not be reached.",
                                null=True,
                            ),
                        ),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("file_name", models.CharField(blank=True, max_length=200)),
                        ("size", models.PositiveIntegerField(blank=True, null=True)),
                        ("checksum", models.CharField(blank=True, max_length=64, verbose_name="SHA-256")),
                        (
                            "family",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="families.family",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "case_plans_document",
                        "ordering": ["-requested_at", "-id"],
                        "indexes": [
                            models.Index(fields=["state", "started_at"], name="document_state_idx"),
                            models.Index(fields=["family", "-requested_at"], name="document_family_idx"),
                        ],
                    },
                ),
            ],
        ),
    ]
