"""The REST API of the case record: families (with caregivers, children and the status
history) and their contacts and visits. Assembled under /api/v1/ by api.urls."""

from django.db.models import Prefetch
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from accounts.models import User
from api.viewsets import ApiViewSet, FamilyRecordViewSet, IfMatchMixin, etag_of

from .access import get_family_for_user
from .models import (
    Caregiver,
    Child,
    Contact,
    ContactKind,
    Family,
    FamilyStatus,
    FamilyStatusChange,
    ResponsePriority,
)
from .search import fold
from .services import contact_save


class StaffSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name")

    class Meta:
        model = User
        fields = ["username", "name"]


class CaregiverSerializer(serializers.ModelSerializer):
    class Meta:
        model = Caregiver
        fields = [
            "id", "first_name", "last_name", "preferred_name", "date_of_birth", "lives_in_home",
            "is_primary", "phone", "email", "language", "left_household_on", "version",
        ]  # fmt: skip


class ChildSerializer(serializers.ModelSerializer):
    living_arrangement = serializers.SerializerMethodField(
        help_text="Where the child lives today: the setting of the child's current placement (at_home, "
        "other_parent, relative, extended_family, resource_family, group, hospital); null when no "
        "placement is current."
    )

    class Meta:
        model = Child
        fields = [
            "id", "first_name", "last_name", "preferred_name", "date_of_birth", "living_arrangement",
            "school", "left_household_on", "version",
        ]  # fmt: skip

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_living_arrangement(self, child) -> str | None:
        """Read from the placements prefetched with the child (FamilyViewSet.get_object)."""
        today = timezone.localdate()
        for placement in child.placements.all():
            if placement.started_on <= today and (placement.ended_on is None or placement.ended_on > today):
                return placement.setting
        return None


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.username")

    class Meta:
        model = FamilyStatusChange
        fields = ["from_status", "to_status", "effective_on", "reason", "changed_by", "recorded_at"]


class FamilySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    assigned_caseworker = StaffSerializer(allow_null=True)

    class Meta:
        model = Family
        fields = [
            "id", "case_number", "display_name", "status", "referral_date", "response_priority",
            "first_contact_at", "first_contact_kind", "closed_on", "closure_reason",
            "assigned_caseworker", "updated_at", "version",
        ]  # fmt: skip


class FamilyDetailSerializer(FamilySerializer):
    caregivers = CaregiverSerializer(many=True)
    children = ChildSerializer(many=True)
    status_history = StatusChangeSerializer(many=True, source="status_changes")

    class Meta(FamilySerializer.Meta):
        fields = [
            *FamilySerializer.Meta.fields,
            "address", "primary_language", "interpreter_needed", "document_language", "icwa_applies",
            "caregivers", "children", "status_history",
        ]  # fmt: skip


class FamilyFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=FamilyStatus.choices)
    response_priority = filters.ChoiceFilter(choices=ResponsePriority.choices)
    assigned_to = filters.CharFilter(
        field_name="assigned_caseworker__username", label="assigned caseworker's username"
    )
    referred_after = filters.DateFilter(field_name="referral_date", lookup_expr="gte")
    referred_before = filters.DateFilter(field_name="referral_date", lookup_expr="lte")
    q = filters.CharFilter(
        method="search", label="words of the family's or its people's names, or the case number"
    )

    class Meta:
        model = Family
        fields = []

    def search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class FamilyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The families the caller may see (Family.objects.visible_to), newest first."""

    lookup_field = "public_id"
    lookup_value_converter = "uuid"
    filterset_class = FamilyFilter

    def get_queryset(self):
        # Queries for a page of the list: the families with their caseworkers (1).
        return Family.objects.visible_to(self.request.user).select_related("assigned_caseworker")

    def get_serializer_class(self):
        return FamilyDetailSerializer if self.action == "retrieve" else FamilySerializer

    def get_object(self):
        rows = Family.objects.select_related("assigned_caseworker").prefetch_related(
            Prefetch("caregivers", Caregiver.objects.all()),
            Prefetch("children", Child.objects.prefetch_related("placements")),
            Prefetch("status_changes", FamilyStatusChange.objects.select_related("changed_by")),
        )
        self.family = get_family_for_user(self.request.user, self.kwargs["public_id"], queryset=rows)
        return self.family

    def retrieve(self, request, *args, **kwargs):
        family = self.get_object()
        return Response(self.get_serializer(family).data, headers={"ETag": family_etag(family)})


def family_etag(family: Family) -> str:
    """The ETag of a family as the API shows it: with its caregivers and children, so a change
    to any of them is a change to the family. Their versions are summed per kind: every edit
    adds one to a version and a new person adds theirs (no one is ever deleted), so the sum
    only grows, and the tag changes on every change. (The family's own version does not move
    when a person changes: a worker editing the family's details is not refused because a
    colleague corrected a child's school.) Read from the prefetched rows: no query."""
    caregivers = sum(person.version for person in family.caregivers.all())
    children = sum(person.version for person in family.children.all())
    return f'"{family.version}.{caregivers}.{children}"'


class ContactSerializer(serializers.ModelSerializer):
    children_seen = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Child.objects.none(), required=False
    )
    caregivers_present = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Caregiver.objects.none(), required=False
    )
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    in_person = serializers.BooleanField(source="is_in_person", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id", "occurred_at", "kind", "in_person", "location", "narrative", "children_seen",
            "caregivers_present", "recorded_by", "created_at", "version",
        ]  # fmt: skip
        read_only_fields = ["created_at", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = self.context.get("family")
        if family is not None:  # only this family's people can be named
            self.fields["children_seen"].child_relation.queryset = Child.objects.filter(family=family)
            self.fields["caregivers_present"].child_relation.queryset = Caregiver.objects.filter(
                family=family
            )


class ContactFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ContactKind.choices)
    in_person = filters.BooleanFilter(method="only_in_person", label="visits only (in-person contacts)")
    after = filters.DateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    before = filters.DateTimeFilter(field_name="occurred_at", lookup_expr="lte")

    class Meta:
        model = Contact
        fields = []

    def only_in_person(self, queryset, name, value):
        kinds = ContactKind.in_person()
        return queryset.filter(kind__in=kinds) if value else queryset.exclude(kind__in=kinds)


IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the contact as read.",
)


class ContactViewSet(
    IfMatchMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    FamilyRecordViewSet,
):
    """A family's contacts and visits (a visit is an in-person contact). Recording one, and
    correcting one (PATCH, with If-Match: the contact's ETag as read), go through
    families.services.contact_save, as the page's forms do."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    queryset = Contact.objects.select_related("recorded_by").prefetch_related(
        "children_seen", "caregivers_present"
    )
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "family": self.family}

    @extend_schema(responses={201: ContactSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = contact_save(family=self.family, by=request.user, **serializer.validated_data)
        return Response(
            self.get_serializer(contact).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag_of(contact)},
        )

    @extend_schema(request=ContactSerializer, responses={200: ContactSerializer}, parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        """Correct a contact: what is sent replaces what was recorded; the rest stays."""
        contact = self.get_object()
        expected = self.expected_version(contact)
        serializer = self.get_serializer(contact, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        as_recorded = {
            "occurred_at": contact.occurred_at,
            "kind": contact.kind,
            "location": contact.location,
            "narrative": contact.narrative,
            "children_seen": list(contact.children_seen.all()),
            "caregivers_present": list(contact.caregivers_present.all()),
        }
        contact = contact_save(
            family=self.family,
            by=request.user,
            contact=contact,
            expected_version=expected,
            **{**as_recorded, **serializer.validated_data},
        )
        return Response(self.get_serializer(contact).data, headers={"ETag": etag_of(contact)})


def register(router) -> None:
    router.register("families", FamilyViewSet, basename="family")
    router.register("families/<uuid:public_id>/contacts", ContactViewSet, basename="contact")
