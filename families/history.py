"""A family's change history, field by field, from django-simple-history's tables: the
family's own records (OWN_SOURCES) and those the apps above families register
(families.extensions.register_history_source; families imports none of them). The same
changes, narrowed to one record (and the records under it), make that record's Changes page.

All history rows of the family and the records below it are read in one query per model
(plus one per many-to-many field and one per kind of record named in a key) and compared in
Python with simple-history's own `diff_against` (its field comparison reads no row), so the
page's query count does not grow with the number of changes. The fields compared are the
model's own, as simple-history tracks them: a field added to a model shows without a change
here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from simple_history.utils import get_m2m_reverse_field_name

from accounts.models import User

from .extensions import HistorySource, history_sources, record_kind
from .models import Caregiver, CaregiverChild, Child, Contact, Family

NOT_SHOWN = {"id", "version", "created_at", "updated_at", "search_text", "public_id", "family"}


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


def _tracked_fields(source: HistorySource) -> list[models.Field]:
    """The fields of the record that simple-history tracks and a person edits (as
    `diff_against` compares them), less ids, versions, timestamps and the source's hidden."""
    history_model = source.model.history.model
    return [
        f
        for f in history_model.tracked_fields
        if f.editable
        and f.name not in NOT_SHOWN
        and f.name not in source.hidden
        and f.attname != source.record_field
    ]


def _m2m_fields(source: HistorySource) -> list[models.ManyToManyField]:
    return [f for f in source.model.history.model._history_m2m_fields if f.name not in source.hidden]


@dataclass
class Names:
    """Names for the ids that history rows hold in their foreign keys."""

    users: dict[int, User]
    people: dict[tuple[type, int], str]
    # (model, id) -> how the page names any other record a key points to
    records: dict[tuple[type, int], str] = field(default_factory=dict)

    def of(self, f: models.Field, value) -> str:
        if f.related_model is User:
            return str(self.users.get(value, value))
        key = (f.related_model, value)
        return self.people.get(key) or self.records.get(key) or str(value)

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
    HistorySource(Family, lambda family: Family.history.filter(id=family.pk), _family_label, kind="family"),
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
    the records the apps above families register, newest first. Queries: one per history
    table and per many-to-many history table, plus the users, people and other records named
    in their keys."""
    return _changes(family, [(source, source.family_rows(family)) for source in all_sources()])[:limit]


def all_sources() -> list[HistorySource]:
    return [*OWN_SOURCES, *history_sources]


def record_changes(family: Family, kind: str, pk: int) -> tuple[str, list[Change]] | None:
    """The changes of one record of `family` (the record of that kind and id, and those under
    it), newest first, with the record's name; None when the family has no such record."""
    sources = [source for source in all_sources() if source.record_kind == kind]
    if not sources:
        return None
    histories = _read(
        family,
        [(source, source.family_rows(family).filter(**{source.record_field: pk})) for source in sources],
    )
    own = [rows for source, rows in histories if source.record_field == "id" and rows]
    if not own:
        return _without_history(family, sources, pk)
    m2m_states = _m2m_states(histories)
    names = _names_for(family, histories, m2m_states)
    record = next(source for source, rows in histories if source.record_field == "id" and rows)
    title = record.name(own[0][-1], names)
    return title, _diff(histories, names, m2m_states)


def _without_history(family: Family, sources, pk: int) -> tuple[str, list[Change]] | None:
    """A record of the family with no history rows (made before its model kept history, or
    in bulk): its page says nothing was recorded; None if the family has no such record."""
    for source in sources:
        model = source.model
        if source.record_field != "id" or "family" not in {f.name for f in model._meta.fields}:
            continue
        if model._default_manager.filter(pk=pk, family_id=family.pk).exists():
            return str(model._meta.verbose_name), []
    return None


def changes_kind(record) -> str:
    """The `kind` of `record`'s Changes page (families:record_changes)."""
    return "family" if isinstance(record, Family) else record_kind(type(record))


def _read(family, sources) -> list[tuple[HistorySource, list]]:
    return [
        (source, list(rows.select_related("history_user").order_by("history_date", "history_id")))
        for source, rows in sources
    ]


def _changes(family: Family, sources) -> list[Change]:
    histories = _read(family, sources)
    m2m_states = _m2m_states(histories)
    return _diff(histories, _names_for(family, histories, m2m_states), m2m_states)


def _diff(histories, names: Names, m2m_states) -> list[Change]:
    changes: list[Change] = []
    for source, rows in histories:
        fields = _tracked_fields(source)
        by_name = {f.name: f for f in fields}
        order = {f.name: i for i, f in enumerate(fields)}
        by_record: dict[int, list] = {}
        for row in rows:
            by_record.setdefault(row.id, []).append(row)
        for history in by_record.values():
            first = history[0]
            changes.append(
                Change(first.history_date, first.history_user, source.name(first, names), added=True)
            )
            for before, after in pairwise(history):
                delta = after.diff_against(before, included_fields=list(by_name))
                diffs = [
                    FieldChange(
                        str(by_name[c.field].verbose_name).capitalize(),
                        _display(by_name[c.field], c.old, names),
                        _display(by_name[c.field], c.new, names),
                    )
                    for c in sorted(delta.changes, key=lambda c: order[c.field])
                ]
                diffs += _m2m_diffs(source, before, after, m2m_states, names)
                if diffs:
                    changes.append(
                        Change(
                            after.history_date, after.history_user, source.name(after, names), False, diffs
                        )
                    )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes


def _through(model, m2m: models.ManyToManyField):
    """simple-history's table of the ids a many-to-many field listed at each history row."""
    return model._meta.apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{m2m.name}")


def _m2m_states(histories) -> dict[tuple[type, str, int], frozenset[int]]:
    """(model, field name, history id) → the ids listed at that point. One query per field."""
    states: dict[tuple[type, str, int], set[int]] = {}
    for source, rows in histories:
        for m2m in _m2m_fields(source):
            if not rows:
                continue
            target_key = f"{get_m2m_reverse_field_name(m2m)}_id"
            listed = _through(source.model, m2m).objects.filter(history__in=[r.history_id for r in rows])
            for history_id, target_id in listed.values_list("history_id", target_key):
                states.setdefault((source.model, m2m.name, history_id), set()).add(target_id)
    return {key: frozenset(ids) for key, ids in states.items()}


def _m2m_diffs(source, before, after, states, names: Names) -> list[FieldChange]:
    diffs = []
    for m2m in _m2m_fields(source):
        old = states.get((source.model, m2m.name, before.history_id), frozenset())
        new = states.get((source.model, m2m.name, after.history_id), frozenset())
        if old != new:
            label = str(m2m.verbose_name).capitalize()
            diffs.append(
                FieldChange(
                    label, _listed(old, m2m.related_model, names), _listed(new, m2m.related_model, names)
                )
            )
    return diffs


def _listed(ids: frozenset[int], target, names: Names) -> str:
    known = names.records | names.people  # the people by their names alone
    return ", ".join(sorted(known.get((target, i), gettext("someone")) for i in ids)) or "—"


def _names_for(family: Family, histories, m2m_states) -> Names:
    """Names for every id the rows hold in a key: users, the family's people, and any other
    record (a danger statement a goal answers, a protective factor …): those shown on the
    page by their own label, the rest read once per model (str())."""
    wanted: dict[type, set[int]] = {}
    for source, rows in histories:
        keys = [f for f in _tracked_fields(source) if isinstance(f, models.ForeignKey)]
        for row in rows:
            for f in keys:
                if (value := getattr(row, f.attname, None)) is not None:
                    wanted.setdefault(f.related_model, set()).add(value)
    users = User.objects.in_bulk(wanted.pop(User, set()))
    people = {(Caregiver, c.pk): c.full_name for c in family.caregivers.all()}
    people |= {(Child, c.pk): c.full_name for c in family.children.all()}
    names = Names(users=users, people=people)
    shown = {(source.model, row.id) for source, rows in histories for row in rows}
    for (model, field_name, _history_id), ids in m2m_states.items():
        target = model._meta.get_field(field_name).related_model
        wanted.setdefault(target, set()).update(ids)
    for model, ids in wanted.items():
        if model in (Caregiver, Child, Family):
            continue
        missing = [i for i in ids if (model, i) not in shown]
        if missing:
            for pk, obj in model._default_manager.in_bulk(missing).items():
                names.records[(model, pk)] = str(obj)
    for source, rows in histories:  # records shown here: by the label of their latest row
        for row in rows:
            names.records[(source.model, row.id)] = source.name(row, names)
    return names
