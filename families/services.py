"""Every write to the case record goes through here."""

from datetime import date

from django.db import transaction

from .models import CaseNumberCounter, Family, FamilyStatus


@transaction.atomic
def case_numbers_allocate(*, year: int, count: int = 1) -> list[str]:
    """Hand out `count` new case numbers for `year` ("2026-00042"); never reused.

    The counter row is locked, so two intakes at the same moment get different numbers."""
    CaseNumberCounter.objects.get_or_create(year=year)
    counter = CaseNumberCounter.objects.select_for_update().get(year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [f"{year}-{n:05d}" for n in range(first, first + count)]


@transaction.atomic
def family_open(
    *,
    display_name: str,
    assigned_caseworker=None,
    referral_date: date | None = None,
    status: FamilyStatus = FamilyStatus.REFERRAL,
    **fields,
) -> Family:
    """Record a new family (a referral, usually) with a new case number."""
    referral_date = referral_date or date.today()
    (case_number,) = case_numbers_allocate(year=referral_date.year)
    family = Family(
        case_number=case_number,
        display_name=display_name,
        assigned_caseworker=assigned_caseworker,
        referral_date=referral_date,
        status=status,
        **fields,
    )
    family.full_clean()
    family.save()
    return family
