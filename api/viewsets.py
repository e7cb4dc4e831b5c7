"""What every API view shares (each app's api.py builds on these):

- `ApiViewSet`: token authentication, the token's rights, throttling per token, cursor
  pagination, problem details (all set in settings.REST_FRAMEWORK), and one audit event for
  every call, naming the token.
- `FamilyRecordViewSet`: the records of one family, `/families/<public_id>/…`. The family
  comes through `get_family_for_user` (404 outside the user's scope, before anything else is
  looked at); a read of its records is audited as a page view of the family.
- `ReadOnlyRecords`: a FamilyRecordViewSet that lists and reads (with the ETag), no more.
- `IfMatchMixin`: `ETag` from the record's version on reads; an update needs `If-Match`
  (428 without it, 412 when stale) and passes the version to the service, whose own check
  (claim_version) catches a change made between the two.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.response import Response

from audit.models import AuditAction
from audit.services import audit_record
from families.access import get_family_for_user

from .models import ApiToken
from .problems import PreconditionFailed, PreconditionRequired


class ApiViewSet(viewsets.GenericViewSet):
    family = None  # the family a call is about, when it is about one

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request.auth
        if isinstance(token, ApiToken):
            how = f"API token “{token.name}”: {request.method} {response.status_code}"
            family = self.family
            read_of_family = family is not None and request.method == "GET" and response.status_code == 200
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW if read_of_family else AuditAction.API,
                family_public_id=family.public_id if family is not None else None,
                case_number=family.case_number if family is not None else "",
                detail=how,
            )
        return response


class FamilyRecordViewSet(ApiViewSet):
    """Records below a family. Subclasses give `queryset` (filtered here by the family)."""

    lookup_value_converter = "int"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the token, its rights, the throttle first
        self.family = get_family_for_user(request.user, kwargs["public_id"])
        if request.method not in permissions.SAFE_METHODS and self.family.granted_only:
            raise PermissionDenied(_("You were granted access to read this family, not to change it."))

    def get_queryset(self):
        return super().get_queryset().filter(family=self.family)


def etag_of(record) -> str:
    return f'"{record.version}"'


class ReadOnlyRecords(mixins.ListModelMixin, mixins.RetrieveModelMixin, FamilyRecordViewSet):
    """A family's records, listed and read one by one (each with its ETag), never written."""

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return Response(self.get_serializer(record).data, headers={"ETag": etag_of(record)})


def username_of(source: str) -> serializers.CharField:
    """The username of the person in `source` (e.g. "recorded_by"), or null."""
    return serializers.CharField(source=f"{source}.username", read_only=True, allow_null=True)


class IfMatchMixin:
    """For viewsets over Versioned records: `retrieve` sends the ETag; `expected_version()`
    reads If-Match for an update."""

    def get_object(self):
        if getattr(self, "_object", None) is None:
            self._object = super().get_object()
        return self._object

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag_of(self.get_object())
        return response

    def expected_version(self, record) -> int:
        sent = self.request.headers.get("If-Match", "")
        tags = [tag.strip().removeprefix("W/").strip('"') for tag in sent.split(",") if tag.strip()]
        # No If-Match, or "*" (any version, which would skip the check): refused alike.
        if not tags or "*" in tags:
            raise PreconditionRequired()
        if str(record.version) not in tags:
            raise PreconditionFailed()
        return record.version
