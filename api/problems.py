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


# --- The schema: every operation's problem responses ------------------------------------

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 9457 problem detail: what went wrong, for a program and for a person.",
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": "about:blank, or the URI of a problem a client handles on purpose "
            "(edit-conflict, if-match-required, invalid).",
        },
        "title": {"type": "string", "description": "The HTTP status's phrase."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What happened, in words a person can act on."},
        "errors": {
            "type": "object",
            "description": "Bad input only: the messages by field (non_field_errors for the record "
            "as a whole), as the forms show them next to each field.",
            "additionalProperties": {"type": "array", "items": {}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

PROBLEMS = {
    "400": "The input is not valid: `errors` gives the messages by field.",
    "401": "No token, or a token that is unknown, expired or revoked.",
    "403": "The token may only read, or its account may not change this record.",
    "404": "No such record, or not in the caller's scope (the same answer for both).",
    "412": "The record changed since it was read (If-Match is stale): read it again.",
    "428": "If-Match is missing (or `*`): send the ETag of the record as read.",
    "429": "Too many calls with this token: wait, as Retry-After says.",
}
WRITES = {"post", "put", "patch", "delete"}
UPDATES = {"put", "patch"}
UNPAGED_QUERY = {"cursor", "page_size"}


def _problems_of(method: str, operation: dict) -> list[str]:
    parameters = operation.get("parameters", [])
    in_path = any(p.get("in") == "path" for p in parameters)
    filtered = any(p.get("in") == "query" and p["name"] not in UNPAGED_QUERY for p in parameters)
    codes = ["401"]
    if method in WRITES or filtered:
        codes.append("400")
    if method in WRITES:
        codes.append("403")
    if in_path:
        codes.append("404")
    if method in UPDATES:
        codes += ["412", "428"]
    codes.append("429")
    return sorted(codes)


def problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (settings.SPECTACULAR_SETTINGS): one `Problem`
    component, and on every operation the problems it can answer with, as
    application/problem+json: 401 and 429 always; 400 on writes and filtered lists; 403 on
    writes; 404 where the path names a family or a record; 412 and 428 on updates."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", *WRITES}:
                continue
            responses = operation.setdefault("responses", {})
            for code in _problems_of(method, operation):
                responses.setdefault(code, {"content": problem, "description": PROBLEMS[code]})
    return result
