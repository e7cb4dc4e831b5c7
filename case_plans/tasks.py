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
)
def render_document(document_id: int) -> str:
    return services.document_render(document_id).state


@shared_task(name="case_plans.sweep_documents")
def sweep_documents() -> int:
    return services.documents_sweep()
