"""Reads of the family strengths and needs assessment: one assessment with its ratings grouped
by person, each beside the same person's rating of the same domain last time."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from families.models import Family

from .fsna_models import DomainRating, FsnaStatus, StrengthsAndNeedsAssessment


@dataclass
class RatedDomain:
    row: DomainRating
    name: str
    meanings: dict  # rating -> what it means in this tool's words
    before: str = ""  # the same person's rating of this domain last time ("" if none)

    @property
    def meaning(self) -> str:
        return self.meanings.get(self.row.rating, "")

    @property
    def changed(self) -> bool:
        return bool(self.before) and self.before != self.row.rating


@dataclass
class PersonRatings:
    person: object
    side: str
    domains: list[RatedDomain] = field(default_factory=list)


RATINGS = Prefetch(
    "ratings", queryset=DomainRating.objects.select_related("caregiver", "child"), to_attr="rating_rows"
)


def assessments_of(family: Family) -> list[StrengthsAndNeedsAssessment]:
    """Newest first, for the decisions page. Queries: 1."""
    return list(StrengthsAndNeedsAssessment.objects.filter(family=family).select_related("recorded_by"))


def assessment_of(family: Family, pk: int) -> StrengthsAndNeedsAssessment:
    """One assessment with its tool and ratings (DoesNotExist outside the family). Queries: 2."""
    return (
        StrengthsAndNeedsAssessment.objects.filter(family=family)
        .select_related("instrument", "recorded_by")
        .prefetch_related(RATINGS)
        .get(pk=pk)
    )


def previous_of(assessment: StrengthsAndNeedsAssessment) -> StrengthsAndNeedsAssessment | None:
    """The family's last submitted assessment before this one, with its ratings. Queries: 2."""
    earlier = (
        StrengthsAndNeedsAssessment.objects.filter(
            family_id=assessment.family_id, status=FsnaStatus.SUBMITTED
        )
        .exclude(pk=assessment.pk)
        .filter(assessed_on__lte=assessment.assessed_on)
        .order_by("-assessed_on", "-id")
        .prefetch_related(Prefetch("ratings", queryset=DomainRating.objects.all(), to_attr="rating_rows"))
    )
    return earlier.first()


def by_person(
    assessment: StrengthsAndNeedsAssessment, previous: StrengthsAndNeedsAssessment | None = None
) -> list[PersonRatings]:
    """The ratings grouped by caregiver, then child, in the tool's order of domains."""
    before = {}
    if previous is not None:
        before = {(row.person_key, row.domain): row.rating for row in previous.rating_rows}
    people: dict[tuple, PersonRatings] = {}
    for row in sorted(
        assessment.rating_rows, key=lambda r: (r.side != "caregiver", r.person_key[1], r.position)
    ):
        group = people.setdefault(row.person_key, PersonRatings(person=row.person, side=row.side))
        domain = assessment.instrument.domain(row.side, row.domain)
        group.domains.append(
            RatedDomain(
                row=row,
                name=domain["name"],
                meanings=domain["ratings"],
                before=before.get((row.person_key, row.domain), ""),
            )
        )
    return list(people.values())


def priority_needs_and_strengths(groups: list[PersonRatings]) -> tuple[list, list]:
    """(the C and D domains, the A domains), each as (person, rated domain)."""
    needs = [(g.person, d) for g in groups for d in g.domains if d.row.is_priority_need]
    strengths = [(g.person, d) for g in groups for d in g.domains if d.row.is_strength]
    return needs, strengths


def strength_draft(family: Family, query) -> dict | None:
    """The map's first draft of a "working well" strength from a domain rated A in one of the
    family's submitted assessments (`?strength=<rating pk>`): the person, the domain and what
    the rating rests on, for the worker to edit. None when the query names no such rating.
    Queries: 1."""
    pk = query.get("strength", "")
    if not pk.isdigit():
        return None
    row = (
        DomainRating.objects.filter(
            pk=int(pk), rating="A", assessment__family=family, assessment__status=FsnaStatus.SUBMITTED
        )
        .select_related("assessment__instrument", "caregiver", "child")
        .first()
    )
    if row is None:
        return None
    name = row.assessment.instrument.domain(row.side, row.domain)["name"]
    text = _("%(person)s: %(domain)s") % {"person": row.person.full_name, "domain": name}
    if row.note:
        text = _("%(strength)s. %(note)s") % {"strength": text, "note": row.note}
    return {"text": text}
