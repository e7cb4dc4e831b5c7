"""Every write to a family's safety work: validated, versioned, audited, in a transaction.

Nothing is deleted: entries and statements are withdrawn, plans superseded, network
members leave.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family
from families.models import Family
from families.services import require_open_record, supervises
from families.versioning import claim_version
from notifications.models import Kind
from notifications.receivers import email_override_returned
from notifications.services import notify, supervisors_of

from .models import (
    DangerStatement,
    EntryStatus,
    HarmStatement,
    MapEntry,
    NetworkMember,
    OverrideStatus,
    PlanStatus,
    RiskAssessment,
    SafetyAssessment,
    SafetyDecision,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanRule,
    ScalingGiver,
    ScalingScore,
    ThreeHouses,
)

PLAN_CHILD_MIN_AGE = 12


def _save(record, *, family: Family, by, fields: Mapping, expected_version: int | None = None, m2m=None):
    """Validate and save a record of the family's safety work, with its many-to-many fields."""
    require_open_record(family)
    is_new = record.pk is None
    claim_version(record, expected=expected_version, fields=[*fields, *(m2m or {})])
    for name, value in fields.items():
        setattr(record, name, value)
    record.family = family
    if is_new:
        record.recorded_by = by
    record.full_clean()
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    audit_family(
        actor=by, action=AuditAction.CREATE if is_new else AuditAction.UPDATE, family=family, record=record
    )
    return record


def _of_family(family: Family, people: Iterable, message: str, field: str) -> None:
    """`message` (“Choose a child of this family.”) on `field` if someone is of another family."""
    if any(person is not None and person.family_id != family.pk for person in people):
        raise ValidationError({field: message})


@transaction.atomic
def map_entry_save(
    *, family: Family, by, existing: MapEntry | None = None, expected_version=None, **fields
) -> MapEntry:
    """Add a complicating factor, strength, existing safety or next step (or change one)."""
    return _save(
        existing or MapEntry(), family=family, by=by, fields=fields, expected_version=expected_version
    )


@transaction.atomic
def harm_statement_save(
    *, family: Family, by, existing: HarmStatement | None = None, expected_version=None, **fields
) -> HarmStatement:
    _of_family(family, [fields.get("child")], _("Choose a child of this family."), "child")
    _of_family(family, [fields.get("caregiver")], _("Choose a caregiver of this family."), "caregiver")
    return _save(
        existing or HarmStatement(), family=family, by=by, fields=fields, expected_version=expected_version
    )


@transaction.atomic
def danger_statement_save(
    *,
    family: Family,
    by,
    statement: DangerStatement | None = None,
    statement_version: int | None = None,
    children: list,
    statement_fields: Mapping,
    goal: SafetyGoal | None = None,
    goal_version: int | None = None,
    factors: list,
    goal_fields: Mapping,
) -> tuple[DangerStatement, SafetyGoal]:
    """A danger statement and its safety goal, saved together: every active danger statement
    has exactly one safety goal (the database refuses a second)."""
    if not children:
        raise ValidationError({"children": _("Say which children the worry is about.")})
    _of_family(family, children, _("Choose children of this family."), "children")
    statement = _save(
        statement or DangerStatement(),
        family=family,
        by=by,
        fields=statement_fields,
        expected_version=statement_version,
        m2m={"children": children},
    )
    goal = goal or SafetyGoal(danger_statement=statement)
    if goal.danger_statement_id != statement.pk:
        raise ValidationError(_("This safety goal belongs to another danger statement."))
    goal = _save(
        goal,
        family=family,
        by=by,
        fields=goal_fields,
        expected_version=goal_version,
        m2m={"protective_factors": factors},
    )
    return statement, goal


@transaction.atomic
def withdraw(*, record, by, withdrawn_on: date, withdrawn_reason: str, expected_version: int | None = None):
    """Withdraw a map entry or a statement, with the reason; it stays readable as withdrawn.
    Withdrawing a danger statement withdraws its safety goal with it. `expected_version`: the
    record's version the page was opened from."""
    require_open_record(record.family)
    if not record.is_active:
        raise ValidationError(_("This is already withdrawn."))
    reason = withdrawn_reason.strip()
    if not reason:
        raise ValidationError({"withdrawn_reason": _("Say why it is withdrawn.")})
    if withdrawn_on > date.today():
        raise ValidationError({"withdrawn_on": _("The date can't be in the future.")})
    claim_version(record, expected=expected_version, fields=["status"])
    record.status, record.withdrawn_on, record.withdrawn_reason = (
        EntryStatus.WITHDRAWN,
        withdrawn_on,
        reason.strip(),
    )
    record.save()
    if isinstance(record, DangerStatement):
        for goal in record.goals.filter(status=EntryStatus.ACTIVE):
            withdraw(
                record=goal,
                by=by,
                withdrawn_on=withdrawn_on,
                withdrawn_reason=f"Its danger statement was withdrawn: {reason}",
            )
    audit_family(actor=by, action=AuditAction.UPDATE, family=record.family, record=record)
    return record


SCALING_LINKS = ("caregiver", "child", "network_member", "staff")


def _scaling_giver(family: Family, fields: Mapping) -> dict:
    """The kind and the name of the person a number is linked to (a caregiver or a child of
    the family, a member of its safety network, a caseworker or a supervisor)."""
    linked = [(kind, fields[kind]) for kind in SCALING_LINKS if fields.get(kind) is not None]
    if not linked:
        return {}
    if len(linked) > 1:
        raise ValidationError(_("A scaling number is given by one person."))
    kind, person = linked[0]
    if kind == "staff":
        if person.role not in (ScalingGiver.CASEWORKER, ScalingGiver.SUPERVISOR):
            raise ValidationError(_("Only a caseworker or a supervisor gives a number as staff."))
        return {"given_by": person.role, "name": person.get_full_name() or person.username}
    if person.family_id != family.pk:
        raise ValidationError(_("Choose someone of this family or its safety network."))
    if kind == "network_member":
        return {"given_by": ScalingGiver.NETWORK_MEMBER, "name": person.name}
    return {"given_by": kind, "name": person.full_name}


@transaction.atomic
def scaling_record(*, family: Family, by, **fields) -> ScalingScore:
    """Record one person's scaling number (0 to 10). A number linked to the person who gave
    it (`caregiver`, `child`, `network_member` or `staff`) takes its kind and name from them;
    anyone else is `given_by` "other" with their `name`."""
    return _save(ScalingScore(), family=family, by=by, fields={**fields, **_scaling_giver(family, fields)})


@transaction.atomic
def scaling_round_record(
    *, family: Family, by, scored_on: date, occasion: str = "", numbers: list[Mapping]
) -> list[ScalingScore]:
    """A round: the numbers given by everyone present at a visit or a meeting, on one date
    and occasion. Each is one scaling number (as scaling_record records it); all of them are
    saved, or none."""
    if not numbers:
        raise ValidationError(_("Enter at least one number."))
    saved = []
    for number in numbers:
        try:
            saved.append(
                scaling_record(family=family, by=by, scored_on=scored_on, occasion=occasion, **number)
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and set(error.error_dict) <= {"scored_on", "occasion"}:
                raise  # the round's own fields: the same for everyone
            who = number.get("name") or next((str(number[k]) for k in SCALING_LINKS if number.get(k)), "")
            raise ValidationError(
                [_("%(who)s: %(message)s") % {"who": who, "message": message} for message in error.messages]
            ) from error
    return saved


@transaction.atomic
def network_member_save(
    *, family: Family, by, existing: NetworkMember | None = None, expected_version=None, **fields
) -> NetworkMember:
    return _save(
        existing or NetworkMember(), family=family, by=by, fields=fields, expected_version=expected_version
    )


@transaction.atomic
def network_member_leave(
    *, member: NetworkMember, by, left_on: date, expected_version: int | None = None
) -> NetworkMember:
    """Someone leaves the network: kept on the record with the date."""
    if left_on > date.today():
        raise ValidationError({"left_on": _("The date can't be in the future.")})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("The date can't be before they joined.")})
    return _save(
        member, family=member.family, by=by, fields={"left_on": left_on}, expected_version=expected_version
    )


# --- The safety plan -------------------------------------------------------------------


@transaction.atomic
def safety_plan_start(*, family: Family, by) -> SafetyPlan:
    """A new draft version. It starts from the active plan (its rules and text), if any."""
    require_open_record(family)
    if SafetyPlan.objects.filter(family=family, status=PlanStatus.DRAFT).exists():
        raise ValidationError(_("There is already a draft of the safety plan: finish or change that one."))
    plans = SafetyPlan.objects.filter(family=family)
    current = plans.filter(status=PlanStatus.ACTIVE).prefetch_related("rules__responsible").first()
    number = (plans.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    copied = ("warning_signs", "if_a_rule_is_broken", "backup_plan", "monitoring")
    draft = _save(
        SafetyPlan(number=number),
        family=family,
        by=by,
        fields={name: getattr(current, name) for name in copied} if current else {},
    )
    if current:
        for rule in current.rules.all():
            copy = SafetyPlanRule.objects.create(
                plan=draft, rule=rule.rule, how_it_holds=rule.how_it_holds, position=rule.position
            )
            copy.responsible.set([m for m in rule.responsible.all() if m.is_current])
    return draft


def _require_draft(plan: SafetyPlan) -> None:
    if not plan.is_draft:
        if plan.status == PlanStatus.ACTIVE:
            message = _(
                "Version %(number)s is active and can no longer change. "
                "Start a new version to change the plan."
            )
        else:
            message = _(
                "Version %(number)s is superseded and can no longer change. "
                "Start a new version to change the plan."
            )
        raise ValidationError(message % {"number": plan.number})


@transaction.atomic
def safety_plan_update(
    *, plan: SafetyPlan, by, expected_version=None, participants: Mapping[str, list], **fields
) -> SafetyPlan:
    _require_draft(plan)
    too_young = [
        c
        for c in participants.get("children_took_part", [])
        if c.age is not None and c.age < PLAN_CHILD_MIN_AGE
    ]
    if too_young:
        raise ValidationError(
            {
                "children_took_part": _("Children take part in their plan from age %(age)d.")
                % {"age": PLAN_CHILD_MIN_AGE}
            }
        )
    for name, people in participants.items():
        _of_family(plan.family, people, _("Choose people of this family."), name)
    return _save(
        plan, family=plan.family, by=by, fields=fields, expected_version=expected_version, m2m=participants
    )


@transaction.atomic
def safety_plan_rule_save(
    *,
    plan: SafetyPlan,
    by,
    existing: SafetyPlanRule | None = None,
    expected_version=None,
    responsible: list,
    **fields,
) -> SafetyPlanRule:
    """A rule of a draft plan (a new one, or `existing` changed), naming the network members
    who make sure it holds."""
    _require_draft(plan)
    require_open_record(plan.family)
    _of_family(plan.family, responsible, _("Choose network members of this family."), "responsible")
    is_new = existing is None
    rule = existing or SafetyPlanRule(plan=plan, position=plan.rules.count())
    claim_version(rule, expected=expected_version, fields=[*fields, "responsible"])
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    rule.responsible.set(responsible)
    audit_family(
        actor=by, action=AuditAction.CREATE if is_new else AuditAction.UPDATE, family=plan.family, record=rule
    )
    return rule


@transaction.atomic
def safety_plan_activate(*, plan: SafetyPlan, by, on: date | None = None) -> SafetyPlan:
    """The draft becomes the plan in force; the plan it replaces is superseded and kept."""
    claim_version(plan, expected=None, fields=[])
    _require_draft(plan)
    require_open_record(plan.family)
    rules = list(plan.rules.prefetch_related("responsible"))
    if not rules:
        raise ValidationError(_("A safety plan needs at least one rule before it is active."))
    without = [rule for rule in rules if not rule.responsible.all()]
    if without:
        raise ValidationError(
            _("Each rule must name who makes sure it holds. Missing for: “%(rule)s”.")
            % {"rule": without[0].rule[:80]}
        )
    on = on or timezone.localdate()
    for previous in SafetyPlan.objects.select_for_update().filter(
        family=plan.family, status=PlanStatus.ACTIVE
    ):
        previous.status, previous.superseded_on = PlanStatus.SUPERSEDED, on
        previous.version += 1
        previous.save()
    plan.status, plan.activated_on, plan.activated_by = PlanStatus.ACTIVE, on, by
    plan.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=plan.family, record=plan)
    return plan


# --- Structured Decision Making ---------------------------------------------------------


@transaction.atomic
def safety_assessment_record(*, family: Family, by, threats: list, **fields) -> SafetyAssessment:
    """Record a safety assessment. A decision other than safe needs an active safety plan or
    a recorded placement."""
    decision = fields.get("decision")
    if decision != SafetyDecision.SAFE:
        has_plan = SafetyPlan.objects.filter(family=family, status=PlanStatus.ACTIVE).exists()
        if not has_plan and not fields.get("placement_made"):
            raise ValidationError(
                {
                    "decision": _(
                        "“%(decision)s” needs an active safety plan or a recorded placement. "
                        "Activate the safety plan first, or record the placement below."
                    )
                    % {"decision": SafetyDecision(decision).label}
                }
            )
    return _save(SafetyAssessment(), family=family, by=by, fields=fields, m2m={"threats": threats})


@transaction.atomic
def risk_assessment_record(*, family: Family, by, **fields) -> RiskAssessment:
    """Record a risk assessment. An override (up or down) needs a reason and waits for the
    supervisor's approval; until then the tool's level is in force."""
    override = fields.get("override_level") or ""
    if override:
        if override == fields.get("scored_level"):
            raise ValidationError({"override_level": _("An override must change the level.")})
        if not (fields.get("override_reason") or "").strip():
            raise ValidationError({"override_reason": _("Say why the level is overridden.")})
        fields["override_status"] = OverrideStatus.PENDING
    else:
        fields["override_reason"] = ""
    assessment = _save(RiskAssessment(), family=family, by=by, fields=fields)
    if override:
        notify(
            recipients=supervisors_of(family),
            kind=Kind.OVERRIDE_REQUESTED,
            family=family,
            actor=by,
            link=reverse("supervision:approvals"),
        )
    return assessment


@transaction.atomic
def risk_override_decide(
    *, assessment: RiskAssessment, by, approve: bool, comment: str = ""
) -> RiskAssessment:
    """The supervisor of the caseworker's unit approves the override, or does not (saying why)."""
    if not supervises(by, assessment.family):
        raise PermissionDenied("Only the supervisor of the caseworker's unit decides a risk override.")
    claim_version(assessment, expected=None, fields=[])
    if assessment.override_status != OverrideStatus.PENDING:
        raise ValidationError(_("This override is not waiting for a decision."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the override is not approved.")})
    assessment.override_status = OverrideStatus.APPROVED if approve else OverrideStatus.REJECTED
    assessment.override_decided_by, assessment.override_decided_at = by, timezone.now()
    assessment.override_decision_comment = comment.strip()
    assessment.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=assessment.family, record=assessment)
    notify(
        recipients=[assessment.recorded_by],
        kind=Kind.OVERRIDE_APPROVED if approve else Kind.OVERRIDE_REJECTED,
        family=assessment.family,
        actor=by,
        link=reverse("safety_networks:decisions", args=[assessment.family.public_id]),
    )
    if not approve:
        email_override_returned(assessment)  # cannot wait for the morning's digest
    return assessment


@transaction.atomic
def three_houses_save(
    *, family: Family, by, existing: ThreeHouses | None = None, expected_version=None, **fields
):
    """The child's Three Houses, in the child's own words."""
    _of_family(family, [fields.get("child")], _("Choose a child of this family."), "child")
    return _save(
        existing or ThreeHouses(), family=family, by=by, fields=fields, expected_version=expected_version
    )


def risk_override_waiting(family: Family) -> str:
    """Closing check (families.extensions): a risk override the supervisor has not decided."""
    if RiskAssessment.objects.filter(family=family, override_status=OverrideStatus.PENDING).exists():
        return _("A risk override is waiting for the supervisor.")
    return ""
