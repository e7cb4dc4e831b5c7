"""What families tells the apps above it (notifications), which it never imports.

Sent by the services inside their transaction; a receiver that does anything outside the
database (an email) defers it with transaction.on_commit, so a rolled-back change sends
nothing."""

from django.dispatch import Signal

# A worker asked to read a family they may not open: request=<AccessRequest>.
access_requested = Signal()
