"""The REST API of the protective factors: each family's assessments with their factor
scores (submitted ones: a draft's answers are still being given), and its well-being goals."""

from rest_framework import mixins, serializers
from rest_framework.response import Response

from api.viewsets import FamilyRecordViewSet, etag_of

from .models import Assessment, AssessmentStatus, FactorScore, WellBeingGoal


class FactorScoreSerializer(serializers.ModelSerializer):
    factor = serializers.CharField(source="factor.code")

    class Meta:
        model = FactorScore
        fields = ["factor", "mean", "band", "answered", "items"]


class AssessmentSerializer(serializers.ModelSerializer):
    instrument = serializers.SerializerMethodField()
    scores = FactorScoreSerializer(many=True, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id", "instrument", "caregiver", "child", "kind", "assessed_on", "status", "submitted_at",
            "scores", "recorded_by", "version",
        ]  # fmt: skip

    def get_instrument(self, assessment) -> str:
        return f"{assessment.instrument.code} v{assessment.instrument.version}"


class WellBeingGoalSerializer(serializers.ModelSerializer):
    factor = serializers.CharField(source="factor.code")
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = WellBeingGoal
        fields = [
            "id", "factor", "caregiver", "child", "goal", "target_date", "status", "recorded_by",
            "created_at", "version",
        ]  # fmt: skip


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, FamilyRecordViewSet):
    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return Response(self.get_serializer(record).data, headers={"ETag": etag_of(record)})


class AssessmentViewSet(ReadOnly):
    """Submitted protective-factor assessments, newest first, each with its score per factor."""

    serializer_class = AssessmentSerializer
    queryset = (
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .select_related("instrument", "recorded_by")
        .prefetch_related("scores__factor")
    )


class WellBeingGoalViewSet(ReadOnly):
    serializer_class = WellBeingGoalSerializer
    queryset = WellBeingGoal.objects.select_related("factor", "recorded_by")


def register(router) -> None:
    router.register("families/<uuid:public_id>/assessments", AssessmentViewSet, basename="assessment")
    router.register(
        "families/<uuid:public_id>/well-being-goals", WellBeingGoalViewSet, basename="well-being-goal"
    )
