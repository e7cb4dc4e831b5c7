from django.core.management.base import BaseCommand, CommandError

from protective_factors.instruments import InstrumentFileError, load_instrument
from protective_factors.models import Instrument, Item, ProtectiveFactor, ScoringBand


class Command(BaseCommand):
    help = (
        "Load a protective-factors instrument file (JSON). The file is checked first and every "
        "problem is listed with its place; nothing is loaded unless it is clean. A changed file "
        "becomes a new version; assessments keep the version they used."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            instrument, created = load_instrument(
                file,
                Instrument=Instrument,
                Item=Item,
                ScoringBand=ScoringBand,
                ProtectiveFactor=ProtectiveFactor,
            )
        except InstrumentFileError as error:
            raise CommandError(
                f"The file was not loaded. {len(error.problems)} problem(s):\n{error}"
            ) from error
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {instrument}: {instrument.items.count()} items."))
        else:
            self.stdout.write(f"{instrument} is already loaded with this content; nothing changed.")
