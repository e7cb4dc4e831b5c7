"""Demo access requests between families that share a person (one person, one history): the
caseworker of the family now asks to read the family the person was known in before, when
it is not theirs to open. Asked in turn: waiting for that family's supervisor (the worked
example's Maria Reyes, so the supervisor of the other unit has one to decide), granted for a
couple of weeks, refused with the reason."""

from datetime import timedelta

from django.utils import timezone

from families.models import AccessRequest, AccessStatus, Family

REASONS = [
    "The mother is a caregiver in my family now; the risk assessment asks about prior findings.",
    "Same mother: I need the earlier safety plan and who was in the network.",
    "Prior involvement of the mother; the court report asks for the family's history.",
]


def seed_access_requests(*, shared: list[tuple[Family, Family]], agency) -> None:
    now = timezone.now()
    requests = []
    for index, (before, now_family) in enumerate(shared):
        asker, owner = now_family.assigned_caseworker, before.assigned_caseworker
        if asker is None or owner is None or asker.pk == owner.pk:
            continue  # a caseworker opens their own families without asking
        decider = agency.supervisor_of(owner) or agency.admin
        status = [AccessStatus.PENDING, AccessStatus.GRANTED, AccessStatus.REFUSED][index % 3]
        decided = status != AccessStatus.PENDING
        requests.append(
            AccessRequest(
                family=before,
                from_family=now_family,
                requested_by=asker,
                reason=REASONS[index % len(REASONS)],
                status=status,
                decided_by=decider if decided else None,
                decided_at=now - timedelta(days=2) if decided else None,
                decision_reason=(
                    {
                        AccessStatus.GRANTED: "Granted for the risk assessment; read-only.",
                        AccessStatus.REFUSED: "The earlier family's record is sealed by the court; call me.",
                    }.get(status, "")
                ),
                expires_at=now + timedelta(days=12) if status == AccessStatus.GRANTED else None,
            )
        )
    AccessRequest.objects.bulk_create(requests)
