"""What waits on a supervisor's desk in the demo agency: closures asked for (some returned
with a comment) and consultations on the harder cases, with agreed actions (some overdue,
some done)."""

import random
from datetime import date, timedelta

from case_plans.models import CasePlan, PlanStatus
from families.models import (
    Caregiver,
    Child,
    ClosureReason,
    ClosureRequest,
    ClosureStatus,
    Family,
    FamilyStatus,
)
from meetings.models import ActionStatus
from safety_networks.models import OverrideStatus, RiskAssessment
from supervision.models import Consultation, ConsultationAction

from .meetings import at_hour

CONSULTATIONS = (
    (
        "Daniel's drinking at weekends, and no one outside the home has seen the children on a Sunday.",
        "Grandmother visits most days; the children name her as the person they would call.",
        "A network member who checks in on Sundays, and a rule the children can explain.",
    ),
    (
        "The family has moved twice in three months; school attendance is falling.",
        "Mother keeps every appointment and calls when money runs out.",
        "Stable housing, and the school told who to call if a child is absent.",
    ),
    (
        "Two reports of shouting late at night from neighbours; the youngest is hard to see alone.",
        "Father joined the fathers' group and talks openly about his temper.",
        "See the youngest alone every visit; father's plan for when he is angry, written with the network.",
    ),
)
# DOMAIN.md's worked example, ten days after its consultation: the first action is overdue.
OKAFOR_REYES_CONSULTATION = (
    "Daniel is still out of work and the rent is behind: the stress the danger statement is about.",
    "Daniel has called Samuel twice when angry; Lucía checks in with Sofía every evening.",
    "Rental assistance applied for, and an adult the children trust seeing Tomás, who is too young to say.",
)
OKAFOR_REYES_ACTIONS = (
    ("See Sofía on her own at school", 5),
    ("Ask Samuel to come to the next network meeting", 12),
    ("Call the housing advocate about rental assistance", 14),
)
AGREED = (
    ("Ask the grandmother to join the safety network meeting", 7),
    ("Check school attendance with the counsellor", 10),
    ("Visit unannounced on a weekend", 14),
    ("Bring the family's own words into the danger statement", 5),
    ("Call the housing advocate about the waiting list", 21),
)


def seed_supervision(
    *,
    households: list[tuple[Family, list[Caregiver], list[Child]]],
    agency,
    rng: random.Random,
    today: date,
) -> None:
    closures, consultations, staff_rows, actions = [], [], [], []
    without_closure = []  # (family, worker, supervisor) of open families nobody asked to close
    # A family can't be asked to close while a decision waits on it (families.extensions'
    # closing checks): a risk override or a submitted case plan.
    busy = set(
        RiskAssessment.objects.filter(override_status=OverrideStatus.PENDING).values_list(
            "family_id", flat=True
        )
    ) | set(CasePlan.objects.filter(status=PlanStatus.SUBMITTED).values_list("family_id", flat=True))
    for family, _, _ in households:
        if family.status != FamilyStatus.OPEN:
            continue
        worker = family.assigned_caseworker
        supervisor = agency.supervisor_of(worker)
        # DOMAIN.md's worked example is an open case in the middle of its work, the same at
        # every size of agency: no closure asked for, one consultation with actions still open.
        worked_example = family.display_name == "Okafor-Reyes"
        roll = 1.0 if worked_example else rng.random()
        if roll < 0.06 and family.pk not in busy:
            closures.append(_closure_asked(family, worker, rng, today))
        elif roll < 0.08 and supervisor is not None:
            closures.append(_closure_returned(family, worker, supervisor, rng, today))
        elif not worked_example and supervisor is not None and family.pk not in busy:
            without_closure.append((family, worker, supervisor))
        if (worked_example or rng.random() < 0.15) and supervisor is not None:
            worried, working, needs = (
                OKAFOR_REYES_CONSULTATION if worked_example else rng.choice(CONSULTATIONS)
            )
            held = today - timedelta(days=10 if worked_example else rng.randint(3, 60))
            consultation = Consultation(
                family=family,
                held_on=held,
                worried_about=worried,
                working_well=working,
                needs_to_happen=needs,
                others_present=rng.choice(["", "Parent partner", "Public health nurse"]),
                recorded_by=supervisor,
            )
            consultations.append(consultation)
            staff_rows.append((consultation, [worker, supervisor]))
            for what, days in (
                OKAFOR_REYES_ACTIONS if worked_example else rng.sample(AGREED, k=rng.randint(1, 3))
            ):
                due = held + timedelta(days=days)
                done = due < today and not worked_example and rng.random() < 0.6
                actions.append(
                    ConsultationAction(
                        consultation=consultation,
                        family=family,
                        what=what,
                        owner=worker,
                        due_on=due,
                        status=ActionStatus.DONE if done else ActionStatus.OPEN,
                        done_on=due - timedelta(days=1) if done else None,
                    )
                )
    # Whatever the draws gave on this day, the desk shows one closure waiting and one returned.
    for status, make in (
        (ClosureStatus.PENDING, lambda f, w, s: _closure_asked(f, w, rng, today)),
        (ClosureStatus.RETURNED, lambda f, w, s: _closure_returned(f, w, s, rng, today)),
    ):
        if without_closure and not any(c.status == status for c in closures):
            closures.append(make(*without_closure.pop(0)))
    # Each closure is asked for at its own time, so the inbox has an order.
    ClosureRequest.objects.bulk_create(closures, batch_size=2000)
    for request in closures:
        request.requested_at = at_hour(request.closed_on, rng.randint(9, 16))
    ClosureRequest.objects.bulk_update(closures, ["requested_at"], batch_size=2000)
    Consultation.objects.bulk_create(consultations, batch_size=2000)
    Consultation.staff_present.through.objects.bulk_create(
        [
            Consultation.staff_present.through(consultation=c, user=person)
            for c, people in staff_rows
            for person in people
        ],
        batch_size=5000,
    )
    ConsultationAction.objects.bulk_create(actions, batch_size=5000)


def _closure_asked(family: Family, worker, rng: random.Random, today: date) -> ClosureRequest:
    return ClosureRequest(
        family=family,
        closed_on=today - timedelta(days=rng.randint(0, 9)),
        closure_reason=rng.choice([ClosureReason.SAFETY_GOALS_MET, ClosureReason.MOVED]),
        reason="The network has held the safety plan for three months.",
        requested_by=worker,
    )


def _closure_returned(family: Family, worker, supervisor, rng: random.Random, today: date) -> ClosureRequest:
    return ClosureRequest(
        family=family,
        closed_on=today - timedelta(days=12),
        closure_reason=ClosureReason.SAFETY_GOALS_MET,
        reason="Safety goals met.",
        requested_by=worker,
        status=ClosureStatus.RETURNED,
        decided_by=supervisor,
        decided_at=at_hour(today - timedelta(days=rng.randint(1, 10)), 15),
        decision_comment="Not until the children have been seen alone twice more.",
    )
