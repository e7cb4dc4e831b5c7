"""The project's settings (sop_casework/settings.py, the only settings there are), with
the test run's environment defaults filled in, so that a plain `pytest` works.

Tests run the way the agency runs: PostgreSQL, Redis, DEBUG off. Anything already set in the
environment wins (CI sets DATABASE_URL and REDIS_URL).
"""

import os
import uuid

# A developer's .env (bin/serve writes DEBUG=true there) must not change the test run.
os.environ.setdefault("READ_DOT_ENV", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sop_casework")
# A Redis database of its own, so tests never touch a developer's queued tasks.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# The cache's keys carry a prefix of this run's own (the Celery worker a test starts inherits
# it), so two runs on one Redis never share a counter; tests/conftest.py empties this run's
# keys before each test.
os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}")
# Tasks run in-process unless a test starts a real worker (tests/test_celery_worker.py).
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
# No persistent connections: the live server's thread must not hold the test database open.
os.environ.setdefault("CONN_MAX_AGE", "0")
# The test client and the live server speak plain HTTP on localhost.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from sop_casework.settings import *  # noqa: E402, F403

# Hashing passwords the production way (PBKDF2, ~1M iterations) is the slowest thing tests do;
# Django's documentation recommends a fast hasher for test runs. Never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
