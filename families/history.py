"""A family's change history, field by field, from django-simple-history's tables: the
family's own records (OWN_SOURCES) and those the apps above families register
(families.extensions.register_history_source; families imports none of them).

All history rows of the family and the records below it are read in one query per model
and compared in Python, so the page's query count does not grow with the number of changes.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import User

from .extensions import HistorySource, history_sources
from .models import Caregiver, CaregiverChild, Child, Contact, Family

NOT_SHOWN = {"id", "version", "created_at", "updated_at", "search_text", "public_id", "family"}

# Many-to-many fields whose history simple-history keeps in a table per field:
# (model, field name, the model of the people it lists)
M2M_HISTORY = [
    (Contact, "children_seen", Child),
    (Contact, "caregivers_present", Caregiver),
]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: datetime
    who: User | None
    record: str
    added: bool
    fields: list[FieldChange] = field(default_factory=list)


def _tracked_fields(model, hidden=frozenset()) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in NOT_SHOWN and f.name not in hidden and not f.name.startswith("history")
    ]


@dataclass
class Names:
    """Names for the ids that history rows hold in their foreign keys."""

    users: dict[int, User]
    people: dict[tuple[type, int], str]

    def of(self, f: models.Field, value) -> str:
        if f.related_model is User:
            return str(self.users.get(value, value))
        return self.people.get((f.related_model, value), str(value))

    def person(self, model, pk, default: str = "") -> str:
        """The name of the family's caregiver or child `pk` (model Caregiver or Child)."""
        return self.people.get((model, pk), default)


def _display(f: models.Field, value, names: Names) -> str:
    if value in (None, ""):
        return "—"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return names.of(f, value)
    if isinstance(f, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    return str(value)


def _family_label(row, names: Names) -> str:
    return gettext("Family details")


def _contact_label(row, names: Names) -> str:
    return gettext("%(kind)s of %(date)s") % {
        "kind": row.get_kind_display(),
        "date": date_format(timezone.localtime(row.occurred_at), "d M Y"),
    }


def _relationship_label(row, names: Names) -> str:
    caregiver = names.person(Caregiver, row.caregiver_id, gettext("a caregiver"))
    child = names.person(Child, row.child_id, gettext("a child"))
    return gettext("How %(caregiver)s is related to %(child)s") % {"caregiver": caregiver, "child": child}


def _caregiver_label(row, names: Names) -> str:
    return gettext("Caregiver %(name)s") % {"name": f"{row.first_name} {row.last_name}"}


def _child_label(row, names: Names) -> str:
    return gettext("Child %(name)s") % {"name": f"{row.first_name} {row.last_name}"}


# The family's own records; the apps above families add theirs (extensions.register_history_source).
OWN_SOURCES = [
    HistorySource(Family, lambda family: Family.history.filter(id=family.pk), _family_label),
    HistorySource(Caregiver, lambda family: Caregiver.history.filter(family_id=family.pk), _caregiver_label),
    HistorySource(Child, lambda family: Child.history.filter(family_id=family.pk), _child_label),
    HistorySource(Contact, lambda family: Contact.history.filter(family_id=family.pk), _contact_label),
    HistorySource(
        CaregiverChild,
        lambda family: CaregiverChild.history.filter(caregiver__family_id=family.pk),
        _relationship_label,
    ),
]


def family_changes(family: Family, *, limit: int = 300) -> list[Change]:
    """Every recorded change to the family and its people, visits and relationships, and to
    the records the apps above families register (intake's referrals and allegations), newest
    first. Queries: one per history table and per many-to-many history table, plus the users
    and people named in their keys (12 with intake's two)."""
    sources = [*OWN_SOURCES, *history_sources]
    histories = [
        (
            source,
            list(source.rows(family).select_related("history_user").order_by("history_date", "history_id")),
        )
        for source in sources
    ]
    names = _names_for(family, histories)
    m2m_states = _m2m_states(histories)

    changes: list[Change] = []
    for source, rows in histories:
        model = source.model
        fields = _tracked_fields(model, source.hidden)
        by_record: dict[int, list] = {}
        for row in rows:
            by_record.setdefault(row.id, []).append(row)
        for history in by_record.values():
            first = history[0]
            changes.append(
                Change(first.history_date, first.history_user, source.label(first, names), added=True)
            )
            for before, after in pairwise(history):
                diffs = [
                    FieldChange(
                        str(f.verbose_name).capitalize(),
                        _display(f, getattr(before, f.attname), names),
                        _display(f, getattr(after, f.attname), names),
                    )
                    for f in fields
                    if getattr(before, f.attname) != getattr(after, f.attname)
                ]
                diffs += _m2m_diffs(model, before, after, m2m_states, names)
                if diffs:
                    changes.append(
                        Change(
                            after.history_date, after.history_user, source.label(after, names), False, diffs
                        )
                    )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


def _m2m_states(histories) -> dict[tuple[str, int], frozenset[int]]:
    """(field name, history id) → the ids listed at that point. One query per field."""
    states: dict[tuple[str, int], set[int]] = {}
    for model, field_name, target in M2M_HISTORY:
        rows = next(rows for source, rows in histories if source.model is model)
        through = model._meta.apps.get_model(
            model._meta.app_label, f"Historical{model.__name__}_{field_name}"
        )
        target_key = f"{target._meta.model_name}_id"
        for history_id, target_id in through.objects.filter(history__in=rows).values_list(
            "history_id", target_key
        ):
            states.setdefault((field_name, history_id), set()).add(target_id)
    return {key: frozenset(ids) for key, ids in states.items()}


def _m2m_diffs(model, before, after, states, names: Names) -> list[FieldChange]:
    diffs = []
    for m2m_model, field_name, target in M2M_HISTORY:
        if m2m_model is not model:
            continue
        old = states.get((field_name, before.history_id), frozenset())
        new = states.get((field_name, after.history_id), frozenset())
        if old != new:
            label = str(model._meta.get_field(field_name).verbose_name).capitalize()
            diffs.append(FieldChange(label, _listed(old, target, names), _listed(new, target, names)))
    return diffs


def _listed(ids: frozenset[int], target, names: Names) -> str:
    return ", ".join(sorted(names.people.get((target, i), gettext("someone")) for i in ids)) or "—"


def _names_for(family: Family, histories) -> Names:
    user_keys = [
        f.attname
        for source, _ in histories
        for f in _tracked_fields(source.model, source.hidden)
        if isinstance(f, models.ForeignKey) and f.related_model is User
    ]
    user_ids = {
        getattr(row, key) for _, rows in histories for row in rows for key in user_keys if hasattr(row, key)
    }
    people = {(Caregiver, c.pk): c.full_name for c in family.caregivers.all()}
    people |= {(Child, c.pk): c.full_name for c in family.children.all()}
    return Names(users=User.objects.in_bulk([i for i in user_ids if i]), people=people)
