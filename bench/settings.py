"""The project's settings as production has them (DEBUG off, manifest static files, real
password hashing), with what a benchmark on localhost needs on top: plain HTTP, its own
database, static files collected under bench/output/, and one extra page, the floor
(bench/urls.py). Anything already set in the environment wins; bench/agency.py sets
DATABASE_URL and REDIS_URL to the benchmark's own database and Redis database.
"""

import os

# A developer's .env (bin/serve writes DEBUG=true there) must not change what is measured.
os.environ.setdefault("READ_DOT_ENV", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-deployment-0123456789")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sop_bench")
# The test client and the load generator speak plain HTTP on localhost.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")

from sop_casework.settings import *  # noqa: E402, F403
from sop_casework.settings import BASE_DIR  # noqa: E402
from sop_casework.task_queues import celery_queues  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The production URLs, and the floor page.
ROOT_URLCONF = "bench.urls"
# Collected (hashed, compressed) by bench/agency.py, as the Docker image does; gitignored.
STATIC_ROOT = BASE_DIR / "bench" / "output" / "static"
# A queue of the run's own, so two runs sharing a Redis database never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("BENCH_CELERY_QUEUE", "bench")
CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(CELERY_TASK_DEFAULT_QUEUE)
