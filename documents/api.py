"""The REST API of a case's files: their metadata, and a download link that streams the file
through services.case_file_open (the same rule as the page: a restricted file only for the
assigned caseworker, their supervisor and program administrators; every download audited)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from api.viewsets import FamilyRecordViewSet

from . import services
from .models import CaseFile


class CaseFileSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = CaseFile
        fields = [
            "id", "kind", "title", "document_date", "original_name", "content_type", "size", "sha256",
            "scan_status", "restricted", "uploaded_by", "uploaded_at", "download",
        ]  # fmt: skip

    def get_download(self, case_file) -> str:
        """The URL that streams the file (with the same token); every download is audited."""
        return reverse(
            "api:case-file-download",
            kwargs={"public_id": case_file.family.public_id, "file_id": case_file.public_id},
            request=self.context.get("request"),
        )


class CaseFileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, FamilyRecordViewSet):
    """The family's files (not withdrawn), newest first."""

    serializer_class = CaseFileSerializer
    queryset = CaseFile.objects.filter(withdrawn_at__isnull=True).select_related("uploaded_by", "family")
    lookup_field = "public_id"
    lookup_url_kwarg = "file_id"
    lookup_value_converter = "uuid"

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        case_file = self.get_object()
        stream = services.case_file_open(case_file=case_file, by=request.user)
        response = FileResponse(
            stream, as_attachment=True, filename=case_file.original_name, content_type=case_file.content_type
        )
        response.block_size = 256 * 1024  # as the page's download (bench/uploads.py)
        response["Content-Length"] = str(case_file.size)
        return response


def register(router) -> None:
    router.register("families/<uuid:public_id>/files", CaseFileViewSet, basename="case-file")
