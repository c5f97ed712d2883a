"""What the API answers: the records of the five datasets as stored (regions by their
Kemendagri code), regions, indicators, submissions and forum action items."""

from __future__ import annotations

from rest_framework import serializers

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.forums.models import ActionItem
from ucj.indicators.selectors import KEYS, LABELS, MONEY_KEYS, RATIO_KEYS
from ucj.regions.models import Region
from ucj.submissions.models import State

HIDDEN = {"created_by", "updated_by", "import_job", "document"}


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    short_name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "short_name", "level", "parent"]


class RecordSerializer(serializers.ModelSerializer):
    """A record with the state of its submission (region × dataset × period)."""

    approval_state = serializers.SerializerMethodField()

    def get_approval_state(self, obj) -> str:
        return self.context.get("states", {}).get(obj.pk, State.DRAFT)


def _fields(model, *extra: str) -> list[str]:
    return ([f.name for f in model._meta.concrete_fields if f.name not in HIDDEN]
            + list(extra) + ["approval_state"])


class DenominatorSerializer(RecordSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = WorkforceDenominator
        fields = _fields(WorkforceDenominator)


class ParticipationSerializer(RecordSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    funded_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = ParticipationSnapshot
        fields = _fields(ParticipationSnapshot, "funded_total")


class CommitmentSerializer(RecordSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    document_url = serializers.SerializerMethodField(
        help_text="the signed document (PDF) through the API; null without one")

    class Meta:
        model = Commitment
        fields = _fields(Commitment, "document_url")

    def get_document_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("api_commitment_document", args=[obj.pk]) if obj.document else None


class AllocationSerializer(RecordSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    package = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Allocation
        fields = _fields(Allocation)


class RealizationSerializer(RecordSerializer):
    region = serializers.CharField(source="allocation.region.code", read_only=True)

    class Meta:
        model = Realization
        fields = _fields(Realization, "region")


SERIALIZERS = {
    "denominators": DenominatorSerializer,
    "participation": ParticipationSerializer,
    "commitments": CommitmentSerializer,
    "allocations": AllocationSerializer,
    "realizations": RealizationSerializer,
}


def _indicator_field(key: str) -> serializers.Field:
    label = str(LABELS.get(key, key))
    if key in RATIO_KEYS:
        return serializers.FloatField(allow_null=True, help_text=f"{label} (a ratio, 0.3071)")
    if key in MONEY_KEYS:
        return serializers.IntegerField(allow_null=True, help_text=f"{label} (Rupiah)")
    return serializers.JSONField(help_text=label)


IndicatorValuesSerializer = type("IndicatorValues", (serializers.Serializer,), {
    key: _indicator_field(key) for key in KEYS})


class IndicatorsSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="Kemendagri code")
    name = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-MM")
    indicators = IndicatorValuesSerializer()


class SubmissionSerializer(serializers.Serializer):
    dataset = serializers.CharField(source="ds.slug")
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    period = serializers.CharField(help_text="2025 or 2025-06")
    records = serializers.IntegerField(source="count")
    state = serializers.ChoiceField(choices=State.choices)
    submitted_at = serializers.DateTimeField(source="submission.submitted_at", allow_null=True,
                                             default=None)
    submitted_by = serializers.CharField(source="submission.submitted_by", allow_null=True,
                                         default=None)
    approved_at = serializers.DateTimeField(source="submission.approved_at", allow_null=True,
                                            default=None)
    approved_by = serializers.CharField(source="submission.approved_by", allow_null=True,
                                        default=None)
    reason = serializers.CharField(source="submission.reason", default="")


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)
    owner_region = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                allow_null=True)
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                allow_null=True)
    challenge = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "meeting_title", "meeting_date", "challenge", "title",
                  "description", "owner_region", "owner_agency", "due_date", "status",
                  "progress", "done_at", "last_update_at", "created_at", "updated_at",
                  "is_synthetic"]
