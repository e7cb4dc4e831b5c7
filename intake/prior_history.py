"""A person's prior referrals and findings in other families, for the overview's prior
history (families/extensions.py `register_prior_history`).

Of a family the user may not open only case number, date, status and unit are read: no
name, no narrative, never the reporter; the screening decision and the findings (`detail`)
are kept only when the user may open that family."""

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from families.extensions import PriorInvolvement
from families.models import Family, FamilyStatus

from .models import Allegation, Finding, ScreeningDecision


def prior_referrals(*, person_ids, user, family) -> dict[int, list[PriorInvolvement]]:
    """{person_id: [PriorInvolvement, …]}: each referral of another family than `family` in
    which the person was a child named in an allegation or the alleged person responsible,
    newest first. Queries: 1 (none without people)."""
    if not person_ids:
        return {}
    # One query, the union of two simple ones: the allegations naming one of the people as the
    # child, and those naming one as the alleged caregiver. Each is an index lookup from the
    # person; one filter with an OR across the two joined tables made PostgreSQL scan every
    # child, caregiver and allegation of the agency (355 ms at 200,000 families,
    # bench/output/explain/overview.txt).
    visible = Exists(Family.objects.visible_to(user).filter(pk=OuterRef("referral__family_id")))
    # Only what may be shown: no name, no narrative, nothing of the reporter.
    fields = (
        "child__person_id",
        "alleged_caregiver__person_id",
        "referral_id",
        "referral__received_at",
        "referral__screening",
        "finding",
        "referral__family__case_number",
        "referral__family__public_id",
        "referral__family__status",
        "referral__family__assigned_caseworker__unit__name",
        "visible",
        "id",
    )
    # order_by(): no ordering inside the union's parts (SQLite refuses it); the union is ordered.
    others = Allegation.objects.exclude(referral__family=family).annotate(visible=visible).order_by()
    as_child = others.filter(child__person_id__in=person_ids).values_list(*fields)
    as_caregiver = others.filter(alleged_caregiver__person_id__in=person_ids).values_list(*fields)
    rows = as_child.union(as_caregiver).order_by("-referral__received_at", "referral_id", "id")
    wanted = set(person_ids)
    referrals = {}  # (person_id, referral_id) -> [facts, findings], in order
    for child, caregiver, referral_id, received, screening, finding, *family_facts, visible, _id in rows:
        for person_id in {child, caregiver} & wanted:
            _facts, findings = referrals.setdefault(
                (person_id, referral_id), ((received, screening, *family_facts, visible), [])
            )
            if finding and finding not in findings:
                findings.append(finding)
    found = defaultdict(list)
    for (person_id, _referral), (facts, findings) in referrals.items():
        received, screening, case_number, public_id, status, unit, visible = facts
        found[person_id].append(
            PriorInvolvement(
                kind=pgettext("prior involvement", "Referral"),
                case_number=case_number,
                family_public_id=public_id,
                status=FamilyStatus(status).label,
                started_on=timezone.localdate(received),
                ended_on=None,
                unit=unit or "",
                visible=visible,
                detail=_detail(screening, findings) if visible else "",
            )
        )
    return found


def _detail(screening: str, findings: list[str]) -> str:
    """The screening decision and the findings about this person: "Screened in · Substantiated"."""
    parts = [ScreeningDecision(screening).label if screening else _("Not screened yet")]
    parts += [str(Finding(finding).label) for finding in findings]
    return " · ".join(str(part) for part in parts)
