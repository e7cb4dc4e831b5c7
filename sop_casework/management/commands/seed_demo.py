"""manage.py seed_demo: a demonstration agency, for a first look, training and benchmarks."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from families.models import Family
from sop_casework.demo.agency import RICH_FAMILIES, caseworkers_needed, seed_families, seed_staff
from sop_casework.demo.api_tokens import seed_api_tokens
from sop_casework.demo.emails import seed_emails

DEFAULT_PASSWORD = "demo-casework-2026"  # noqa: S105 (fictional demo accounts only)


class Command(BaseCommand):
    help = (
        "Load a demonstration agency: an administrator, units with supervisors and "
        "caseworkers, and families with caregivers and children. Fictional people only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=40, help="How many families (default 40).")
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed: the same seed gives the same agency."
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for every demo account (default: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--rich-families",
            type=int,
            default=RICH_FAMILIES,
            help=(
                f"Families seeded in full detail (default {RICH_FAMILIES}); past them, a faster path "
                "writes a large agency's closed history and open caseloads (sop_casework/demo/bulk.py)."
            ),
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a live agency database)."
        )

    def handle(
        self, *args, families: int, seed: int, password: str, force: bool, rich_families: int, **options
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a live agency database: seed_demo refuses to add "
                "fictional families to it. Use --force if this really is a demo or benchmark database."
            )
        if families < 0:
            raise CommandError("--families must be 0 or more.")
        started = time.monotonic()
        agency = seed_staff(
            password=password, caseworker_count=caseworkers_needed(families, rich=rich_families)
        )
        if Family.objects.exists():
            self.stdout.write(
                "Families are already present; staff accounts were refreshed, no families added."
            )
        else:
            created = seed_families(agency=agency, count=families, seed=seed, rich=rich_families)
            seed_emails()
            self.stdout.write(f"Created {created} families.")
        seed_api_tokens(agency)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo agency ready in {time.monotonic() - started:.1f} s. Sign in with "
                f"admin, supervisor1, supervisor2 or caseworker1 … caseworker8; password: {password}"
            )
        )
