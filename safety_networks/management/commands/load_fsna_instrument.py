from django.core.management.base import BaseCommand, CommandError

from safety_networks.sdm import fsna


class Command(BaseCommand):
    help = (
        "Load a family strengths and needs assessment file (JSON: tool 'fsna', code, name, "
        "caregiver_domains, "
        "child_domains with what A, B, C and D mean). A changed file of the same code is a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--demonstration", action="store_true", help="Mark it as demonstration wording.")

    def handle(self, *args, file, demonstration, **options):
        try:
            instrument, created = fsna.load(file, demonstration=demonstration)
        except fsna.FsnaFileError as error:
            raise CommandError(f"The file was not loaded:\n{error}") from error
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {instrument.name}, version {instrument.version}."))
        else:
            self.stdout.write(
                f"{instrument.name}, version {instrument.version}, is already loaded: nothing changed."
            )
