"""The Celery queues: the default one (the health task, the sweep, reminders, digests) and
one of its own for rendering documents, which can come in bursts of hundreds.

A worker started without -Q (docker-compose's `worker`) consumes every queue in
CELERY_TASK_QUEUES, and kombu's Redis transport asks them in turn (it rotates the queue it
just took from to the back), so with the prefetch multiplier at 1 a short task waits at
most for a render process to come free, never behind the whole burst. Measured with 200
case plans asked for at once (bench/documents_volume.py, bench/RESULTS.md "Documents at
volume")."""

from kombu import Queue

# Both names, the task's and the one of the release before it (documents.tasks).
RENDER_TASKS = ("documents.render_document", "case_plans.render_document")


def documents_queue(default: str) -> str:
    return f"{default}.documents"


def celery_queues(default: str) -> tuple[tuple[Queue, ...], dict]:
    """(CELERY_TASK_QUEUES, CELERY_TASK_ROUTES) around the default queue `default`."""
    documents = documents_queue(default)
    queues = (Queue(default, routing_key=default), Queue(documents, routing_key=documents))
    return queues, {name: {"queue": documents} for name in RENDER_TASKS}
