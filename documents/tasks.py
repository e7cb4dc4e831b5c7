"""Celery tasks take ids, load, and call a service.

The tasks were named `case_plans.*` while the pipeline lived in case_plans. Messages carry the
name, so renders queued by the previous release and not yet run when a deploy restarts the
workers (and a beat still sending the old name until it is restarted) still arrive under
it: the old names stay registered here as aliases that run the same service."""

from celery import shared_task

from . import services

RENDER = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    # A 30-page plan takes about 2.5 s on a quiet machine (bench/RESULTS.md); past these a
    # render is stopped and the document says so (documents.models.TOOK_TOO_LONG).
    "soft_time_limit": 60,
    "time_limit": 90,
    "autoretry_for": (ConnectionError,),
    "retry_backoff": True,
    "max_retries": 3,
    # The Document row is the result. Keeping none also means sending the task never touches
    # the result store, which raises RuntimeError, not a connection error, when Redis is down.
    "ignore_result": True,
}


@shared_task(name="documents.render_document", **RENDER)
def render_document(document_id: int) -> str:
    return services.document_render(document_id).state


@shared_task(name="documents.sweep_documents")
def sweep_documents() -> int:
    """Sent by celery beat: a worker running it means the task service is up again, so
    requests it could not take are sent again."""
    return services.documents_sweep(resend=True)


# --- The names of the previous release (see above); nothing sends them any more ----------


@shared_task(name="case_plans.render_document", **RENDER)
def render_document_under_its_old_name(document_id: int) -> str:
    return services.document_render(document_id).state


@shared_task(name="case_plans.sweep_documents")
def sweep_documents_under_its_old_name() -> int:
    return services.documents_sweep(resend=True)
