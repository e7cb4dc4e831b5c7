"""The words of a notification, put together when it is shown, in the reader's language.

The family is named (case number and name) only when the reader may still see it; for
anyone else it is "a family you no longer have access to". Nothing else about the family
is ever in a notification: no child, no caregiver, no statement text.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Kind

# %(family)s: the family, or the words for a family the reader no longer sees;
# %(actor)s: who did it; %(date)s: the day something is due.
SENTENCES = {
    Kind.PLAN_APPROVED: gettext_lazy("%(actor)s approved the case plan of %(family)s."),
    Kind.PLAN_RETURNED: gettext_lazy("%(actor)s returned the case plan of %(family)s for changes."),
    Kind.OVERRIDE_APPROVED: gettext_lazy("%(actor)s approved the risk override for %(family)s."),
    Kind.OVERRIDE_REJECTED: gettext_lazy("%(actor)s did not approve the risk override for %(family)s."),
    Kind.SAFETY_OVERRIDE_APPROVED: gettext_lazy(
        "%(actor)s approved the override of the safety decision for %(family)s."
    ),
    Kind.SAFETY_OVERRIDE_REJECTED: gettext_lazy(
        "%(actor)s did not approve the override of the safety decision for %(family)s."
    ),
    Kind.REUNIFICATION_OVERRIDE_APPROVED: gettext_lazy(
        "%(actor)s approved the override of the reunification recommendation for %(family)s."
    ),
    Kind.REUNIFICATION_OVERRIDE_REJECTED: gettext_lazy(
        "%(actor)s did not approve the override of the reunification recommendation for %(family)s."
    ),
    Kind.CLOSURE_APPROVED: gettext_lazy("%(actor)s approved closing %(family)s."),
    Kind.CLOSURE_RETURNED: gettext_lazy("%(actor)s returned the request to close %(family)s."),
    Kind.ACCESS_GRANTED: gettext_lazy("%(actor)s granted you access to %(family)s."),
    Kind.ACCESS_REFUSED: gettext_lazy("%(actor)s refused your request for access to %(family)s."),
    Kind.COURT_REPORT_APPROVED: gettext_lazy(
        "%(actor)s approved the court report of %(family)s: it is final."
    ),
    Kind.COURT_REPORT_RETURNED: gettext_lazy(
        "%(actor)s returned the court report of %(family)s for changes."
    ),
    Kind.COURT_REPORT_SUBMITTED: gettext_lazy(
        "%(actor)s submitted the court report of %(family)s for your approval."
    ),
    Kind.PLAN_SUBMITTED: gettext_lazy("%(actor)s submitted the case plan of %(family)s for your approval."),
    Kind.OVERRIDE_REQUESTED: gettext_lazy("%(actor)s asks you to approve a risk override for %(family)s."),
    Kind.SAFETY_OVERRIDE_REQUESTED: gettext_lazy(
        "%(actor)s asks you to approve an override of the safety decision for %(family)s."
    ),
    Kind.REUNIFICATION_OVERRIDE_REQUESTED: gettext_lazy(
        "%(actor)s asks you to approve an override of the reunification recommendation for %(family)s."
    ),
    Kind.CLOSURE_REQUESTED: gettext_lazy("%(actor)s asks you to approve closing %(family)s."),
    Kind.REFERRAL_TO_SCREEN: gettext_lazy("A referral about %(family)s is waiting for screening."),
    Kind.ACCESS_REQUESTED: gettext_lazy("%(actor)s asks for access to %(family)s."),
    Kind.FAMILY_ASSIGNED: gettext_lazy("%(actor)s assigned %(family)s to you."),
    Kind.ACTION_ITEM_ASSIGNED: gettext_lazy("%(actor)s added a meeting action item for %(family)s."),
    Kind.ACTION_ITEM_DUE: gettext_lazy("A meeting action item for %(family)s is due tomorrow, %(date)s."),
    Kind.CONSULTATION_ACTION_ASSIGNED: gettext_lazy(
        "%(actor)s gave you a consultation action for %(family)s."
    ),
    Kind.CONSULTATION_ACTION_DUE: gettext_lazy(
        "Your consultation action for %(family)s is due tomorrow, %(date)s."
    ),
    Kind.DOCUMENT_READY: gettext_lazy("The document you asked for, for %(family)s, is ready."),
    Kind.DOCUMENT_FAILED: gettext_lazy("The document you asked for, for %(family)s, could not be made."),
}


def family_words(notification, *, visible: bool) -> str:
    """The family as this reader may read it."""
    if not visible:
        return _("a family you no longer have access to")
    return str(notification.family)  # "Okafor-Reyes (2026-0012)", as elsewhere


def sentence(notification, *, visible: bool) -> str:
    """What happened, in one sentence. `notification` comes with its family and actor."""
    actor = notification.actor
    return SENTENCES[notification.kind] % {
        "family": family_words(notification, visible=visible),
        "actor": str(actor) if actor is not None else _("Someone"),
        "date": formats.date_format(notification.due_on, "SHORT_DATE_FORMAT") if notification.due_on else "",
    }
