"""The family strengths and needs assessment as the case plan reads it: the priority needs
(domains rated C or D, D first) each answered by a well-being goal or a step of the plan, or
set aside for this version with a reason; and the strengths (rated A) to build on, each
linkable to a goal or step too. The assessment read is the family's last one submitted
before the plan was (or now, while the plan can change). Queries: 2 (1 when there is no
submitted assessment), whatever the number of needs."""

from dataclasses import dataclass

from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from safety_networks.fsna_models import DomainRating, FsnaStatus, Rating, StrengthsAndNeedsAssessment

from .models import CasePlan, PlanNeed


@dataclass
class NeedRow:
    """One rated domain of one person, and how the plan answers it."""

    rating: DomainRating
    name: str  # the domain in the tool's words
    link: PlanNeed | None
    answer: object = None  # the plan's WellBeingGoal or CasePlanStep that answers it, if still in the plan

    @property
    def person(self):
        return self.rating.person

    @property
    def is_need(self) -> bool:
        return self.rating.rating in (Rating.C, Rating.D)

    @property
    def set_aside_reason(self) -> str:
        return self.link.set_aside_reason if self.link else ""

    @property
    def answered(self) -> bool:
        return self.answer is not None or bool(self.set_aside_reason)

    @property
    def label(self) -> str:
        """“Daniel Okafor: Relationships at home (D)”."""
        return _("%(person)s: %(domain)s (%(rating)s)") % {
            "person": self.person.full_name,
            "domain": self.name,
            "rating": self.rating.rating,
        }

    @property
    def answer_is_step(self) -> bool:
        return self.answer is not None and hasattr(self.answer, "progress_shown_by")


def _assessment_read_by(plan: CasePlan):
    """The family's last submitted assessment the plan reads (a subquery)."""
    until = timezone.now() if plan.can_change or plan.submitted_at is None else plan.submitted_at
    return Subquery(
        StrengthsAndNeedsAssessment.objects.filter(
            family_id=plan.family_id,
            status=FsnaStatus.SUBMITTED,
            submitted_at__lte=until,
        )
        .order_by("-assessed_on", "-id")
        .values("pk")[:1]
    )


def needs_of(plan: CasePlan, *, steps, well_being) -> tuple[list[NeedRow], list[NeedRow]]:
    """(the priority needs, D first; the strengths), each a NeedRow. `steps` and
    `well_being` are the plan's steps still in it and its well-being goals, already loaded."""
    ratings = list(
        DomainRating.objects.filter(
            assessment_id=_assessment_read_by(plan), rating__in=[Rating.A, Rating.C, Rating.D]
        ).select_related("assessment__instrument", "caregiver", "child")
    )
    if not ratings:
        return [], []
    links = {link.rating_id: link for link in PlanNeed.objects.filter(plan=plan)}
    steps_by_pk = {s.pk: s for s in steps}
    goals_by_pk = {g.pk: g for g in well_being}
    rows = []
    for rating in ratings:
        link = links.get(rating.pk)
        answer = None
        if link is not None:
            answer = goals_by_pk.get(link.well_being_goal_id) or steps_by_pk.get(link.step_id)
        domain = rating.assessment.instrument.domain(rating.side, rating.domain)
        rows.append(NeedRow(rating=rating, name=domain["name"], link=link, answer=answer))
    order = {Rating.D: 0, Rating.C: 1, Rating.A: 2}

    def key(row):
        r = row.rating
        return (order[r.rating], r.side != "caregiver", r.caregiver_id or r.child_id, r.position)

    rows.sort(key=key)
    return [r for r in rows if r.is_need], [r for r in rows if not r.is_need]


def answers_by_record(needs: list[NeedRow], strengths: list[NeedRow]) -> dict:
    """{("wellbeing"|"step", pk): [the needs and strengths it answers]} for the link table,
    the goal lists and the PDF."""
    by = {}
    for row in [*needs, *strengths]:
        if row.answer is not None:
            by.setdefault(("step" if row.answer_is_step else "wellbeing", row.answer.pk), []).append(row)
    return by
