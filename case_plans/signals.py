"""What case_plans tells the apps above it (notifications), which it never imports.

Sent by the services inside their transaction; a receiver that does anything outside the
database (an email) defers it with transaction.on_commit, so a rolled-back decision sends
nothing."""

from django.dispatch import Signal

# A supervisor approved or returned a submitted version: plan=<CasePlan>, approved=<bool>, by=<User>.
case_plan_decided = Signal()
