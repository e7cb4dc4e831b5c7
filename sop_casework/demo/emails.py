"""The demo agency's email history: yesterday's morning digests as the administration lists
them (one refused by the mail server and tried again), and a few people's own choices."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import Role, User
from notifications.models import DeliveryStatus, DigestFrequency, EmailDelivery, EmailKind, EmailPreference


def seed_emails(*, today: date | None = None) -> None:
    today = today or date.today()
    yesterday = today - timedelta(days=1)
    seven = timezone.make_aware(datetime.combine(yesterday, time(7, 0)))
    staff = list(
        User.objects.filter(role__in=[Role.CASEWORKER, Role.SUPERVISOR], is_active=True).order_by("pk")
    )
    choices = {
        "caseworker2": {"digest": DigestFrequency.WEEKLY},
        "caseworker3": {"plan_returned": False},
        "supervisor2": {"digest": DigestFrequency.OFF},
    }
    for user in staff:
        if user.username in choices:
            EmailPreference.objects.get_or_create(user=user, defaults=choices[user.username])
    rows = []
    for index, user in enumerate(staff):
        if user.username in ("caseworker2", "supervisor2"):
            continue
        failed_once = index == 2
        rows.append(
            EmailDelivery(
                recipient=user,
                kind=EmailKind.DAILY_DIGEST,
                period=yesterday.isoformat(),
                status=DeliveryStatus.SENT,
                attempts=2 if failed_once else 1,
                last_error="",
                claimed_at=seven + timedelta(minutes=1 if failed_once else 0),
                sent_at=seven + timedelta(minutes=1 if failed_once else 0, seconds=index),
            )
        )
    EmailDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    if len(staff) > 4:
        EmailDelivery.objects.get_or_create(
            recipient=staff[4],
            kind=EmailKind.DAILY_DIGEST,
            period=today.isoformat(),
            defaults={
                "status": DeliveryStatus.FAILED,
                "attempts": 1,
                "last_error": "SMTPServerDisconnected: Connection unexpectedly closed",
                "claimed_at": timezone.now(),
            },
        )
