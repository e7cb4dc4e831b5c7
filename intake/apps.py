from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Referrals, their confidential reporters, allegations, screening and findings.

    Layering: intake sits above families, accounts, audit and safety_networks (it reads the
    SDM risk level in force beside the decision after findings), and below supervision (whose
    unit list of referrals waiting for screening reads intake's selectors). families imports
    nothing of intake: intake fills the family overview's panel, each person's prior referrals
    and findings, the check made before a referral opens as a case, the source of the family's
    response priority (its screening decision) and its records on the family's Changes page
    through families/extensions.py."""

    name = "intake"
    verbose_name = _("Intake")

    def ready(self):
        from families.extensions import (
            OverviewPanel,
            register_history_source,
            register_opening_check,
            register_overview_panel,
            register_prior_history,
            register_priority_source,
        )

        from .history import SOURCES as HISTORY_SOURCES
        from .prior_history import prior_referrals
        from .selectors import overview_summary, priority_set_by, with_intake_panel
        from .services import check_family_may_open

        register_overview_panel(
            OverviewPanel(
                template="intake/_overview_panel.html",
                context=overview_summary,
                annotate=with_intake_panel,
                order=5,
            )
        )
        register_opening_check(check_family_may_open)
        register_prior_history(prior_referrals)
        register_priority_source(priority_set_by)
        for source in HISTORY_SOURCES:
            register_history_source(source)
