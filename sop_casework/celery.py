"""The Celery application. Tasks live in each app's tasks.py and take ids, never instances."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sop_casework.settings")

app = Celery("sop_casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="sop_casework.ping", ignore_result=False)
def ping() -> str:
    """The health task: a worker that answers "pong" is consuming from the broker."""
    return "pong"
