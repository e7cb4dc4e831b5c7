"""A family's records read with the family row itself, not by a query each.

The family overview's panels show one record of a kind (the latest safety assessment, the
active safety plan) or a short list (every scaling number). Each such read was a query of
its own, and a query costs the ORM and PostgreSQL more than the few values it brings. Read
as a subquery of the family row, it costs one JSON value in a row already fetched, and the
row's SQL is made once a day (families.compiled_once).

- FirstRecord: the first of the family's records of a kind, as one JSON object.
- AllRecords: all of them, as one JSON array, in no order (sort them in Python).

Each gives back instances of the record's model holding just the fields read (any other is
deferred, as with `.only()`); a field read through a foreign key ("owner__username") comes
back on the related instance, as select_related would give it.

What it buys (issue 24: bench/plain_django.py on 10,000 families, alternating request by
request, two runs of 30 rounds): read instead by a query per kind, as a
Prefetch(..., to_attr=...) per kind would, the family overview sends 29 queries, not 15
(over the page's budget), and the reads save 17-28 % of its wall time and 22-26 % of its CPU
time. Documented API: Model.from_db, Field.to_python, JSONObject, Subquery. Not documented:
`_meta.concrete_fields` (the model's columns) and the relation's set_cached_value (what
select_related itself uses to hold a related instance).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Func, JSONField, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone


@dataclass(frozen=True)
class FirstRecord:
    """The first of the outer family's `records` (its latest safety assessment, its active
    plan): `annotations()` puts the record's `fields` on each family as one JSON object named
    `name`, and `of(family)` gives them back as an instance, or None when there is none."""

    name: str
    # The outer family's records, the one wanted first: filter(family=OuterRef("pk")).order_by(...)
    records: QuerySet
    # Attribute names ("requested_by_id", not "requested_by"; "id" if a link needs it), or
    # lookups through a foreign key ("owner__username").
    fields: tuple[str, ...]

    def __post_init__(self):
        _check(self.records.model, self.fields)

    def annotations(self) -> dict[str, Subquery]:
        return {self.name: Subquery(self.records.values(record=_as_json(self.fields))[:1])}

    def of(self, family):
        read = getattr(family, self.name)
        return None if read is None else _instance(self.records.model, read, family._state.db)


@dataclass(frozen=True)
class AllRecords:
    """All of the outer family's `records` (its scaling numbers): `annotations()` puts their
    `fields` on each family as one JSON array named `name`, and `of(family)` gives them back
    as instances, in no order."""

    name: str
    records: QuerySet  # the outer family's records: filter(family=OuterRef("pk"))
    fields: tuple[str, ...]  # as FirstRecord's

    def __post_init__(self):
        _check(self.records.model, self.fields)

    def annotations(self) -> dict[str, Subquery]:
        every = self.records.order_by().values(rows=JSONRows(_as_json(self.fields)))
        return {self.name: Subquery(every)}

    def of(self, family) -> list:
        return [
            _instance(self.records.model, read, family._state.db) for read in getattr(family, self.name) or ()
        ]


class JSONRows(Func):
    """Every row of a subquery as one JSON array: an aggregate over the whole subquery, so it
    is not one to Django (no GROUP BY). NULL when there are no rows. SQLite (bin/serve) calls
    it JSON_GROUP_ARRAY."""

    function = "JSONB_AGG"
    output_field = JSONField()
    contains_aggregate = False

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def _as_json(fields: tuple[str, ...]) -> JSONObject:
    return JSONObject(**{field: field for field in fields})


def _check(model, fields) -> None:
    """Refuses, when the app loads, a field the instances could not hold: one named by its
    relation ("owner" rather than "owner_id") would otherwise be read and dropped."""
    attnames = {f.attname for f in model._meta.concrete_fields}
    for lookup in fields:
        name, _, rest = lookup.partition("__")
        if rest:
            relation = model._meta.get_field(name)
            if not (relation.many_to_one or relation.one_to_one):
                raise ValueError(f"{model.__name__}.{name} is not a foreign key: {lookup!r} can't be read")
            _check(relation.related_model, (rest,))
        elif name not in attnames:
            raise ValueError(f"{model.__name__} has no column {name!r} (a foreign key reads as {name}_id)")


def _instance(model, read: dict, db: str):
    """An instance of `model` holding the fields read. A field read through a foreign key
    ("owner__username") goes to the related instance, which the record then holds as if
    fetched with select_related; one whose fields all read NULL is None."""
    own, through = {}, {}
    for lookup, value in read.items():
        name, _, rest = lookup.partition("__")
        if rest:
            through.setdefault(name, {})[rest] = value
        else:
            own[name] = value
    values = {
        f.attname: _from_json(f, own[f.attname]) for f in model._meta.concrete_fields if f.attname in own
    }
    instance = model.from_db(db, list(values), list(values.values()))
    for name, related_read in through.items():
        relation = model._meta.get_field(name)
        related = None
        if any(value is not None for value in related_read.values()):
            related = _instance(relation.related_model, related_read, db)
        relation.set_cached_value(instance, related)
    return instance


def _from_json(field, value):
    """A column's value as JSON gave it back (dates and times as text) in its Python type.
    SQLite keeps date-times as UTC text without an offset; PostgreSQL writes one."""
    value = field.to_python(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value
