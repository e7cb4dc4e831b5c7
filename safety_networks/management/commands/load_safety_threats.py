from django.core.management.base import BaseCommand, CommandError

from safety_networks.instruments import InstrumentFileError, load_threats
from safety_networks.models import SafetyThreat


class Command(BaseCommand):
    help = "Load a safety-assessment threat list (JSON: instrument, threats[code, wording]) as data."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            count = load_threats(SafetyThreat, file)
        except InstrumentFileError as error:
            raise CommandError(f"The file was not loaded:\n{error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} safety threats from {file}."))
