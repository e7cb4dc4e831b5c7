"""The REST API of the court: the family's hearings with their orders, and the court reports
written for them (read). Assembled under /api/v1/ by api.urls.

A court report is listed with its narrative and status; its final PDF (the copy the court got)
is a case document, read through the page that audits each download. The fields are listed one
by one on purpose: a field added to a model does not reach the API unless named here."""

from django.db.models import Prefetch
from rest_framework import serializers

from api.viewsets import ReadOnlyRecords, username_of

from .models import CourtOrder, CourtReport, Hearing


class CourtOrderSerializer(serializers.ModelSerializer):
    recorded_by = username_of("recorded_by")

    class Meta:
        model = CourtOrder
        fields = ["id", "hearing", "kind", "text", "ended_on", "recorded_by", "created_at", "version"]


class HearingSerializer(serializers.ModelSerializer):
    recorded_by = username_of("recorded_by")
    withdrawn_by = username_of("withdrawn_by")
    orders = CourtOrderSerializer(many=True, read_only=True)

    class Meta:
        model = Hearing
        fields = [
            "id", "kind", "kind_other", "hearing_on", "children", "outcome", "orders", "withdrawn_at",
            "withdrawn_by", "withdrawn_reason", "recorded_by", "created_at", "version",
        ]  # fmt: skip


class CourtReportSerializer(serializers.ModelSerializer):
    recorded_by = username_of("recorded_by")
    decided_by = username_of("decided_by")

    class Meta:
        model = CourtReport
        fields = [
            "id", "hearing", "number", "status", "summary", "assessment", "recommendation", "submitted_at",
            "decided_by", "decided_at", "decision_comment", "recorded_by", "created_at", "version",
        ]  # fmt: skip


class HearingViewSet(ReadOnlyRecords):
    """The family's hearings, newest first (withdrawn ones say so), each with the children it
    is about, its outcome and the orders made at it."""

    serializer_class = HearingSerializer
    queryset = Hearing.objects.select_related("recorded_by", "withdrawn_by").prefetch_related(
        "children", Prefetch("orders", CourtOrder.objects.select_related("recorded_by"))
    )


class CourtOrderViewSet(ReadOnlyRecords):
    """Every order of the family's hearings; one in force has no `ended_on`."""

    serializer_class = CourtOrderSerializer
    queryset = CourtOrder.objects.select_related("recorded_by")


class CourtReportViewSet(ReadOnlyRecords):
    """Every version of the court reports for the family's hearings: draft, waiting for the
    supervisor, returned, final or superseded."""

    serializer_class = CourtReportSerializer
    queryset = CourtReport.objects.select_related("recorded_by", "decided_by")


def register(router) -> None:
    family = "families/<uuid:public_id>"
    router.register(f"{family}/hearings", HearingViewSet, basename="hearing")
    router.register(f"{family}/court-orders", CourtOrderViewSet, basename="court-order")
    router.register(f"{family}/court-reports", CourtReportViewSet, basename="court-report")
