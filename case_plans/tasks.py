"""Celery tasks take ids, load, and call a service."""

from celery import shared_task

from . import services


@shared_task(
    name="case_plans.render_document",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
    # The Document row is the result. Keeping none also means sending the task never touches
    # the result store, which raises RuntimeError, not a connection error, when Redis is down.
    ignore_result=True,
)
def render_document(document_id: int) -> str:
    return services.document_render(document_id).state


@shared_task(name="case_plans.sweep_documents")
def sweep_documents() -> int:
    """Sent by celery beat: a worker running it means the task service is up again, so
    requests it could not take are sent again."""
    return services.documents_sweep(resend=True)
