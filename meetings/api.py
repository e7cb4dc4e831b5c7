"""The REST API of Family Team Meetings: the meetings (read) and their action items (read;
a change of status, with If-Match, through services.action_item_save as the page does)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.response import Response

from api.viewsets import FamilyRecordViewSet, IfMatchMixin, etag_of

from .models import ActionItem, ActionStatus, Meeting
from .services import action_item_save


class MeetingSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "meeting_type", "scheduled_at", "place", "facilitator", "purpose", "desired_outcome",
            "status", "cancelled_reason", "worries", "working_well", "needs_to_happen", "decisions",
            "recorded_by", "created_at", "version",
        ]  # fmt: skip


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "what", "who", "due_on", "status", "done_on", "version"]
        read_only_fields = ["meeting", "what", "who", "due_on", "done_on", "version"]


class ActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, FamilyRecordViewSet):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.select_related("recorded_by")

    def retrieve(self, request, *args, **kwargs):
        meeting = self.get_object()
        return Response(self.get_serializer(meeting).data, headers={"ETag": etag_of(meeting)})


IF_MATCH = OpenApiParameter(
    "If-Match", location=OpenApiParameter.HEADER, required=True, description="The ETag of the item as read."
)


class ActionItemViewSet(IfMatchMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, FamilyRecordViewSet):
    """Who does what by when, agreed at the family's meetings. PATCH changes the status only
    (to do, done, no longer needed), and only with If-Match: the item's ETag as read."""

    serializer_class = ActionItemSerializer
    queryset = ActionItem.objects.select_related("meeting__family")
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        request=ActionStatusSerializer, responses={200: ActionItemSerializer}, parameters=[IF_MATCH]
    )
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        expected = self.expected_version(item)
        change = ActionStatusSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        item = action_item_save(
            meeting=item.meeting,
            by=request.user,
            existing=item,
            expected_version=expected,
            **change.validated_data,
        )
        return Response(self.get_serializer(item).data, headers={"ETag": etag_of(item)})


def register(router) -> None:
    router.register("families/<uuid:public_id>/meetings", MeetingViewSet, basename="meeting")
    router.register("families/<uuid:public_id>/action-items", ActionItemViewSet, basename="action-item")
