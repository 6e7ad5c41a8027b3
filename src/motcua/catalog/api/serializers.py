from __future__ import annotations

from rest_framework import serializers

from motcua.catalog import selectors
from motcua.catalog.models import (
    Channel,
    DecisionItem,
    Fee,
    FollowUpDuty,
    Level,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    TimeLimit,
)
from motcua.catalog.shapes import SUMMARY
from motcua.core.api import INT32, SMALL, BuiltOnceMixin


class ProcedureQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    field = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    level = serializers.ChoiceField(
        required=False, choices=["ministry", "province", "district", "commune", "vertical", "other"]
    )
    agency = serializers.CharField(required=False, max_length=20)
    online = serializers.ChoiceField(required=False, choices=ProcedureVersion.Online.values)
    kind = serializers.ChoiceField(required=False, choices=["tthc", "internal"])
    scope = serializers.ChoiceField(required=False, choices=["all", "province"])
    as_of = serializers.DateField(required=False)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=1_000_000, default=0)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)


# A result row, generated from its one declaration (catalog/shapes.py).
ProcedureSummarySerializer = SUMMARY.serializer


class ProcedureListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    count_is_estimate = serializers.BooleanField(
        help_text="True for queries matching thousands of texts: count is then the number of "
        "matching texts before the date and the filters."
    )
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    corrected = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    results = ProcedureSummarySerializer(many=True)


class TimeLimitSerializer(BuiltOnceMixin, serializers.ModelSerializer):
    value = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    unit = serializers.SerializerMethodField()

    class Meta:
        model = TimeLimit
        fields = ["channel", "value", "unit", "text", "sub_case", "description"]

    def get_unit(self, obj: TimeLimit) -> str | None:
        return obj.unit or None


class FeeSerializer(BuiltOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = Fee
        fields = ["channel", "amount", "currency", "text"]


class DocumentSerializer(BuiltOnceMixin, serializers.ModelSerializer):
    originals = serializers.IntegerField(**SMALL)
    copies = serializers.IntegerField(**SMALL)
    form_url = serializers.SerializerMethodField()

    class Meta:
        model = RequiredDocument
        fields = ["id", "group", "name", "originals", "copies", "required", "form_name", "form_url"]

    def get_form_url(self, obj: RequiredDocument) -> str | None:
        return obj.form_file.url if obj.form_file else None


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class VersionSerializer(BuiltOnceMixin, serializers.ModelSerializer):
    number = serializers.IntegerField(**INT32)
    time_limits = TimeLimitSerializer(many=True)
    fees = FeeSerializer(many=True)
    documents = DocumentSerializer(many=True)
    agencies = AgencyRefSerializer(many=True)
    field = serializers.CharField(source="field.name", allow_null=True, default=None)
    levels = serializers.ListField(source="level_list", child=serializers.CharField())
    cutoff = serializers.TimeField(format="%H:%M", allow_null=True)
    later_citations = serializers.SerializerMethodField(
        help_text="Documents the text cites that were issued after the version took effect: "
        "the text came from a later national record (as published today)."
    )

    class Meta:
        model = ProcedureVersion
        fields = [
            "number",
            "source",
            "effective_from",
            "effective_to",
            *ProcedureVersion.CONTENT_FIELDS,
            "time_limits",
            "fees",
            "documents",
            "agencies",
            "change_note",
            "flags",
            "later_citations",
        ]

    def get_later_citations(self, obj: ProcedureVersion) -> list[str]:
        return obj.later_citations()


class HistorySerializer(serializers.Serializer):
    decision = serializers.CharField()
    decision_id = serializers.IntegerField(allow_null=True)
    action = serializers.CharField()
    effective_from = serializers.DateField(allow_null=True)
    signed_on = serializers.DateField(allow_null=True)


class ProcedureDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.CharField(allow_null=True)
    in_province_list = serializers.BooleanField()
    version = VersionSerializer()
    history = HistorySerializer(many=True)


class DecisionItemSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(**INT32)
    procedure = serializers.CharField(source="procedure.code")
    successor = serializers.CharField(source="successor.code", allow_null=True, default=None)
    name = serializers.SerializerMethodField()
    content = VersionSerializer(
        source="version",
        allow_null=True,
        help_text="The content the item publishes (null for an abolished procedure).",
    )

    content_follows = serializers.SerializerMethodField(
        help_text="Published by reference: the ministry's decision the content follows until "
        "the national record is known; null otherwise."
    )

    class Meta:
        model = DecisionItem
        fields = [
            "order",
            "action",
            "procedure",
            "successor",
            "name",
            "note",
            "content",
            "content_follows",
        ]

    def get_content_follows(self, obj: DecisionItem) -> str | None:
        return selectors.by_reference(obj.version) or None

    def get_name(self, obj: DecisionItem) -> str:
        if obj.version is not None:
            return obj.version.name
        latest = obj.procedure.versions.order_by("-number").first()
        return latest.name if latest else ""


class DutySerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpDuty
        fields = ["kind", "due_at", "done_at", "calendar_version", "overdue", "note"]

    def get_overdue(self, obj: FollowUpDuty) -> bool:
        return obj.is_late


class DecisionSerializer(serializers.ModelSerializer):
    counts = serializers.SerializerMethodField()

    class Meta:
        model = PublicationDecision
        fields = [
            "id",
            "number",
            "title",
            "state",
            "signed_on",
            "effective_from",
            "signer",
            "counts",
        ]

    def get_counts(self, obj: PublicationDecision) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in obj.items.all():
            counts[item.action] = counts.get(item.action, 0) + 1
        return counts


class FollowUpInTextSerializer(serializers.Serializer):
    kind = serializers.CharField()
    days = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class CandidateSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ImportedStepSerializer(serializers.Serializer):
    actor = serializers.CharField(allow_blank=True)
    action = serializers.CharField(allow_blank=True)
    days = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    counted = serializers.BooleanField()


class ImportedSegmentSerializer(serializers.Serializer):
    first = serializers.IntegerField(**INT32)
    last = serializers.IntegerField(**INT32)
    days = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    actor = serializers.CharField(allow_blank=True)


class ImportedProcessSerializer(serializers.Serializer):
    code = serializers.CharField(allow_blank=True)
    agency = serializers.CharField(allow_blank=True)
    heading = serializers.CharField(allow_blank=True)
    steps = ImportedStepSerializer(many=True)
    segments = ImportedSegmentSerializer(many=True)


class UnresolvedRowSerializer(serializers.Serializer):
    order = serializers.IntegerField(**INT32)
    kind = serializers.CharField(default="row")
    action = serializers.CharField(allow_blank=True)
    code = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)
    problem = serializers.CharField(allow_blank=True)
    candidates = CandidateSerializer(many=True)


class DecisionDetailSerializer(DecisionSerializer):
    items = DecisionItemSerializer(many=True)
    duties = DutySerializer(many=True)
    follow_up = FollowUpInTextSerializer(many=True)
    unresolved = UnresolvedRowSerializer(many=True)
    processes = ImportedProcessSerializer(many=True)

    class Meta(DecisionSerializer.Meta):
        fields = [
            *DecisionSerializer.Meta.fields,
            "legal_basis",
            "dated_on",
            "authority",
            "place",
            "signer_title",
            "items",
            "duties",
            "follow_up",
            "unresolved",
            "processes",
        ]


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=255)
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="false (default): read and check only, nothing is stored; true: create the draft.",
    )


class ReadProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, **INT32)
    code = serializers.CharField()
    message = serializers.CharField()
    procedure = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    candidates = CandidateSerializer(many=True, required=False)


class ReadDutySerializer(serializers.Serializer):
    kind = serializers.CharField()
    days = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)


class DocumentReadingSerializer(serializers.Serializer):
    number = serializers.CharField(allow_blank=True)
    date = serializers.DateField(allow_null=True)
    signer = serializers.CharField(allow_blank=True)
    items = serializers.DictField(child=serializers.IntegerField())
    codes = serializers.ListField(child=serializers.CharField())
    duties = ReadDutySerializer(many=True)
    problems = ReadProblemSerializer(many=True)
    decision = serializers.IntegerField(allow_null=True, **INT32)
    unresolved = serializers.IntegerField(**INT32)


class RowResolveSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    agency = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        default="",
        help_text="For an internal process: the agency's identifier code.",
    )
    drop = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        if not data["drop"] and not data["code"] and not data["agency"]:
            raise serializers.ValidationError({"code": ["Give the code, or drop the row."]})
        return data


class DecisionCreateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    signer = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")


class TimeLimitInSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    sub_case = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    value = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    unit = serializers.ChoiceField(
        choices=TimeLimit.Unit.values, required=False, allow_blank=True, default=""
    )
    text = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class FeeInSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, allow_blank=True, default=""
    )
    amount = serializers.IntegerField(
        min_value=0, max_value=10**13, required=False, allow_null=True
    )
    currency = serializers.CharField(required=False, allow_blank=True, max_length=5, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")


class DocumentInSerializer(serializers.Serializer):
    group = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    name = serializers.CharField(max_length=2000)
    originals = serializers.IntegerField(min_value=0, max_value=100, default=0)
    copies = serializers.IntegerField(min_value=0, max_value=100, default=0)
    # The metaclass takes declared fields off the class: this does not shadow Field.required.
    required = serializers.BooleanField(default=True)  # type: ignore[assignment]
    form_name = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


# What an item may say about the content it publishes in words, as the admin does (domain
# §4.1): the version's text fields; the others have fields of their own below.
ITEM_TEXT_FIELDS = (
    *(
        name
        for name in ProcedureVersion.CONTENT_FIELDS
        if name
        not in (
            "field",
            "levels",
            "online",
            "mechanism",
            "boundary_independent",
            "cutoff",
            "legal_basis",
            "centralised_system",
            "source_url",
        )
    ),
    "change_note",
)


class ItemCreateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=DecisionItem.Action.values)
    procedure = serializers.CharField(max_length=20)
    successor = serializers.CharField(max_length=20, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    name = serializers.CharField(required=False, allow_blank=True)
    procedure_type = serializers.CharField(required=False, allow_blank=True, max_length=255)
    subjects = serializers.CharField(required=False, allow_blank=True)
    steps = serializers.CharField(required=False, allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    result = serializers.CharField(required=False, allow_blank=True)
    competent_agency = serializers.CharField(required=False, allow_blank=True)
    implementing_agency = serializers.CharField(required=False, allow_blank=True)
    receiving_address = serializers.CharField(required=False, allow_blank=True)
    delegated_agency = serializers.CharField(required=False, allow_blank=True)
    cooperating_agency = serializers.CharField(required=False, allow_blank=True)
    related_procedures = serializers.CharField(required=False, allow_blank=True)
    legal_basis_text = serializers.CharField(required=False, allow_blank=True)
    documents_text = serializers.CharField(required=False, allow_blank=True)
    national_decision = serializers.CharField(required=False, allow_blank=True, max_length=255)
    change_note = serializers.CharField(required=False, allow_blank=True)
    field = serializers.CharField(required=False, allow_blank=True, max_length=255)
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.values), required=False, max_length=6
    )
    online = serializers.ChoiceField(choices=ProcedureVersion.Online.values, required=False)
    mechanism = serializers.ChoiceField(choices=ProcedureVersion.Mechanism.values, required=False)
    boundary_independent = serializers.BooleanField(required=False)
    centralised_system = serializers.RegexField(
        r"^(\d{2})?$",
        required=False,
        allow_blank=True,
        help_text="Two digits of a nationally centralised system's owner (Circular 04/2025).",
    )
    time_limits = TimeLimitInSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    fees = FeeInSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    documents = DocumentInSerializer(many=True, required=False, max_length=200)  # type: ignore[call-arg]
    agencies = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, max_length=200
    )


class ProcessStepSerializer(serializers.Serializer):
    actor = serializers.CharField(max_length=255)
    role = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    action = serializers.CharField(max_length=5000)
    output = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    days = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    counted = serializers.BooleanField(default=True)
    agency = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=20,
        help_text="Identifier code of another agency for an inter-agency step.",
    )


class ProcessSegmentSerializer(serializers.Serializer):
    first = serializers.IntegerField(min_value=1, max_value=1000)
    last = serializers.IntegerField(min_value=1, max_value=1000)
    days = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    actor = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    agency = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20)


class ProcessInSerializer(serializers.Serializer):
    agency = serializers.CharField(max_length=20)
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, allow_blank=True, default=""
    )
    effective_from = serializers.DateField()
    approval_decision = serializers.CharField(
        required=False, allow_blank=True, max_length=100, default=""
    )
    approved_on = serializers.DateField(required=False, allow_null=True)
    steps = ProcessStepSerializer(many=True, max_length=200)  # type: ignore[call-arg]
    segments = ProcessSegmentSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]


class ProcessStepOutSerializer(serializers.Serializer):
    order = serializers.IntegerField(**INT32)
    actor = serializers.CharField()
    role = serializers.CharField()
    action = serializers.CharField()
    output = serializers.CharField()
    days = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    counted = serializers.BooleanField()
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)


class ProcessSegmentOutSerializer(serializers.Serializer):
    first = serializers.IntegerField(**INT32)
    last = serializers.IntegerField(**INT32)
    days = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    actor = serializers.CharField()
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)


class ProcessOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(**INT32)
    procedure = serializers.CharField(source="procedure.code")
    agency = serializers.CharField(source="agency.code")
    channel = serializers.CharField()
    number = serializers.IntegerField(**INT32)
    approval_decision = serializers.CharField()
    approved_on = serializers.DateField(allow_null=True)
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    steps = ProcessStepOutSerializer(many=True)
    segments = ProcessSegmentOutSerializer(many=True)


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    effective_from = serializers.DateField(required=False)
    signer = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class PeriodSerializer(serializers.Serializer):
    from_ = serializers.DateField(required=False)
    to = serializers.DateField(required=False)

    def to_internal_value(self, data):
        data = data.copy()
        if "from" in data:
            data["from_"] = data["from"]
        return super().to_internal_value(data)


class StatisticsSerializer(serializers.Serializer):
    decisions = serializers.IntegerField()
    procedures = serializers.DictField(child=serializers.IntegerField())
    size = serializers.DictField()
