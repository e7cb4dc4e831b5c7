"""Reads that may be seconds stale, sent to a read replica when one is configured.

With `DATABASE_REPLICA_URL` set, settings.py adds a second database alias, `replica` (a
PostgreSQL streaming replica of `default`), and `DATABASE_ROUTERS = [ReplicaRouter]`. Without
it there is no `replica` alias, no router, and everything below reads `default`.

What reads the replica is said where it happens, never guessed by the router:
- a view that shows only counts and lists that may lag by seconds enters `replica_reads()`
  (or is decorated `@reads_replica`): every unit's review for a program administrator,
  protective-factor change of a unit;
- `audit.exports.export_response` reads the rows of every CSV and Excel export inside it
  (a streamed file's rows are read after the view has returned, so the view's own block
  would be over by then);
- raw SQL in such a selector takes its connection from `router.db_for_read(Model)`.

Everything else reads `default`: a family's own pages, every page a person acts from, the
session and the signed-in user (read by middleware, before any view), and every read made
inside a transaction (a service's `transaction.atomic()`, even when called from within
`replica_reads()`), so a service never decides a write from stale rows. Every write goes to
`default` whatever the block; migrations never run on the replica (tests/test_replica.py).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

REPLICA = "replica"

_stale_reads_allowed: ContextVar[bool] = ContextVar("stale_reads_allowed", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Inside this block, reads outside a transaction go to the replica (if one is set)."""
    token = _stale_reads_allowed.set(True)
    try:
        yield
    finally:
        _stale_reads_allowed.reset(token)


def reads_replica(view):
    """A view whose reads may be seconds stale: its body runs inside `replica_reads()`."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


def iterate_on_replica(items: Iterable) -> Iterator:
    """`items`, each one produced inside `replica_reads()`: for a streamed body, whose rows
    are read after the view has returned."""
    items = iter(items)
    while True:
        with replica_reads():
            item = next(items, _END)
        if item is _END:
            return
        yield item


_END = object()


class ReplicaRouter:
    """Django's database router (DATABASE_ROUTERS): writes and migrations on `default`; reads
    on `replica` only inside `replica_reads()` and outside a transaction; otherwise no
    opinion (Django then reads where a related instance came from, or `default`)."""

    def db_for_read(self, model, **hints):
        stale_allowed = _stale_reads_allowed.get() and replica_configured()
        if stale_allowed and transaction.get_autocommit(DEFAULT_DB_ALIAS):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an instance read there may be linked to one
        # read on the primary.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
