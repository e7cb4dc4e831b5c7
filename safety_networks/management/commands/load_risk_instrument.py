from django.core.management.base import BaseCommand, CommandError

from safety_networks.models import RiskInstrument
from safety_networks.sdm.risk import RiskFileError, load


class Command(BaseCommand):
    help = (
        'Load an SDM risk assessment or risk reassessment file (JSON, with "tool": '
        '"risk_assessment" or "risk_reassessment"; safety_networks/sdm/risk.py gives the format). '
        "The file is checked first and every problem is listed with its place, including each index "
        "total the bands give no level for, with answers that reach it; nothing is loaded unless it is "
        "clean. A changed file becomes a new version; assessments keep the version they were scored with. "
        "A sibling of protective_factors' load_instrument: that app sits below this one and cannot "
        "dispatch to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            instrument, created = load(file, RiskInstrument)
        except RiskFileError as error:
            raise CommandError(
                f"The file was not loaded. {len(error.problems)} problem(s):\n{error}"
            ) from error
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {instrument} ({instrument.get_tool_display()}): "
                    f"{len(instrument.items())} items, {len(instrument.policy_overrides())} policy overrides."
                )
            )
        else:
            self.stdout.write(f"{instrument} is already loaded with this content; nothing changed.")
