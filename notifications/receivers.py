"""The immediate emails (an approval returned: a case plan, a risk, safety or reunification
override, a closure; access asked for), queued when the decision or the request is committed
(never from inside the transaction: a rollback must send nothing, and the worker must find the
row).

The decision is saved whether or not the task service answers: with the broker down the email
is not sent, which is logged (the worker sees the returned decision in the app all the same)."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

from . import tasks

logger = logging.getLogger(__name__)


def _queue(task, *args) -> None:
    def send() -> None:
        try:
            task.delay(*args)
        except OperationalError:
            logger.warning("The task service did not answer: %s%r not sent.", task.name, args)

    transaction.on_commit(send)


def email_plan_returned(plan) -> None:
    """Called by case_plans.services.case_plan_decide when the supervisor returns a plan."""
    _queue(tasks.send_plan_returned, plan.pk)


def email_override_returned(assessment) -> None:
    """Called by safety_networks.services.risk_override_decide when the override is not approved."""
    _queue(tasks.send_override_returned, assessment.pk)


def email_safety_override_returned(assessment) -> None:
    """Called by safety_networks.sdm.safety.safety_override_decide when the override is not
    approved."""
    _queue(tasks.send_safety_override_returned, assessment.pk)


def email_reunification_override_returned(reassessment) -> None:
    """Called by safety_networks.reunification_services.reunification_override_decide when the
    override is not approved."""
    _queue(tasks.send_reunification_override_returned, reassessment.pk)


def email_closure_returned(request) -> None:
    """Called by notifications.events when families announces a closure request returned."""
    _queue(tasks.send_closure_returned, request.pk)


def email_access_requested(request) -> None:
    """Called by notifications.events when families announces an access request."""
    _queue(tasks.send_access_requested, request.pk)
