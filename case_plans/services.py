"""Every write to a case plan: start a version, change it and its steps, submit, decide.
(Its PDF is asked for from documents.services.document_request, kind "case_plan".)"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_family
from families.services import require_open_record, supervises
from families.versioning import claim_version
from notifications.models import Kind
from notifications.receivers import email_plan_returned
from notifications.services import notify, supervisors_of
from protective_factors.models import WellBeingGoal
from safety_networks.models import SafetyGoal

from .deadlines import six_months_after
from .models import (
    CasePlan,
    CasePlanStep,
    PlanNeed,
    PlanSafetyGoal,
    PlanStatus,
    PlanWellBeingGoal,
)
from .needs import needs_of

# --- Case plans ------------------------------------------------------------------------

PLAN_FIELDS = ["services", "visit_frequency", "review_on", "safety_goals", "well_being_goals"]
STEP_FIELDS = ["what", "who", "by_when", "progress_shown_by", "safety_goal", "well_being_goal"]
# What a step carried into a new version keeps (the goals by id: no query per step).
CARRIED = [
    "what",
    "who",
    "by_when",
    "progress_shown_by",
    "safety_goal_id",
    "well_being_goal_id",
    "from_action_item_id",
]


def _lock_changeable(plan: CasePlan, *, claim: bool = False, expected_version=None, fields=()) -> CasePlan:
    """Lock the plan and refuse unless it is a draft (or returned). With `claim`, this change
    was made on the plan as loaded (`plan`, or the page's `expected_version`): refused if
    someone saved the plan since; the plan then moves to its next version."""
    locked = CasePlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.can_change:
        raise ValidationError(
            _(
                "Version %(number)s is %(status)s and can no longer change. "
                "Start a new version to change the plan."
            )
            % {"number": locked.number, "status": locked.get_status_display().lower()}
        )
    if claim:
        claim_version(plan, expected=expected_version, fields=list(fields))
        locked.version = plan.version
    return locked


@transaction.atomic
def case_plan_start(*, family, by) -> CasePlan:
    """A new draft version with the family's active safety goals and open well-being goals.
    The version in force lends it its services, visits and the steps still in it (for the
    goals still in the new version)."""
    require_open_record(family)
    if CasePlan.objects.filter(family=family, status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED]).exists():
        raise ValidationError(_("A draft of the case plan is open already: finish that one."))
    if CasePlan.objects.filter(family=family, status=PlanStatus.SUBMITTED).exists():
        raise ValidationError(_("A version is waiting for the supervisor."))
    number = (
        CasePlan.objects.filter(family=family).order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    active = CasePlan.objects.filter(family=family, status=PlanStatus.ACTIVE).first()
    plan = CasePlan.objects.create(
        family=family,
        number=number,
        recorded_by=by,
        services=active.services if active else "",
        visit_frequency=active.visit_frequency if active else "",
        review_on=six_months_after(timezone.localdate()),
    )
    _set_goals(
        plan,
        list(SafetyGoal.objects.filter(family=family, status="active").order_by("id")),
        list(WellBeingGoal.objects.filter(family=family, status="open").order_by("factor__position", "id")),
    )
    if active:
        _carry_steps(active, plan)
        _carry_needs(active, plan, by)
    audit_family(actor=by, action=AuditAction.CREATE, family=family, record=plan)
    return plan


def _carry_steps(previous: CasePlan, plan: CasePlan) -> None:
    """The steps of `previous` still in it, copied into the new draft `plan` for the goals
    the new draft has; each copy remembers the step it was carried from."""
    safety = set(plan.safety_goals.values_list("pk", flat=True))
    well_being = set(plan.well_being_goals.values_list("pk", flat=True))
    CasePlanStep.objects.bulk_create(
        CasePlanStep(
            plan=plan,
            carried_from=step,
            **{name: getattr(step, name) for name in CARRIED},
        )
        for step in CasePlanStep.in_plan.filter(plan=previous).order_by("by_when", "id")
        if step.safety_goal_id in safety or step.well_being_goal_id in well_being
    )


def _carry_needs(previous: CasePlan, plan: CasePlan, by) -> None:
    """The needs and strengths `previous` answered by a goal or a step still in the new
    draft `plan` are answered the same way in it (by the carried copy of the step). A need
    set aside was set aside for that version only: the new one decides again."""
    carried = dict(CasePlanStep.objects.filter(plan=plan).values_list("carried_from_id", "pk"))
    goals = set(plan.well_being_goals.values_list("pk", flat=True))
    PlanNeed.objects.bulk_create(
        PlanNeed(
            plan=plan,
            rating_id=link.rating_id,
            recorded_by=by,
            well_being_goal_id=link.well_being_goal_id if link.well_being_goal_id in goals else None,
            step_id=carried.get(link.step_id),
        )
        for link in PlanNeed.objects.filter(plan=previous).order_by("id")
        if link.well_being_goal_id in goals or link.step_id in carried
    )


@transaction.atomic
def case_plan_update(
    *, plan: CasePlan, by, safety_goals, well_being_goals, expected_version: int | None = None, **fields
) -> CasePlan:
    """Change the draft's goals, services, visits and review date. `expected_version` is the
    plan's version the page was opened from: a save over a newer version is refused."""
    _lock_changeable(plan, claim=True, expected_version=expected_version, fields=PLAN_FIELDS)
    review_on = fields.get("review_on")
    if review_on and review_on > six_months_after(timezone.localdate()):
        raise ValidationError(
            {"review_on": _("A case plan is reviewed at least every six months: choose an earlier date.")}
        )
    if any(g.family_id != plan.family_id for g in [*safety_goals, *well_being_goals]):
        raise ValidationError(_("Choose goals of this family."))
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    _set_goals(plan, safety_goals, well_being_goals)
    audit_family(actor=by, action=AuditAction.UPDATE, family=plan.family, record=plan)
    return plan


def _set_goals(plan: CasePlan, safety_goals, well_being_goals) -> None:
    """The plan's goals: those already in keep their order, new ones come after."""
    for through, field, goals in (
        (PlanSafetyGoal, "safety_goal", safety_goals),
        (PlanWellBeingGoal, "well_being_goal", well_being_goals),
    ):
        getattr(plan, f"{field}s").set(goals)
        links = sorted(through.objects.filter(plan=plan), key=lambda link: (link.position, link.id))
        kept = [link for link in links if link.position]
        new = [link for link in links if not link.position]
        for position, link in enumerate(kept + new, start=1):
            link.position = position
        through.objects.bulk_update(links, ["position"])


@transaction.atomic
def case_plan_move_goal(
    *, plan: CasePlan, by, kind: str, goal_id: int, up: bool, expected_version: int | None = None
) -> CasePlan:
    """Move a goal one place up or down in the plan's order, as the page showing the plan at
    `expected_version` had it."""
    plan = _lock_changeable(plan, claim=True, expected_version=expected_version)
    through, field = (
        (PlanSafetyGoal, "safety_goal_id") if kind == "safety" else (PlanWellBeingGoal, "well_being_goal_id")
    )
    links = list(through.objects.filter(plan=plan).order_by("position", "id"))
    index = next((i for i, link in enumerate(links) if getattr(link, field) == goal_id), None)
    if index is None:
        raise ValidationError(_("That goal is not in this plan."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(links):
        links[index], links[other] = links[other], links[index]
    for position, link in enumerate(links, start=1):
        link.position = position
    through.objects.bulk_update(links, ["position"])
    plan.save(update_fields=["version", "updated_at"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=plan.family, record=plan)
    return plan


def _set_goal_of(step: CasePlanStep, plan: CasePlan, goal) -> None:
    """`goal` (a SafetyGoal or a WellBeingGoal) must be one of the plan's goals."""
    if isinstance(goal, SafetyGoal) and plan.safety_goals.filter(pk=goal.pk).exists():
        step.safety_goal, step.well_being_goal = goal, None
    elif isinstance(goal, WellBeingGoal) and plan.well_being_goals.filter(pk=goal.pk).exists():
        step.safety_goal, step.well_being_goal = None, goal
    else:
        raise ValidationError({"goal": _("Choose one of the plan's goals.")})


@transaction.atomic
def case_plan_step_add(*, plan: CasePlan, by, goal, **fields) -> CasePlanStep:
    """A step toward one of the plan's goals (`goal` is a SafetyGoal or a WellBeingGoal)."""
    plan = _lock_changeable(plan)
    step = CasePlanStep(plan=plan, **fields)
    _set_goal_of(step, plan, goal)
    step.full_clean()
    step.save()
    audit_family(actor=by, action=AuditAction.CREATE, family=plan.family, record=step)
    return step


def _changeable_step(step: CasePlanStep) -> CasePlan:
    plan = _lock_changeable(step.plan)
    if step.withdrawn_at is not None:
        raise ValidationError(_("This step was taken out of the plan."))
    return plan


@transaction.atomic
def case_plan_step_update(
    *, step: CasePlanStep, by, goal, expected_version: int | None = None, **fields
) -> CasePlanStep:
    """Change a step of a draft plan, as the page showing it at `expected_version` had it."""
    plan = _changeable_step(step)
    claim_version(step, expected=expected_version, fields=STEP_FIELDS)
    for name, value in fields.items():
        setattr(step, name, value)
    _set_goal_of(step, plan, goal)
    step.full_clean()
    step.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=plan.family, record=step)
    return step


@transaction.atomic
def case_plan_step_withdraw(
    *, step: CasePlanStep, by, reason: str = "", expected_version: int | None = None
) -> CasePlanStep:
    """Take a step out of a draft plan. It is not deleted: it stays on the record, marked
    with who took it out, when and why, and no longer shows in the plan or its PDF."""
    plan = _changeable_step(step)
    claim_version(step, expected=expected_version, fields=STEP_FIELDS)
    step.withdrawn_at, step.withdrawn_by, step.withdrawn_reason = timezone.now(), by, reason.strip()
    step.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "version"])
    audit_family(actor=by, action=AuditAction.UPDATE, family=plan.family, record=step)
    return step


@transaction.atomic
def case_plan_pull_action_items(*, plan: CasePlan, by, goal, items) -> list[CasePlanStep]:
    """Meeting action items become steps of the plan. How progress will be shown is left
    blank: the plan asks for it before it can be submitted."""
    return [
        case_plan_step_add(
            plan=plan,
            by=by,
            goal=goal,
            what=item.what,
            who=item.who,
            by_when=item.due_on,
            progress_shown_by="",
            from_action_item=item,
        )
        for item in items
        if item.family_id == plan.family_id
    ]


@transaction.atomic
def case_plan_submit(*, plan: CasePlan, by) -> CasePlan:
    plan = _lock_changeable(plan)
    problems = []
    goals = list(plan.safety_goals.all())
    if not goals:
        problems.append(_("The plan needs at least one safety goal."))
    well_being = set(plan.well_being_goals.values_list("pk", flat=True))
    steps = [  # the steps the plan shows: those of its goals
        step
        for step in CasePlanStep.in_plan.filter(plan=plan).order_by("by_when", "id")
        if step.safety_goal_id in {g.pk for g in goals} or step.well_being_goal_id in well_being
    ]
    with_steps = {step.safety_goal_id for step in steps if step.safety_goal_id}
    problems += [
        _("Add a step for the safety goal “%(goal)s”.") % {"goal": g.caregivers_will[:60]}
        for g in goals
        if g.pk not in with_steps
    ]
    problems += [
        _("Say how progress will be shown for the step “%(step)s”.")
        % {"step": f"{step.who}: {step.what[:60]}"}
        for step in steps
        if not step.progress_shown_by.strip()
    ]
    if plan.review_on is None or plan.review_on > six_months_after(timezone.localdate()):
        problems.append(_("Set a review date no more than six months out."))
    # Every priority need of the family's strengths and needs assessment is answered by a
    # goal or a step of the plan, or set aside with a reason (DOMAIN.md: they feed the plan).
    needs, _strengths = needs_of(plan, steps=steps, well_being=list(plan.well_being_goals.all()))
    problems += [
        _(
            "Answer the priority need “%(need)s” with a well-being goal or a step, "
            "or set it aside for this plan with a reason."
        )
        % {"need": need.label}
        for need in needs
        if not need.answered
    ]
    if problems:
        raise ValidationError(problems)
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    plan.version += 1
    plan.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=plan.family, record=plan)
    notify(
        recipients=supervisors_of(plan.family),
        kind=Kind.PLAN_SUBMITTED,
        family=plan.family,
        actor=by,
        link=_plan_link(plan),
    )
    return plan


NEED_FIELDS = ["well_being_goal", "step", "set_aside_reason"]


def _offered(plan: CasePlan, rating):
    """The need or strength of `rating` as the plan offers it (case_plans.needs); refused if
    the plan does not offer it (another family's, an older assessment, a B)."""
    steps = list(CasePlanStep.in_plan.filter(plan=plan))
    needs, strengths = needs_of(plan, steps=steps, well_being=list(plan.well_being_goals.all()))
    row = next((row for row in [*needs, *strengths] if row.rating.pk == rating.pk), None)
    if row is None:
        raise ValidationError(
            _("This is not a need or a strength of the family’s latest strengths and needs assessment.")
        )
    return row


@transaction.atomic
def case_plan_need_answer(
    *,
    plan: CasePlan,
    by,
    rating,
    answer=None,
    set_aside_reason: str = "",
    expected_version: int | None = None,
) -> PlanNeed:
    """Say how the draft plan answers a priority need (or builds on a strength) of the
    family's strengths and needs assessment: `answer` is one of the plan's well-being goals
    or steps; None sets a need aside for this plan, with the reason. `expected_version` is
    the version of the answer the page was opened on (None: it had none yet); an answer
    saved by someone else since is not saved over."""
    plan = _lock_changeable(plan)
    row = _offered(plan, rating)
    link = PlanNeed.objects.select_for_update().filter(plan=plan, rating=rating).first()
    if link is None:
        link = PlanNeed(plan=plan, rating=rating, recorded_by=by)
    else:  # answered since a page that showed no answer was opened: theirs is shown, not lost
        claim_version(link, expected=0 if expected_version is None else expected_version, fields=NEED_FIELDS)
    link.well_being_goal, link.step, link.set_aside_reason = None, None, ""
    if answer is None:
        if not row.is_need:
            raise ValidationError({"answer": _("Choose the goal or the step that builds on this strength.")})
        if not set_aside_reason.strip():
            raise ValidationError({"set_aside_reason": _("Say why this need is set aside for this plan.")})
        link.set_aside_reason = set_aside_reason.strip()
    elif isinstance(answer, WellBeingGoal) and plan.well_being_goals.filter(pk=answer.pk).exists():
        link.well_being_goal = answer
    elif isinstance(answer, CasePlanStep) and answer.plan_id == plan.pk and answer.withdrawn_at is None:
        link.step = answer
    else:
        raise ValidationError({"answer": _("Choose one of the plan’s well-being goals or steps.")})
    link.full_clean()
    link.save()
    audit_family(
        actor=by,
        action=AuditAction.UPDATE if link.version > 1 else AuditAction.CREATE,
        family=plan.family,
        record=link,
    )
    return link


@transaction.atomic
def case_plan_step_add_for_need(*, plan: CasePlan, by, rating, goal, **fields) -> CasePlanStep:
    """A new step that answers a need (or builds on a strength): the step is added and the
    need says it is answered by it, in one go."""
    step = case_plan_step_add(plan=plan, by=by, goal=goal, **fields)
    current = PlanNeed.objects.filter(plan=plan, rating=rating).values_list("version", flat=True).first()
    case_plan_need_answer(plan=plan, by=by, rating=rating, answer=step, expected_version=current)
    return step


@transaction.atomic
def case_plan_goal_add_for_need(*, plan: CasePlan, by, rating, **fields):
    """A new well-being goal that answers a need (or builds on a strength): the goal is
    recorded for the family, put in the plan, and the need says it is answered by it."""
    from protective_factors.services import well_being_goal_save

    _lock_changeable(plan)
    goal = well_being_goal_save(family=plan.family, by=by, **fields)
    PlanWellBeingGoal.objects.create(
        plan=plan, well_being_goal=goal, position=PlanWellBeingGoal.objects.filter(plan=plan).count() + 1
    )
    current = PlanNeed.objects.filter(plan=plan, rating=rating).values_list("version", flat=True).first()
    case_plan_need_answer(plan=plan, by=by, rating=rating, answer=goal, expected_version=current)
    return goal


def _plan_link(plan: CasePlan) -> str:
    return reverse("case_plans:plan", args=[plan.family.public_id, plan.pk])


@transaction.atomic
def case_plan_decide(*, plan: CasePlan, by, approve: bool, comment: str) -> CasePlan:
    """The supervisor of the caseworker's unit approves the plan (it is then in force and the
    version before is superseded) or returns it for changes, with a comment."""
    plan = (
        CasePlan.objects.select_for_update(of=("self",))
        .select_related("family__assigned_caseworker")
        .get(pk=plan.pk)
    )
    if not supervises(by, plan.family):
        raise PermissionDenied(_("Only the supervisor of the caseworker's unit approves the case plan."))
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("This version is not waiting for a decision."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    now = timezone.now()
    if approve:
        CasePlan.objects.filter(family=plan.family, status=PlanStatus.ACTIVE).update(
            status=PlanStatus.SUPERSEDED, version=F("version") + 1
        )
    plan.status = PlanStatus.ACTIVE if approve else PlanStatus.RETURNED
    plan.decided_by, plan.decided_at, plan.decision_comment = by, now, comment.strip()
    plan.version += 1
    plan.save()
    audit_family(actor=by, action=AuditAction.UPDATE, family=plan.family, record=plan)
    # The caseworker who carries the family, who submitted the plan and revises it if returned.
    notify(
        recipients=[plan.family.assigned_caseworker],
        kind=Kind.PLAN_APPROVED if approve else Kind.PLAN_RETURNED,
        family=plan.family,
        actor=by,
        link=_plan_link(plan),
    )
    if not approve:
        email_plan_returned(plan)  # the one decision that cannot wait for the morning's digest
    return plan


def case_plan_waiting(family) -> str:
    """Closing check (families.extensions): a case plan submitted and not yet decided."""
    if CasePlan.objects.filter(family=family, status=PlanStatus.SUBMITTED).exists():
        return _("A case plan is waiting for the supervisor's approval.")
    return ""
