"""The REST API of the safety work: the map (entries, harm and danger statements with their
safety goals), scaling numbers (read, and record one through services.scaling_record), the
safety network, the safety plans, the SDM safety and risk decisions and the child's Three
Houses (read). Assembled under /api/v1/ by api.urls."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from api.viewsets import ReadOnlyRecords, etag_of
from families.models import Caregiver, Child

from .models import (
    DangerStatement,
    HarmStatement,
    MapEntry,
    NetworkMember,
    RiskAssessment,
    RiskLevel,
    SafetyAssessment,
    SafetyAssessmentStatus,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanRule,
    ScalingGiver,
    ScalingScore,
    ThreeHouses,
)
from .services import scaling_record

RECORDED = ["recorded_by", "created_at", "version"]
WITHDRAWN = ["status", "withdrawn_on", "withdrawn_reason"]


class RecordSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)


class MapEntrySerializer(RecordSerializer):
    class Meta:
        model = MapEntry
        fields = ["id", "kind", "text", "noted_on", *WITHDRAWN, *RECORDED]


class HarmStatementSerializer(RecordSerializer):
    class Meta:
        model = HarmStatement
        fields = [
            "id", "what_happened", "happened_on", "child", "caregiver", "caregiver_action", "effect",
            "noted_on", *WITHDRAWN, *RECORDED,
        ]  # fmt: skip


class SafetyGoalSerializer(serializers.ModelSerializer):
    protective_factors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = SafetyGoal
        fields = [
            "id", "caregivers_will", "child_will_experience", "agency_needs_to_see", "for_how_long",
            "protective_factors", *WITHDRAWN, "version",
        ]  # fmt: skip


class DangerStatementSerializer(RecordSerializer):
    children = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    goals = SafetyGoalSerializer(many=True, read_only=True)

    class Meta:
        model = DangerStatement
        fields = [
            "id", "who_is_worried", "caregiver_behaviour", "children", "what_could_happen", "noted_on",
            "goals", *WITHDRAWN, *RECORDED,
        ]  # fmt: skip


class ScalingSerializer(RecordSerializer):
    caregiver = serializers.PrimaryKeyRelatedField(
        queryset=Caregiver.objects.none(), required=False, allow_null=True
    )
    child = serializers.PrimaryKeyRelatedField(queryset=Child.objects.none(), required=False, allow_null=True)
    network_member = serializers.PrimaryKeyRelatedField(
        queryset=NetworkMember.objects.none(), required=False, allow_null=True
    )
    staff = serializers.CharField(source="staff.username", read_only=True, allow_null=True)
    name = serializers.CharField(
        required=False, help_text="The name of someone else (no caregiver, child or member named)."
    )

    class Meta:
        model = ScalingScore
        fields = [
            "id", "score", "scored_on", "occasion", "note", "given_by", "name", "caregiver", "child",
            "network_member", "staff", *RECORDED,
        ]  # fmt: skip
        read_only_fields = ["given_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = self.context.get("family")
        if family is not None:  # only this family's people, and its network, give its numbers
            self.fields["caregiver"].queryset = Caregiver.objects.filter(family=family)
            self.fields["child"].queryset = Child.objects.filter(family=family)
            self.fields["network_member"].queryset = NetworkMember.objects.filter(family=family)

    def validate(self, data):
        linked = [name for name in ("caregiver", "child", "network_member") if data.get(name) is not None]
        if len(linked) > 1:
            raise serializers.ValidationError(_("A scaling number is given by one person."))
        if not linked:
            if not (data.get("name") or "").strip():
                raise serializers.ValidationError(
                    {"name": _("Write the name of the person who gave the number.")}
                )
            data = {**data, "given_by": ScalingGiver.OTHER, "name": data["name"].strip()}
        else:
            data.pop("name", None)
        return data


class NetworkMemberSerializer(RecordSerializer):
    class Meta:
        model = NetworkMember
        fields = [
            "id", "name", "relationship", "kind", "circle", "phone", "email", "agreed_to",
            "knows_the_worries", "joined_on", "left_on", *RECORDED,
        ]  # fmt: skip


class SafetyPlanRuleSerializer(serializers.ModelSerializer):
    responsible = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SafetyPlanRule
        fields = ["id", "rule", "how_it_holds", "responsible", "position", "version"]


class SafetyPlanSerializer(RecordSerializer):
    rules = SafetyPlanRuleSerializer(many=True, read_only=True)
    caregivers_took_part = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    children_took_part = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    network_took_part = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SafetyPlan
        fields = [
            "id", "number", "status", "warning_signs", "if_a_rule_is_broken", "backup_plan", "monitoring",
            "review_on", "caregivers_took_part", "children_took_part", "network_took_part", "rules",
            "activated_on", "superseded_on", *RECORDED,
        ]  # fmt: skip


class SafetyAssessmentSerializer(RecordSerializer):
    threats = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="The codes of the safety threats present."
    )

    class Meta:
        model = SafetyAssessment
        fields = [
            "id", "assessed_on", "decision", "scored_decision", "override_decision", "override_reason",
            "override_status", "threats", "placement_made", "notes", *RECORDED,
        ]  # fmt: skip


class RiskAssessmentSerializer(RecordSerializer):
    override_decided_by = serializers.CharField(
        source="override_decided_by.username", read_only=True, allow_null=True
    )
    level = serializers.ChoiceField(
        choices=RiskLevel.choices,
        read_only=True,
        help_text="The level in force: the override once a supervisor approved it, else the tool's.",
    )

    class Meta:
        model = RiskAssessment
        fields = [
            "id", "assessed_on", "kind", "answers", "index_scores", "index_level", "policy_overrides",
            "scored_level", "override_level", "override_reason", "override_status",
            "override_decided_by", "override_decided_at", "override_decision_comment", "level", "notes",
            *RECORDED,
        ]  # fmt: skip


class ThreeHousesSerializer(RecordSerializer):
    class Meta:
        model = ThreeHouses
        fields = [
            "id", "child", "recorded_on", "house_of_worries", "house_of_good_things",
            "house_of_hopes_and_dreams", "sat_with", *RECORDED,
        ]  # fmt: skip


class MapEntryViewSet(ReadOnlyRecords):
    """The plain entries of the family's map (withdrawn ones too, with the reason)."""

    serializer_class = MapEntrySerializer
    queryset = MapEntry.objects.select_related("recorded_by")


class HarmStatementViewSet(ReadOnlyRecords):
    serializer_class = HarmStatementSerializer
    queryset = HarmStatement.objects.select_related("recorded_by")


class DangerStatementViewSet(ReadOnlyRecords):
    """Danger statements, each with its safety goal (withdrawn goals too)."""

    serializer_class = DangerStatementSerializer
    queryset = DangerStatement.objects.select_related("recorded_by").prefetch_related(
        "children", Prefetch("goals", SafetyGoal.objects.prefetch_related("protective_factors"))
    )


class ScalingViewSet(mixins.CreateModelMixin, ReadOnlyRecords):
    """Scaling numbers (0 to 10), newest first. Recording one goes through
    services.scaling_record, as the page's form does."""

    serializer_class = ScalingSerializer
    queryset = ScalingScore.objects.select_related("recorded_by", "staff")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "family": self.family}

    @extend_schema(responses={201: ScalingSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        score = scaling_record(family=self.family, by=request.user, **serializer.validated_data)
        return Response(
            self.get_serializer(score).data, status=status.HTTP_201_CREATED, headers={"ETag": etag_of(score)}
        )


class NetworkMemberViewSet(ReadOnlyRecords):
    """The family's safety network, those who left too (with the day they left)."""

    serializer_class = NetworkMemberSerializer
    queryset = NetworkMember.objects.select_related("recorded_by")


class SafetyPlanViewSet(ReadOnlyRecords):
    """Every version of the safety plan, newest first, with its rules."""

    serializer_class = SafetyPlanSerializer
    queryset = SafetyPlan.objects.select_related("recorded_by").prefetch_related(
        "caregivers_took_part",
        "children_took_part",
        "network_took_part",
        Prefetch("rules", SafetyPlanRule.objects.prefetch_related("responsible")),
    )


class SafetyAssessmentViewSet(ReadOnlyRecords):
    """SDM safety assessments submitted, newest first: the decision in force, the tool's and any
    override, the threats present, whether a child was placed. A draft is not a decision yet
    and is not listed."""

    serializer_class = SafetyAssessmentSerializer
    queryset = (
        SafetyAssessment.objects.filter(status=SafetyAssessmentStatus.SUBMITTED)
        .select_related("recorded_by")
        .prefetch_related("threats")
    )


class RiskAssessmentViewSet(ReadOnlyRecords):
    """SDM risk assessments, newest first: the tool's level, any override and its approval,
    and the level in force."""

    serializer_class = RiskAssessmentSerializer
    queryset = RiskAssessment.objects.select_related("recorded_by", "override_decided_by")


class ThreeHousesViewSet(ReadOnlyRecords):
    """The children's Three Houses, in their own words, newest first."""

    serializer_class = ThreeHousesSerializer
    queryset = ThreeHouses.objects.select_related("recorded_by")


def register(router) -> None:
    family = "families/<uuid:public_id>"
    router.register(f"{family}/map-entries", MapEntryViewSet, basename="map-entry")
    router.register(f"{family}/harm-statements", HarmStatementViewSet, basename="harm-statement")
    router.register(f"{family}/danger-statements", DangerStatementViewSet, basename="danger-statement")
    router.register(f"{family}/scaling", ScalingViewSet, basename="scaling")
    router.register(f"{family}/network-members", NetworkMemberViewSet, basename="network-member")
    router.register(f"{family}/safety-plans", SafetyPlanViewSet, basename="safety-plan")
    router.register(f"{family}/safety-assessments", SafetyAssessmentViewSet, basename="safety-assessment")
    router.register(f"{family}/risk-assessments", RiskAssessmentViewSet, basename="risk-assessment")
    router.register(f"{family}/three-houses", ThreeHousesViewSet, basename="three-houses")
