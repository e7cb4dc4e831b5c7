from django.core.management.base import BaseCommand, CommandError

from protective_factors.instrument_tools import TOOLS, tool_of
from protective_factors.instruments import InstrumentFileError, load_instrument
from protective_factors.models import Instrument, Item, ProtectiveFactor, ScoringBand


class Command(BaseCommand):
    help = (
        "Load a protective-factors instrument file (JSON). The file is checked first and every "
        "problem is listed with its place; nothing is loaded unless it is clean. A changed file "
        "becomes a new version; assessments keep the version they used. Texts may be given in "
        'several languages ({"en": "…", "es": "…"}); a language given for one text must be given '
        "for all (see protective_factors/instruments/__init__.py). A file that differs from a "
        "loaded version only in its other languages or band descriptions updates that version. "
        'A file with a "tool" key is loaded by that tool\'s loader (protective_factors.instrument_tools), '
        'e.g. "sdm_safety", "risk_assessment", "risk_reassessment" and "fsna": the SDM tools '
        "(safety_networks.sdm)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        tool = tool_of(file)
        if tool is not None:
            return self._load_tool(tool, file)
        try:
            instrument, created, texts_updated = load_instrument(
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
        languages = ", ".join(instrument.languages) if hasattr(instrument, "languages") else "en"
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {instrument}: {instrument.items.count()} items, in {languages}.")
            )
        elif texts_updated:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{instrument} was loaded before with the same questions and scoring; its texts "
                    f"in other languages and its band descriptions are brought up to date ({languages})."
                )
            )
        else:
            self.stdout.write(f"{instrument} is already loaded with this content; nothing changed.")

    def _load_tool(self, tool, file):
        if tool not in TOOLS:
            raise CommandError(
                f"The file was not loaded: unknown tool {tool!r} (known: {', '.join(sorted(TOOLS))})."
            )
        try:
            message = TOOLS[tool](file)
        except ValueError as error:  # each tool's file error lists its problems, as ours does
            error.problems = getattr(error, "problems", [str(error)])
            raise CommandError(
                f"The file was not loaded. {len(error.problems)} problem(s):\n{error}"
            ) from error
        self.stdout.write(self.style.SUCCESS(message))
