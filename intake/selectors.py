"""Reads of intake, each with its own joins. None of them touches Reporter: the reporter's
identity is read only through intake.access.reporter_shown."""

from django.db.models import Count, Prefetch, QuerySet

from families.models import Family

from .models import Allegation, Referral


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


def overview_summary(*, family, user) -> dict:
    """The intake panel of the family overview. Queries: two (referrals, allegations)."""
    referrals = list(referrals_of_family(family))
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
