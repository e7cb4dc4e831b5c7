"""Group supervision (DOMAIN.md: a supervisor "holds consultations on hard cases").

A consultation is a note per family with the three questions of the SOP map, who took part,
and the actions agreed, each with an owner and a date. Open actions show on the family's
caseload row. Nothing here is deleted: actions are done or dropped."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.models import Family
from families.versioning import Versioned
from meetings.models import ActionStatus


class Consultation(Versioned):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"), default=date.today)
    worried_about = models.TextField(_("what are we worried about?"))
    working_well = models.TextField(_("what is working well?"))
    needs_to_happen = models.TextField(_("what needs to happen?"))
    staff_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("who took part")
    )
    others_present = models.CharField(
        _("others who took part"),
        max_length=300,
        blank=True,
        help_text=_("People without an account here, e.g. “Parent partner”, “Public health nurse”."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[staff_present])

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            # A family's consultations, newest first: WHERE family_id = %s ORDER BY held_on DESC
            models.Index(fields=["family", "-held_on"], name="consultation_family_idx")
        ]

    def __str__(self) -> str:
        return f"Consultation on {self.held_on}"


class ConsultationAction(Versioned):
    """Who does what by when, agreed in a consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="actions")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    what = models.TextField(_("what"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    due_on = models.DateField(_("by when"))
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # Open and overdue agreed actions on My caseload and Unit review:
            # WHERE family_id = %s AND status = 'open' AND due_on < today
            models.Index(fields=["family", "status", "due_on"], name="consultation_action_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.owner}: {self.what[:40]} by {self.due_on}"
