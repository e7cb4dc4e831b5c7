"""Files of a case for the demo: the worked example family's signed case plan, a school
report, a restricted medical report, a photo of the home, and one upload withdrawn as a
mistake; a court order or school report for a few other open families. Small files made
here (a one-page PDF, a PNG), kept through the service on the configured storage."""

import random
import struct
import zlib
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from case_plans.models import CasePlan, PlanStatus
from documents.models import FileKind
from documents.services import case_file_upload, case_file_withdraw
from families.models import Caregiver, Child, Family

OTHER_FAMILIES = 6


def one_page_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing `lines` (ASCII), with its cross-reference table."""
    text = "".join(
        f"BT /F1 12 Tf 72 {720 - 18 * i} Td ({line.encode('ascii', 'replace').decode()}) Tj ET\n"
        for i, line in enumerate(lines)
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def small_png(width: int = 64, height: int = 48, colour=(200, 170, 120)) -> bytes:
    def chunk(kind, data):
        return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(colour) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack("!IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _keep(family, by, name, content, **fields):
    return case_file_upload(family=family, by=by, upload=SimpleUploadedFile(name, content), **fields)


def seed_files(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], rng: random.Random, today: date
):
    open_families = [(f, c, k) for f, c, k in households if not f.closed_on and f.status != "closed"]
    for family, _caregivers, children in open_families:
        if family.display_name == "Okafor-Reyes":
            _okafor_reyes(family, children, today)
    others = [h for h in open_families if h[0].display_name != "Okafor-Reyes"]
    for family, _caregivers, children in rng.sample(others, min(OTHER_FAMILIES, len(others))):
        worker = family.assigned_caseworker
        if rng.random() < 0.5:
            _keep(
                family, worker, "court-order.pdf",
                one_page_pdf(["Superior Court, Juvenile Division", "Order after disposition hearing"]),
                kind=FileKind.COURT, document_date=today - timedelta(days=rng.randint(5, 60)),
                title="Order after the disposition hearing",
            )  # fmt: skip
        elif children:
            child = children[0]
            _keep(
                family, worker, "school-report.txt",
                f"{child.first_name} attended every day this month and is reading at grade level.\n".encode(),
                kind=FileKind.SCHOOL, document_date=today - timedelta(days=rng.randint(3, 40)),
                title=f"School report for {child.first_name}", belongs_to=("child", child.pk),
            )  # fmt: skip


def _okafor_reyes(family: Family, children: list[Child], today: date) -> None:
    worker = family.assigned_caseworker
    sofia = next((c for c in children if c.first_name.startswith("Sof")), children[0] if children else None)
    plan = CasePlan.objects.filter(family=family, status=PlanStatus.ACTIVE).first()
    _keep(
        family, worker, "IMG_2041.png", small_png(),
        kind=FileKind.HOME_PHOTO, document_date=today - timedelta(days=40),
        title="The children's bedroom after the new beds arrived",
    )  # fmt: skip
    if plan is not None:
        _keep(
            family, worker, "case plan v1 signed.pdf",
            one_page_pdf(["Case plan, version 1", "Signed: Maria Reyes, Daniel Okafor", "Caseworker"]),
            kind=FileKind.SIGNED_CASE_PLAN, document_date=today - timedelta(days=30),
            title="Case plan, version 1, signed by Maria and Daniel", belongs_to=("case_plan", plan.pk),
        )  # fmt: skip
    if sofia is not None:
        _keep(
            family, worker, "teacher note.txt",
            b"Sofia has been on time every day since March and seems happier in class.\n",
            kind=FileKind.SCHOOL, document_date=today - timedelta(days=12),
            title="Note from Sofia's teacher", belongs_to=("child", sofia.pk),
        )  # fmt: skip
        _keep(
            family, worker, "clinic letter.pdf",
            one_page_pdf(["Valley Family Clinic", "Follow-up: the bruise on the upper arm has healed."]),
            kind=FileKind.MEDICAL, document_date=today - timedelta(days=20),
            title="Letter from the family clinic about Sofia", belongs_to=("child", sofia.pk),
            restricted=True,
        )  # fmt: skip
    wrong = _keep(
        family, worker, "school report.txt", b"A report about another child.\n",
        kind=FileKind.SCHOOL, document_date=today - timedelta(days=8), title="School report",
    )  # fmt: skip
    case_file_withdraw(
        case_file=wrong, by=worker, reason="Uploaded to the wrong family: it is another child's."
    )
