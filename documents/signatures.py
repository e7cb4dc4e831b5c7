"""Who signed a family-facing plan, and when, with the signed copy; or who refused, and why.

The signed record belongs to an app above this one (a case-plan version in case_plans, a
safety plan in safety_networks), so each of those apps holds its own concrete model
(`CasePlanSignature`, `SafetyPlanSignature`) on the abstract `Signature` below, with a real
foreign key to what was signed. Why not one `Signature` here pointing at the signed record
through the belongs_to registry (a kind and an id)? Because the database then could not keep
the link (no foreign key, no PROTECT), and Unit review's rule and the family overview read
signatures in SQL with the family row: a real foreign key is a plain join there, a kind-and-id
pair is a string comparison no index or constraint knows about. What is shared (the signer,
the signed copy, refusal, withdrawal, the writes and their checks) lives here once.

Signers are those the printed plan has signature blocks for (templates/pdf/case_plan.html):
each caregiver still in the household, each child of 12 or older still in it, the assigned
caseworker and the unit's supervisor.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction
from audit.services import audit_family
from families.models import Caregiver, Child, age_on
from families.services import require_open_record
from families.versioning import Versioned, claim_version

from .models import CaseFile, FileKind

YOUTH_AGE = 12  # DOMAIN.md: "Signatures: caregivers (and youth 12+), caseworker, supervisor."


class SignerRole(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    YOUTH = "youth", _("Youth (12 or older)")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")


STAFF_ROLES = (SignerRole.CASEWORKER, SignerRole.SUPERVISOR)


class Signature(Versioned):
    """One person's answer to one plan: signed on a date (with the signed copy), or refused
    on a date (with the reason). A wrong record is withdrawn with a reason, never deleted; a
    new one may then be recorded. The concrete model adds `record` (what was signed)."""

    role = models.CharField(_("who"), max_length=12, choices=SignerRole.choices)
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dated = models.DateField(_("date"), help_text=_("The day they signed, or said they would not."))
    signed_copy = models.ForeignKey(
        CaseFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed copy"),
    )
    refused = models.BooleanField(_("refused to sign"), default=False)
    refused_reason = models.TextField(_("why they would not sign"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(_("why it is withdrawn"), blank=True)

    # The concrete model's: the FileKind of its signed copies.
    SIGNED_COPY_KIND: str = ""

    class Meta:
        abstract = True
        ordering = ["recorded_at", "id"]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def signer_key(self) -> tuple:
        return signer_key(self.role, self.caregiver_id, self.child_id)


def signature_constraints(prefix: str, record_field: str) -> list:
    """The concrete model's constraints: one signer, of the kind its role says; signed with
    a copy or refused with a reason; one standing answer per signer and plan."""
    live = Q(withdrawn_at__isnull=True)
    caregiver = Q(role=SignerRole.CAREGIVER, caregiver__isnull=False, child__isnull=True, staff__isnull=True)
    youth = Q(role=SignerRole.YOUTH, child__isnull=False, caregiver__isnull=True, staff__isnull=True)
    staff = Q(role__in=STAFF_ROLES, staff__isnull=False, caregiver__isnull=True, child__isnull=True)
    return [
        models.CheckConstraint(
            condition=caregiver | youth | staff,
            name=f"{prefix}_one_signer_of_its_role",
        ),
        models.CheckConstraint(
            condition=Q(refused=False, signed_copy__isnull=False, refused_reason="")
            | (Q(refused=True, signed_copy__isnull=True) & ~Q(refused_reason="")),
            name=f"{prefix}_signed_with_copy_or_refused_with_reason",
        ),
        models.CheckConstraint(
            condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
            | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
            name=f"{prefix}_withdrawn_when_and_by_whom",
        ),
        models.UniqueConstraint(
            fields=[record_field, "caregiver"], condition=live & Q(role=SignerRole.CAREGIVER),
            name=f"{prefix}_caregiver_once",
        ),
        models.UniqueConstraint(
            fields=[record_field, "child"], condition=live & Q(role=SignerRole.YOUTH),
            name=f"{prefix}_youth_once",
        ),
        models.UniqueConstraint(
            fields=[record_field, "role"], condition=live & Q(role__in=STAFF_ROLES),
            name=f"{prefix}_staff_once",
        ),
    ]  # fmt: skip


def signer_key(role: str, caregiver_id: int | None, child_id: int | None) -> tuple:
    """Who a signature is for, as the signers' list knows them: a caregiver, a youth, or the
    staff role (one caseworker's and one supervisor's signature per plan)."""
    if role == SignerRole.CAREGIVER:
        return (role, caregiver_id)
    if role == SignerRole.YOUTH:
        return (role, child_id)
    return (role, None)


@dataclass
class Signer:
    role: str
    label: str
    caregiver: Caregiver | None = None
    child: Child | None = None
    staff: object | None = None
    signature: Signature | None = None  # their standing answer, if any

    @property
    def key(self) -> tuple:
        return signer_key(
            self.role, self.caregiver.pk if self.caregiver else None, self.child.pk if self.child else None
        )

    @property
    def field(self) -> str:
        """The name of their row in the signatures form."""
        role, pk = self.key
        return f"{role}_{pk}" if pk else role

    @property
    def role_label(self) -> str:
        return SignerRole(self.role).label

    @property
    def signed(self) -> bool:
        return self.signature is not None and not self.signature.refused


def youth_born_on_or_before(today: date) -> date:
    """The latest birth date of a child who is 12 today."""
    try:
        return today.replace(year=today.year - YOUTH_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - YOUTH_AGE, day=28)


def signers(*, family, caregivers, children, caseworker, supervisor, signatures) -> list[Signer]:
    """The people who sign the plan, each with their standing answer. `caregivers` and
    `children` are the family's (any order; those who left the household are skipped unless
    they already answered); `signatures` the plan's, withdrawn ones included or not. Queries:
    none."""
    today = timezone.localdate()
    standing = {s.signer_key: s for s in signatures if not s.is_withdrawn}
    found = []
    for caregiver in caregivers:
        key = (SignerRole.CAREGIVER, caregiver.pk)
        if caregiver.is_current or key in standing:
            found.append(Signer(SignerRole.CAREGIVER, caregiver.full_name, caregiver=caregiver))
    for child in children:
        key = (SignerRole.YOUTH, child.pk)
        age = age_on(child.date_of_birth, today)
        if (child.is_current and age is not None and age >= YOUTH_AGE) or key in standing:
            found.append(Signer(SignerRole.YOUTH, child.full_name, child=child))
    if caseworker is not None:
        found.append(Signer(SignerRole.CASEWORKER, str(caseworker), staff=caseworker))
    if supervisor is not None:
        found.append(Signer(SignerRole.SUPERVISOR, str(supervisor), staff=supervisor))
    for signer in found:
        signer.signature = standing.get(signer.key)
        if signer.signature is not None and signer.role in STAFF_ROLES and signer.signature.staff is not None:
            signer.staff = signer.signature.staff  # who did sign, if the worker changed since
            signer.label = str(signer.staff)
    return found


@dataclass(frozen=True)
class Answer:
    """What the signatures form says about one signer: signed, or refused with a reason."""

    signer: Signer
    refused: bool = False
    reason: str = ""


@transaction.atomic
def signatures_record(
    *,
    model: type[Signature],
    record,
    family,
    by,
    dated: date,
    answers: list[Answer],
    signed_copy: CaseFile | None = None,
) -> list[Signature]:
    """Record the answers of some signers to `record` (a plan of `family`) on `dated`: those
    who signed, with the signed copy (a file of this family, of the model's kind, not
    withdrawn), and those who refused, each with a reason. Raises ValidationError when a
    signer already has a standing answer (withdraw it first), or the copy is not this plan's."""
    require_open_record(family)
    if not answers:
        raise ValidationError(gettext("Tick who signed, or who would not sign."))
    if dated > timezone.localdate():
        raise ValidationError({"document_date": gettext("The date can't be in the future.")})
    if dated < timezone.localdate() - timedelta(days=366 * 5):
        raise ValidationError({"document_date": gettext("That date is too far back.")})
    signed = [a for a in answers if not a.refused]
    if signed:
        if signed_copy is None:
            raise ValidationError({"file": gettext("Upload the signed copy, or choose one already kept.")})
        if (
            signed_copy.family_id != family.pk
            or signed_copy.kind != model.SIGNED_COPY_KIND
            or signed_copy.is_withdrawn
        ):
            raise ValidationError(gettext("The signed copy must be a signed copy of this family's plan."))
    # Lock the plan's signatures so two people recording at once can't both answer for one signer.
    record_field = model._meta.get_field("record").name
    standing = {
        s.signer_key
        for s in model.objects.select_for_update().filter(**{record_field: record}, withdrawn_at__isnull=True)
    }
    made = []
    for answer in answers:
        signer = answer.signer
        if signer.key in standing:
            raise ValidationError(
                gettext("%(who)s's answer is already recorded. Withdraw it first if it is wrong.")
                % {"who": signer.label}
            )
        if answer.refused and not answer.reason.strip():
            raise ValidationError(gettext("Say why %(who)s would not sign.") % {"who": signer.label})
        signature = model(
            record=record,
            role=signer.role,
            caregiver=signer.caregiver,
            child=signer.child,
            staff=signer.staff if signer.role in STAFF_ROLES else None,
            dated=dated,
            signed_copy=None if answer.refused else signed_copy,
            refused=answer.refused,
            refused_reason=answer.reason.strip() if answer.refused else "",
            recorded_by=by,
        )
        if signer.caregiver is not None and signer.caregiver.family_id != family.pk:
            raise ValidationError(gettext("Only the family's own people sign its plan."))
        if signer.child is not None and signer.child.family_id != family.pk:
            raise ValidationError(gettext("Only the family's own people sign its plan."))
        signature.full_clean(exclude=["record"])
        signature.save()
        audit_family(actor=by, action=AuditAction.CREATE, family=family, record=signature)
        standing.add(signer.key)
        made.append(signature)
    return made


@transaction.atomic
def signature_withdraw(
    *, signature: Signature, family, by, reason: str, expected_version: int | None = None
) -> Signature:
    """A wrong signature record is withdrawn with a reason: it no longer counts, and stays
    (with its history and audit event). The signer's answer may then be recorded again."""
    require_open_record(family)
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": gettext("Say why it is withdrawn.")})
    claim_version(signature, expected=expected_version, fields=["withdrawn_reason"])
    if (
        signature.is_withdrawn
        or type(signature).objects.filter(pk=signature.pk, withdrawn_at__isnull=False).exists()
    ):
        raise ValidationError(gettext("This signature record is already withdrawn."))
    signature.withdrawn_at, signature.withdrawn_by = timezone.now(), by
    signature.withdrawn_reason = reason.strip()
    signature.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "version"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=family, record=signature)
    return signature


def signed_copies(*, family, kind: str, record_kind: str, record_id: int):
    """The signed copies already kept for one plan (to link, rather than upload again)."""
    return CaseFile.objects.filter(
        family=family,
        kind=kind,
        belongs_to_kind=record_kind,
        belongs_to_id=record_id,
        withdrawn_at__isnull=True,
    )


SIGNED_COPY_KINDS = {FileKind.SIGNED_CASE_PLAN, FileKind.SIGNED_SAFETY_PLAN}


def signature_history_label(row, names) -> str:
    """A signature (a row of its change history) as the Changes pages name it (families/history.py)."""
    who = (
        names.person(Caregiver, row.caregiver_id)
        or names.person(Child, row.child_id)
        or (names.users[row.staff_id].get_full_name() if row.staff_id in names.users else "")
        or row.get_role_display()
    )
    return gettext("Signature of %(who)s") % {"who": who}
