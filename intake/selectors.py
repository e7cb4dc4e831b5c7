"""Reads of intake, each with its own joins. None of them touches Reporter: the reporter's
identity is read only through intake.access.reporter_shown."""

from operator import attrgetter

from django.db.models import Count, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from families.extensions import PrioritySetBy
from families.family_row import AllRecords
from families.models import Family

from .models import Allegation, Referral, ScreeningDecision


def _allegations() -> Prefetch:
    return Prefetch(
        "allegations",
        queryset=Allegation.objects.select_related("child", "alleged_caregiver", "found_by"),
    )


def referrals_of_family(family: Family) -> QuerySet[Referral]:
    """The family's referrals, newest first, each with its allegations. Queries: two."""
    return (
        Referral.objects.filter(family=family)
        .select_related("screened_by", "findings_by")
        .prefetch_related(_allegations())
    )


def referral_of_family(family: Family, pk: int) -> Referral:
    """One referral of a family reached through the access rule (Http404 otherwise)."""
    from django.shortcuts import get_object_or_404

    referral = get_object_or_404(referrals_of_family(family), pk=pk)
    referral.family = family  # the scoped row, with its caseworker
    return referral


REFERRALS = AllRecords(
    "intake_referrals",
    Referral.objects.filter(family=OuterRef("pk")),
    ("id", "received_at", "channel", "screening", "response_time", "findings_on"),  # what the panel reads
)
ALLEGATIONS = AllRecords(
    "intake_allegations",
    Allegation.objects.filter(family=OuterRef("pk")),
    ("id", "referral_id", "kind", "finding", "child__first_name", "child__preferred_name"),
)


def with_intake_panel(families: QuerySet) -> QuerySet:
    """The overview panel's referrals and allegations, on the family row (two subqueries)."""
    return families.annotate(**REFERRALS.annotations(), **ALLEGATIONS.annotations())


def overview_summary(*, family, user) -> dict:
    """The intake panel of the family overview, for a row annotated by with_intake_panel:
    the referrals newest first, each with its allegations. Queries: none. (Never the
    reporter: the panel shows no identity.)"""
    by_referral: dict[int, list] = {}
    for allegation in sorted(ALLEGATIONS.of(family), key=attrgetter("id")):
        by_referral.setdefault(allegation.referral_id, []).append(allegation)
    referrals = sorted(REFERRALS.of(family), key=attrgetter("received_at", "id"), reverse=True)
    for referral in referrals:
        referral.allegation_rows = by_referral.get(referral.pk, [])
    return {"referrals": referrals}


def referrals_waiting_for_screening(user) -> QuerySet[Referral]:
    """The referrals of the families `user` may see that no one has screened yet, oldest
    first, with their family, caseworker and number of allegations. Queries: one."""
    return (
        Referral.objects.filter(family__in=Family.objects.visible_to(user).values("pk"), screening="")
        .exclude(family__status="closed")
        .select_related("family", "family__assigned_caseworker", "recorded_by")
        .annotate(allegation_count=Count("allegations"))
        .order_by("received_at", "id")
    )


def risk_in_force(family: Family):
    """The latest SDM risk assessment (its `level` is the one in force), shown beside the
    decision to open or close after findings; None when none is recorded. Query: one."""
    from safety_networks.models import RiskAssessment

    return RiskAssessment.objects.filter(family=family).order_by("-assessed_on", "-id").first()


def priority_set_by(family: Family):
    """The screening decision that set the family's response priority: its latest referral
    screened in (families.extensions.priority_set_by). Queries: one."""
    referral = (
        Referral.objects.filter(family=family, screening=ScreeningDecision.SCREENED_IN)
        .order_by("-screened_on", "-pk")
        .only("pk", "screened_on")
        .first()
    )
    if referral is None:
        return None
    return PrioritySetBy(
        url=reverse("intake:referral", args=[family.public_id, referral.pk]),
        label=gettext("the screening decision of %(date)s")
        % {"date": date_format(referral.screened_on, "j M Y")},
    )
