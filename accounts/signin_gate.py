"""A few password checks at once per machine, so a sign-in storm cannot starve the pages.

Checking a password is Django's PBKDF2 (about a million rounds): a CPU core for a good part
of a second. gunicorn's sync workers (three in the Docker image, on two cores) each answer
one request at a time, so 50 people signing in together held every worker and every core for
many seconds, and a caseworker already signed in waited behind them for any page. Measured in
bench/RESULTS.md ("Sign-in storm"): that is the figure this module earns its place with.

The gate is a counting semaphore of `settings.SIGN_IN_SLOTS` slots per machine (the machine's
name is in the key: the cores are the machine's), kept in the default cache (Redis when
REDIS_URL is set, so all the machine's gunicorn workers count together). A slot is a cache
key taken with `cache.add` (atomic: Redis `SET NX EX`) for `SIGN_IN_SLOT_LEASE_SECONDS`, so a
worker that dies holding one frees it when the lease runs out. Whoever finds no slot free
within `SIGN_IN_SLOT_WAIT_SECONDS` is told at once to try again in a few seconds (503 with
Retry-After, accounts.views.SignInView) instead of waiting in a sync worker.

When the cache does not answer (Redis down), sign-in is let through unbounded and the failure
logged, as the API's throttle does: the gate protects the pages, it must never lock people
out. `SIGN_IN_SLOTS = 0` switches the gate off.
"""

import logging
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from redis import RedisError

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.05


class NoSlotFree(Exception):
    """Every slot was held for the whole short wait: ask the person to try again shortly."""


def slot_keys() -> list[str]:
    host = socket.gethostname()
    return [f"sign-in-slot:{host}:{number}" for number in range(settings.SIGN_IN_SLOTS)]


def _take_a_free_slot(keys: list[str], token: str) -> str | None:
    for key in keys:
        if cache.add(key, token, timeout=settings.SIGN_IN_SLOT_LEASE_SECONDS):
            return key
    return None


def _release(key: str, token: str) -> None:
    """Frees the slot if it is still ours (its lease may have run out and another taken it:
    then it is theirs, and left alone). Get-then-delete is not atomic; the window is a
    lease that ran out in the instant between the two calls, and the cost of losing that race
    is one extra password check at once, for one lease."""
    try:
        if cache.get(key) == token:
            cache.delete(key)
    except RedisError as error:
        logger.warning("Sign-in slot %s not released, its lease will free it: %s", key, error)


@contextmanager
def password_check_slot() -> Iterator[None]:
    """Holds one of the machine's sign-in slots for the block; raises NoSlotFree when none
    frees up within the short wait. Unbounded when the gate is off or the cache is down."""
    keys = slot_keys()
    if not keys:
        yield
        return
    token = uuid.uuid4().hex
    deadline = time.monotonic() + settings.SIGN_IN_SLOT_WAIT_SECONDS
    try:
        while (key := _take_a_free_slot(keys, token)) is None:
            if time.monotonic() >= deadline:
                raise NoSlotFree
            time.sleep(POLL_SECONDS)
    except RedisError as error:
        logger.warning("Sign-in not limited, the cache that counts does not answer: %s", error)
        yield
        return
    try:
        yield
    finally:
        _release(key, token)
