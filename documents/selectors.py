"""Reads of the files of a case, each with the queries it costs."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

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


def with_files_panel(families):
    """The overview panel's count, read with the family row."""
    count = (
        CaseFile.objects.filter(family=OuterRef("pk"), withdrawn_at__isnull=True)
        .order_by()
        .values("family")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return families.annotate(case_file_count=Coalesce(Subquery(count), 0))


def overview_files(*, family, user) -> dict:
    """The family overview's files panel: the newest five. Queries: 1, plus 1 per kind of
    record they belong to."""
    files = list(
        CaseFile.objects.filter(family=family, withdrawn_at__isnull=True).select_related("uploaded_by")[
            :PANEL_SIZE
        ]
    )
    _with_permission(user, family, files)
    belongs_to.label_files(family, files)
    return {"files": files, "count": getattr(family, "case_file_count", len(files))}


def withdrawn_files():
    """Every withdrawn file, the latest withdrawal first (program administrators). Uses the
    partial index casefile_withdrawn_idx."""
    return (
        CaseFile.objects.filter(withdrawn_at__isnull=False)
        .select_related("family", "uploaded_by", "withdrawn_by")
        .order_by("-withdrawn_at", "-id")
    )
