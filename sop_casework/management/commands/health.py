"""manage.py health: is the database reachable, and does a worker answer through the broker?"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from sop_casework.health import HealthCheckFailed, database_ping, worker_ping


class Command(BaseCommand):
    help = "Check the database, the task broker and a Celery worker; exit 1 with a clear reason if one fails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10, help="Seconds to wait for a worker (default 10)."
        )
        parser.add_argument("--skip-worker", action="store_true", help="Check the database only.")

    def handle(self, *args, timeout: float, skip_worker: bool, **options):
        try:
            database_ping()
        except DatabaseError as exc:
            raise CommandError(f"The database does not answer: {exc}") from exc
        self.stdout.write("database: ok")
        if skip_worker:
            return
        try:
            answer = worker_ping(timeout=timeout)
        except HealthCheckFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"broker and worker: ok ({answer})")
