"""The REST API of intake: a family's referrals, each with its allegations, their screening
and findings (read). Assembled under /api/v1/ by api.urls.

The reporter's identity is confidential by law (DOMAIN.md, "What may leave the system"): no
answer carries the reporter's name or how to reach them (Reporter is never read here), nor
what kind of reporter it was or whether a mandated one (ReporterType says the reporter's
relationship to the child: a relative, a neighbour, the school). The fields below are listed
one by one on purpose: a field added to Referral does not reach the API unless named here."""

from django.db.models import Prefetch
from rest_framework import serializers

from api.viewsets import ReadOnlyRecords, username_of

from .models import Allegation, Referral


class AllegationSerializer(serializers.ModelSerializer):
    found_by = username_of("found_by")

    class Meta:
        model = Allegation
        fields = [
            "id", "referral", "child", "alleged_caregiver", "alleged_other", "kind", "what_was_reported",
            "finding", "found_on", "found_by", "created_at", "version",
        ]  # fmt: skip


class ReferralSerializer(serializers.ModelSerializer):
    recorded_by = username_of("recorded_by")
    screened_by = username_of("screened_by")
    findings_by = username_of("findings_by")
    allegations = AllegationSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id", "received_at", "channel", "what_was_reported", "screening", "response_time",
            "screened_on", "screened_by", "screen_out_reason", "community_services",
            "community_services_to", "findings_on", "findings_by", "allegations", "recorded_by",
            "created_at", "version",
        ]  # fmt: skip


class ReferralViewSet(ReadOnlyRecords):
    """The family's referrals, newest first, each with its allegations, the screening decision
    and the findings. Who reported it is confidential: not here."""

    serializer_class = ReferralSerializer
    queryset = Referral.objects.select_related("recorded_by", "screened_by", "findings_by").prefetch_related(
        Prefetch("allegations", Allegation.objects.select_related("found_by"))
    )


class AllegationViewSet(ReadOnlyRecords):
    """Every allegation of the family's referrals, with its finding."""

    serializer_class = AllegationSerializer
    queryset = Allegation.objects.select_related("found_by")


def register(router) -> None:
    family = "families/<uuid:public_id>"
    router.register(f"{family}/referrals", ReferralViewSet, basename="referral")
    router.register(f"{family}/allegations", AllegationViewSet, basename="allegation")
