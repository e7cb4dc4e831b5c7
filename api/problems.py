"""Every error of the API as an RFC 9457 problem detail (`application/problem+json`):

    {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No such family."}

Bad input adds `errors`, the messages by field (`non_field_errors` for the record as a whole),
as the forms show them next to each field. `type` is about:blank (the title is the HTTP
status's) except for the problems a client handles on purpose, which have their own URI.
"""

from http import HTTPStatus

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from families.versioning import EditConflict

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPES = "https://sop-casework.example/problems/"  # documents the types; never fetched


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "if_match_required"
    default_detail = _(
        "Send If-Match with the ETag of the record as you read it. A change without it is "
        "refused, so no one overwrites a change they have not seen."
    )


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "edit_conflict"
    default_detail = _(
        "Someone changed this record after you read it. Nothing is saved: read it again, "
        "then send your change with its new ETag."
    )


TYPED = {"edit_conflict", "if_match_required", "invalid"}


def problem_handler(exc, context):
    if isinstance(exc, EditConflict):
        exc = PreconditionFailed()
    elif isinstance(exc, DjangoValidationError):
        # A service refused the input (full_clean, its own checks): the same messages as the forms.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    problem = {
        "type": f"{PROBLEM_TYPES}{code.replace('_', '-')}" if code in TYPED else "about:blank",
        "title": HTTPStatus(response.status_code).phrase,
        "status": response.status_code,
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = str(_("Some of what was sent is not valid: see errors."))
        problem["errors"] = (
            response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        )
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        problem["detail"] = str(detail)
    response.data = problem
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
