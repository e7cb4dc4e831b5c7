"""Reads of the files of a case, each with the queries it costs."""

from django.db.models import OuterRef

from families.family_row import AllRecords

from . import belongs_to
from .models import CaseFile
from .services import may_open

PANEL_SIZE = 5


def _with_permission(user, family, files):
    for case_file in files:
        case_file.family = family  # the row we already have: no query per file
        case_file.may_open = may_open(user, case_file)
    return files


def family_files(*, family, user, withdrawn: bool = False) -> list[CaseFile]:
    """A family's files, newest first, each with `may_open` and `belongs_to_label`.
    `withdrawn`: also the withdrawn ones (program administrators). Queries: 1 (files with who
    uploaded and withdrew them), plus 1 per kind of record they belong to."""
    files = CaseFile.objects.filter(family=family).select_related("uploaded_by", "withdrawn_by")
    if not withdrawn:
        files = files.filter(withdrawn_at__isnull=True)
    files = _with_permission(user, family, list(files))
    belongs_to.label_files(family, files)
    return files


def files_belonging_to(*, family, user, kind: str, record_id: int) -> list[CaseFile]:
    """The files linked to one record (a child, a case-plan version, a meeting), newest first.
    Queries: 1."""
    files = CaseFile.objects.filter(
        family=family, belongs_to_kind=kind, belongs_to_id=record_id, withdrawn_at__isnull=True
    ).select_related("uploaded_by")
    return _with_permission(user, family, list(files))


# The overview panel's files, read with the family row (families.family_row): every file not
# withdrawn, as one JSON array, with just what a row of the panel shows.
PANEL_FILES = AllRecords(
    "case_files_panel",
    CaseFile.objects.filter(family=OuterRef("pk"), withdrawn_at__isnull=True),
    (
        "id", "public_id", "family_id", "title", "kind", "document_date", "original_name", "size",
        "content_type", "scan_status", "restricted", "uploaded_at", "withdrawn_at",
        "uploaded_by__first_name", "uploaded_by__last_name", "uploaded_by__username",
    ),
)  # fmt: skip


def with_files_panel(families):
    """The overview panel's files on the family row."""
    return families.annotate(**PANEL_FILES.annotations())


def overview_files(*, family, user) -> dict:
    """The family overview's files panel: the newest five, and how many there are, for a row
    annotated by with_files_panel. Queries: none."""
    files = sorted(PANEL_FILES.of(family), key=lambda f: (f.uploaded_at, f.pk), reverse=True)
    return {"files": _with_permission(user, family, files[:PANEL_SIZE]), "count": len(files)}


def withdrawn_files():
    """Every withdrawn file, the latest withdrawal first (program administrators). Uses the
    partial index casefile_withdrawn_idx."""
    return (
        CaseFile.objects.filter(withdrawn_at__isnull=False)
        .select_related("family", "uploaded_by", "withdrawn_by")
        .order_by("-withdrawn_at", "-id")
    )
