"""Intake's records on the family's Changes page (families/history.py): the referral, with its
screening and findings, and each allegation with its finding, field by field.

The reporter's identity is never there: Reporter is not registered (its name and contact are
shown only on the referral page, through intake.access.reporter_shown, to those who may see
them, and audited), and the referral's own fields carry only the reporter's type and whether
they are mandated."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from families.extensions import HistorySource, record_kind
from families.models import Child

from .models import Allegation, Referral


def _referral_label(row, names) -> str:
    return gettext("Referral of %(date)s") % {
        "date": date_format(timezone.localtime(row.received_at), "j M Y")
    }


def _allegation_label(row, names) -> str:
    return gettext("Allegation: %(kind)s, %(child)s") % {
        "kind": row.get_kind_display(),
        "child": names.person(Child, row.child_id, gettext("a child")),
    }


SOURCES = [
    HistorySource(
        Referral,
        lambda family: Referral.history.filter(family_id=family.pk),
        _referral_label,
    ),
    HistorySource(
        Allegation,
        lambda family: Allegation.history.filter(family_id=family.pk),
        _allegation_label,
        kind=record_kind(Referral),
        record_field="referral_id",
    ),
]
