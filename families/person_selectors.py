"""Reads of the person index: prior involvements of a family's people, the match check's
answer, access requests. Each with a fixed number of queries whatever the number of people.

What a user may read of a family they may not open is only what PriorInvolvement holds:
case number, dates, status, unit."""

from collections import defaultdict
from uuid import UUID

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import extensions
from .extensions import PriorInvolvement
from .models import AccessRequest, AccessStatus, Caregiver, Child, Family, Person


def _involvements(person_ids, *, user, exclude_family: Family | None = None) -> dict[int, list]:
    """{person_id: [(member, PriorInvolvement), …]} for every caregiver and child row of these
    people (outside `exclude_family`). Queries: 3 (caregivers, children, which of their
    families the user may open)."""
    members = []
    for model, kind in ((Caregiver, _("Caregiver")), (Child, _("Child"))):
        rows = model.objects.filter(person_id__in=person_ids).select_related(
            "family__assigned_caseworker__unit"
        )
        if exclude_family is not None:
            rows = rows.exclude(family=exclude_family)
        members += [(member, kind) for member in rows] if person_ids else []
    family_ids = {member.family_id for member, _kind in members}
    visible = set(
        Family.objects.visible_to(user).filter(pk__in=family_ids).values_list("pk", flat=True)
        if family_ids
        else []
    )
    found = defaultdict(list)
    for member, kind in members:
        found[member.person_id].append(
            (member, _involvement(member.family, kind, visible=member.family_id in visible))
        )
    for rows in found.values():
        rows.sort(key=lambda row: row[1].started_on, reverse=True)
    return found


def with_prior_families(members: QuerySet) -> QuerySet:
    """Caregivers or children, each with `prior_as_caregiver` and `prior_as_child`: the ids
    of the other families the same person was involved in, read in the same query
    (PostgreSQL arrays; on SQLite, attach_prior_involvements reads them in one query more)."""
    if connection.vendor != "postgresql":
        return members
    from django.contrib.postgres.expressions import ArraySubquery

    def prior(model):
        return ArraySubquery(
            model.objects.filter(person_id=OuterRef("person_id"))
            .exclude(family_id=OuterRef("family_id"))
            .values("family_id")
        )

    return members.annotate(prior_as_caregiver=prior(Caregiver), prior_as_child=prior(Child))


def _prior_family_ids(family: Family, people: list) -> None:
    """For rows not read through with_prior_families (SQLite): one query."""
    ids = {member.person_id for member in people if member.person_id}
    found = defaultdict(lambda: ([], []))
    for index, model in enumerate((Caregiver, Child)):
        for person_id, family_id in (
            model.objects.filter(person_id__in=ids)
            .exclude(family=family)
            .values_list("person_id", "family_id")
        ):
            found[person_id][index].append(family_id)
    for member in people:
        member.prior_as_caregiver, member.prior_as_child = found[member.person_id]


def attach_prior_involvements(family: Family, *, people: list, user) -> None:
    """Gives each caregiver and child of `family` (read with with_prior_families) `prior`:
    their involvements in other families, newest first, with those the apps above add
    (intake's referrals and findings); and `asked`: the families the user already asked
    access to. Queries: none when no one was involved elsewhere; otherwise 1 (those families,
    with whether the user may open each) and 1 if some may not be opened (pending requests);
    plus each registered source's own fixed number when someone was involved elsewhere.
    Never one per person."""
    if people and not hasattr(people[0], "prior_as_caregiver"):
        _prior_family_ids(family, people)
    family_ids = {fid for m in people for fid in (m.prior_as_caregiver or []) + (m.prior_as_child or [])}
    families = {}
    if family_ids:
        rows = Family.objects.filter(pk__in=family_ids).select_related("assigned_caseworker__unit")
        rows = rows.annotate(visible=Exists(Family.objects.visible_to(user).filter(pk=OuterRef("pk"))))
        families = {f.pk: f for f in rows}
    # Only people involved in another family can have a history there (a referral names the
    # children and caregivers of its own family), so the sources are asked about them alone:
    # a family whose people are known nowhere else costs them no query.
    person_ids = {
        member.person_id
        for member in people
        if member.person_id and (member.prior_as_caregiver or member.prior_as_child)
    }
    extra = defaultdict(list)
    for source in extensions.prior_history_sources:
        for pid, rows in source(person_ids=person_ids, user=user, family=family).items():
            extra[pid].extend(rows)
    hidden = {f.public_id for f in families.values() if not f.visible}
    asked = set(
        AccessRequest.objects.filter(
            requested_by=user, family__public_id__in=hidden, status=AccessStatus.PENDING
        ).values_list("family__public_id", flat=True)
        if hidden
        else []
    )
    for member in people:
        prior = [
            _involvement(families[fid], kind)
            for ids, kind in (
                (member.prior_as_caregiver, _("Caregiver")),
                (member.prior_as_child, _("Child")),
            )
            for fid in ids or []
            if fid in families
        ]
        prior.sort(key=lambda row: row.started_on, reverse=True)
        member.prior = prior + extra.get(member.person_id, [])
        member.asked = asked


def _involvement(family: Family, kind: str, *, visible: bool | None = None) -> PriorInvolvement:
    """What may be shown of a family where a person was involved: never a name or address."""
    worker = family.assigned_caseworker
    return PriorInvolvement(
        kind=kind,
        case_number=family.case_number,
        family_public_id=family.public_id,
        status=family.get_status_display(),
        started_on=family.referral_date,
        ended_on=family.closed_on,
        unit=worker.unit.name if worker is not None and worker.unit is not None else "",
        visible=family.visible if visible is None else visible,
    )


def match_answers(matches: list[Person], *, user, family: Family) -> list[dict]:
    """What the match check shows of each likely match: for a person with an involvement the
    user may open, their name and date of birth as recorded there; otherwise no name, only
    that prior involvements exist (case number, dates, status, unit). Queries: 3."""
    found = _involvements([p.pk for p in matches], user=user) if matches else {}
    answers = []
    for person in matches:
        rows = found.get(person.pk, [])
        seen = next((m for m, row in rows if row.visible), None)
        answers.append(
            {
                "person": person,
                "choice": str(person.public_id),
                "name": seen.full_name if seen else "",
                "date_of_birth": seen.date_of_birth if seen else None,
                "date_match": person.date_match,
                "involvements": [row for _m, row in rows],
            }
        )
    return answers


def family_sharing_a_person(family: Family, other_public_id: UUID) -> Family | None:
    """The other family, if a caregiver or child of `family` is the same person as one of
    it (the only reason to ask for access to a family one may not open). Queries: 1."""
    people = Q(caregivers__person__in=Caregiver.objects.filter(family=family).values("person")) | Q(
        children__person__in=Child.objects.filter(family=family).values("person")
    )
    people |= Q(caregivers__person__in=Child.objects.filter(family=family).values("person")) | Q(
        children__person__in=Caregiver.objects.filter(family=family).values("person")
    )
    return (
        Family.objects.filter(public_id=other_public_id)
        .exclude(pk=family.pk)
        .filter(people)
        .select_related("assigned_caseworker__unit")
        .distinct()
        .first()
    )


def access_requests_to_decide(user):
    """Pending requests for families the user supervises (or all, for an administrator),
    oldest first; and the recent decisions. Queries: 2."""
    scope = Family.objects.visible_to(user, granted=False)
    rows = AccessRequest.objects.filter(family__in=scope).exclude(requested_by=user)
    rows = rows.select_related(
        "family__assigned_caseworker__unit", "requested_by", "decided_by", "from_family"
    )
    pending = list(rows.filter(status=AccessStatus.PENDING).order_by("requested_at"))
    decided = list(rows.exclude(status=AccessStatus.PENDING).order_by("-decided_at")[:20])
    return pending, decided


def my_access_requests(user):
    """The user's own requests, newest first, with whether each grant is still active."""
    rows = AccessRequest.objects.filter(requested_by=user).select_related("family__assigned_caseworker__unit")
    return list(rows.order_by("-requested_at")[:50]), timezone.now()
