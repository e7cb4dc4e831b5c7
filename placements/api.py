"""The REST API of children in care: each child's placements, the family-time plans and the
visits held against them (read). Assembled under /api/v1/ by api.urls.

No address leaves through the API: a placement's address (which the court may have ordered
kept from the parents) and a resource family's (only staff with a need read it, each read
audited: `ResourceFamily.objects.address_visible_to`) stay on the pages. The fields are listed
one by one on purpose: a field added to a model does not reach the API unless named here."""

from rest_framework import serializers

from api.viewsets import ReadOnlyRecords, username_of

from .models import FamilyTimePlan, FamilyTimeVisit, Placement


class PlacementSerializer(serializers.ModelSerializer):
    recorded_by = username_of("recorded_by")
    carer = serializers.CharField(read_only=True, help_text="Who looks after the child here.")
    resource_family = serializers.CharField(
        source="resource_family.name", read_only=True, allow_null=True, help_text="Its name, not its address."
    )

    class Meta:
        model = Placement
        fields = [
            "id", "child", "setting", "started_on", "ended_on", "carer", "carer_relationship",
            "resource_family", "reason", "end_reason", "icwa_reason_to_know", "tribe", "tribe_notified_on",
            "relatives_considered", "relatives_not_considered_why", "recorded_by", "created_at", "version",
        ]  # fmt: skip


class FamilyTimePlanSerializer(serializers.ModelSerializer):
    recorded_by = username_of("recorded_by")

    class Meta:
        model = FamilyTimePlan
        fields = [
            "id", "child", "with_whom", "with_kind", "times", "per", "supervised", "supervised_by", "place",
            "started_on", "ended_on", "recorded_by", "created_at", "version",
        ]  # fmt: skip


class FamilyTimeVisitSerializer(serializers.ModelSerializer):
    recorded_by = username_of("recorded_by")

    class Meta:
        model = FamilyTimeVisit
        fields = [
            "id", "plan", "scheduled_at", "status", "cancelled_by", "notes", "recorded_by", "created_at",
            "version",
        ]  # fmt: skip


class PlacementViewSet(ReadOnlyRecords):
    """Where each child of the family has lived, newest first: the setting, the dates, the
    carer, why each move happened, the ICWA and relatives-first answers. No address."""

    serializer_class = PlacementSerializer
    queryset = Placement.objects.select_related("recorded_by", "resource_family")


class FamilyTimePlanViewSet(ReadOnlyRecords):
    """Each child's planned family time: with whom, how often, supervised by whom, where."""

    serializer_class = FamilyTimePlanSerializer
    queryset = FamilyTimePlan.objects.select_related("recorded_by")


class FamilyTimeVisitViewSet(ReadOnlyRecords):
    """Each visit of the family's family-time plans: scheduled, held, cancelled (by whom) or
    missed, with its notes."""

    serializer_class = FamilyTimeVisitSerializer
    queryset = FamilyTimeVisit.objects.select_related("recorded_by")


def register(router) -> None:
    family = "families/<uuid:public_id>"
    router.register(f"{family}/placements", PlacementViewSet, basename="placement")
    router.register(f"{family}/family-time-plans", FamilyTimePlanViewSet, basename="family-time-plan")
    router.register(f"{family}/family-time-visits", FamilyTimeVisitViewSet, basename="family-time-visit")
