"""The REST API of case plans (read): every version of the family's case plan, newest first,
with the goals it links and its steps (withdrawn steps too, marked)."""

from django.db.models import Prefetch
from rest_framework import mixins, serializers
from rest_framework.response import Response

from api.viewsets import FamilyRecordViewSet, etag_of

from .models import CasePlan, CasePlanStep


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = CasePlanStep
        fields = [
            "id", "safety_goal", "well_being_goal", "what", "who", "by_when", "progress_shown_by",
            "withdrawn_at", "withdrawn_reason", "version",
        ]  # fmt: skip


class CasePlanSerializer(serializers.ModelSerializer):
    safety_goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    well_being_goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)

    class Meta:
        model = CasePlan
        fields = [
            "id", "number", "status", "safety_goals", "well_being_goals", "services", "visit_frequency",
            "review_on", "steps", "recorded_by", "submitted_at", "decided_by", "decided_at",
            "decision_comment", "created_at", "version",
        ]  # fmt: skip


class CasePlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, FamilyRecordViewSet):
    serializer_class = CasePlanSerializer
    queryset = CasePlan.objects.select_related("recorded_by", "decided_by").prefetch_related(
        "safety_goals",
        "well_being_goals",
        Prefetch("steps", CasePlanStep.objects.order_by("id")),
    )

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        return Response(self.get_serializer(plan).data, headers={"ETag": etag_of(plan)})


def register(router) -> None:
    router.register("families/<uuid:public_id>/case-plans", CasePlanViewSet, basename="case-plan")
