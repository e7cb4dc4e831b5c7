"""The morning's email digests at agency scale (issue 20): for 20,000 families and 400 staff,
every daily digest built and handed to an SMTP server in under 60 s, with a constant number
of queries per person.

    .venv/bin/python -m bench.digests --families 20000 --staff 400

Drops and re-creates its own database (default
postgres://postgres@127.0.0.1:5432/sop_bench_digests, or --database-url / BENCH_DATABASE_URL;
the name must contain "bench"), migrates, runs `seed_demo --families N`, keeps the first
--staff caseworkers and supervisors active (the families of the others go to them, round
robin, so caseloads are what 400 people carry), VACUUM ANALYZE. Then starts a real SMTP
server (aiosmtpd) on a free port and runs the beat's task, notifications.send_digests, with
the tasks run in this process one after the other (no worker: the time is the work itself,
on one core). Counts the queries of each person's digest and what the server received;
runs the task a second time, which must send nothing. Appends a section to bench/RESULTS.md
(or --results PATH). Not part of the test run.
"""

import argparse
import os
import socket
import sys
import time
from collections import Counter
from datetime import date

from bench.agency import ROOT, drop_database, machine, recreate_database, refuse_a_database_not_for_benchmarks

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sop_bench_digests"
TARGET_SECONDS = 60
PASSWORD = "demo-casework-2026"  # noqa: S105 (the demo agency's accounts, in the benchmark's own database)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.digests", description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=20_000, help="N families (20,000)")
    parser.add_argument("--staff", type=int, default=400, help="active caseworkers and supervisors (400)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--reuse-database", action="store_true", help="measure the database as it is")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"), help="the file to append to")
    parser.add_argument("--drop-database", action="store_true", help="drop the database when done")
    return parser.parse_args(argv)


def keep_staff(count: int) -> tuple[int, int]:
    """Keep `count` caseworkers and supervisors active: whole units, in order; the families of
    the others are shared among the caseworkers kept. Returns (caseworkers, supervisors)."""
    from django.db import connection

    from accounts.models import Role, User

    kept, units = 0, []
    for unit_id in User.objects.filter(role=Role.SUPERVISOR).order_by("pk").values_list("unit_id", flat=True):
        size = User.objects.filter(unit_id=unit_id, role__in=[Role.CASEWORKER, Role.SUPERVISOR]).count()
        if kept + size > count:
            break
        kept += size
        units.append(unit_id)
    staff = User.objects.filter(role__in=[Role.CASEWORKER, Role.SUPERVISOR])
    staff.exclude(unit_id__in=units).update(is_active=False)
    workers = list(
        staff.filter(unit_id__in=units, role=Role.CASEWORKER).order_by("pk").values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE families_family f SET assigned_caseworker_id = (%s::bigint[])[1 + (f.id %% %s)]
            WHERE f.assigned_caseworker_id NOT IN (SELECT unnest(%s::bigint[]))
            """,
            [workers, len(workers), workers],
        )
    return len(workers), len(units)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Counting:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received += 1
        return "250 OK"


def main(argv=None) -> int:
    args = parse_args(argv)
    refuse_a_database_not_for_benchmarks(args.database_url)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        CELERY_TASK_ALWAYS_EAGER="true",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    if not args.reuse_database:
        recreate_database(args.database_url)
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from accounts.models import Role, User
    from notifications import emails
    from notifications.models import EmailDelivery
    from notifications.tasks import send_digests

    started = time.perf_counter()
    if not args.reuse_database:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", families=args.families, force=True, password=PASSWORD, verbosity=0)
        caseworkers, supervisors = keep_staff(args.staff)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seeded = time.perf_counter() - started
    active = User.objects.filter(is_active=True, role__in=[Role.CASEWORKER, Role.SUPERVISOR])
    caseworkers = active.filter(role=Role.CASEWORKER).count()
    supervisors = active.filter(role=Role.SUPERVISOR).count()
    EmailDelivery.objects.all().delete()  # a run on a reused database starts afresh

    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    today = timezone.localdate()
    queries_by_role: dict[str, Counter] = {Role.CASEWORKER: Counter(), Role.SUPERVISOR: Counter()}
    roles = dict(active.values_list("pk", "role"))
    original = emails.digest_send

    def counted(*, user_id, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            status = original(user_id=user_id, **kwargs)
        queries_by_role[roles[user_id]][len(captured)] += 1
        return status

    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        SITE_URL="https://casework.agency.example",
    ):
        assert settings.CELERY_TASK_ALWAYS_EAGER
        # Timed without the query counting, then counted in a second database state.
        start = time.perf_counter()
        queued = send_digests(today.isoformat())
        seconds = time.perf_counter() - start
        sent_first = handler.received
        statuses = Counter(EmailDelivery.objects.values_list("status", flat=True))
        again_start = time.perf_counter()
        send_digests(today.isoformat())
        again_seconds = time.perf_counter() - again_start
        sent_again = handler.received - sent_first
        # Queries per person: the same digests built and sent again, counted one by one.
        EmailDelivery.objects.all().delete()
        emails.digest_send = counted
        try:
            send_digests(today.isoformat())
        finally:
            emails.digest_send = original
    controller.stop()

    info = machine()
    per_person = seconds / max(queued, 1) * 1000
    lines = [
        "",
        f"## Email digests, N = {args.families:,} families, {date.today().isoformat()}",
        f"Machine: {info['cores']} cores, {info['memory_gib']} GiB memory; {info['platform']};"
        f" Python {info['python']}; PostgreSQL {info['postgres']}."
        + (" Database reused" if args.reuse_database else f" Seeded in {seeded:.0f} s")
        + f" (`seed_demo`, staff narrowed to {caseworkers + supervisors} active:"
        f" {caseworkers} caseworkers, {supervisors} supervisors; VACUUM ANALYZE)."
        f" Load average when measured: {os.getloadavg()[0]:.1f}"
        " (other work on the machine slows every figure).",
        "",
        "notifications.send_digests run as the 7:00 beat runs it, its tasks in this process one after "
        "the other (eager, one core): each person's digest built from the database, rendered "
        "(text and HTML) and handed over SMTP to an aiosmtpd server on localhost.",
        "",
        "| what | figure | target | met? |",
        "|---|---:|---|---|",
        f"| digests queued | {queued} | — | — |",
        f"| emails the SMTP server received | {sent_first} | — | — |",
        f"| delivery rows | {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))} | — | — |",
        f"| wall time, all digests | {seconds:.1f} s | < {TARGET_SECONDS} s |"
        f" {'met' if seconds < TARGET_SECONDS else 'missed'} |",
        f"| per person (mean) | {per_person:.0f} ms | — | — |",
        f"| the task run again the same day: emails sent | {sent_again} ({again_seconds:.1f} s) | 0 |"
        f" {'met' if sent_again == 0 else 'missed'} |",
    ]
    for role, counts in queries_by_role.items():
        spread = ", ".join(f"{n} queries × {people}" for n, people in sorted(counts.items()))
        lines.append(
            f"| queries per {role} (count × people) | {spread} | constant | "
            f"{'met' if len(counts) <= 2 else 'missed'} |"
        )
    lines.append("")
    lines.append(
        "Queries per person include the delivery row (get or create, the claim, the status after "
        "sending: 3 to 4) and the person's row and preference (2); a digest with nothing to say "
        "is recorded as skipped and sends nothing, which is the one other count."
    )
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.results, "a") as results:
        results.write(text)
    connection.close()
    if args.drop_database:
        drop_database(args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
