from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.accounts.permissions import active_roles, can_at
from motcua.catalog.models import Channel
from motcua.core.api import BuiltOnceMixin
from motcua.dossiers import transitions
from motcua.dossiers.models import (
    DigitizedCopy,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    State,
)
from motcua.dossiers.selectors import LABELS, QUEUES
from motcua.dossiers.services import AT_THE_DESK

SMALL = {"min_value": 0, "max_value": 32767}
OUTCOMES = ["accept", "request_supplement", "refuse"]
# A dossier's papers, or those asked for, are a few dozen at most; a body with more is refused.
MAX_DOCUMENTS = 100


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(
        choices=Dossier.ApplicantKind.choices, default=Dossier.ApplicantKind.PERSON
    )
    id_number = serializers.RegexField(r"^[0-9A-Za-z]{0,20}$", required=False, allow_blank=True)
    phone = serializers.RegexField(r"^\+?[0-9 .]{0,20}$", required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    representative_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    representative_id_number = serializers.RegexField(
        r"^[0-9A-Za-z]{0,20}$", required=False, allow_blank=True
    )


class HandedSerializer(serializers.Serializer):
    document = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    name = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    originals = serializers.IntegerField(default=0, **SMALL)
    copies = serializers.IntegerField(default=0, **SMALL)
    scan_exemption = serializers.ChoiceField(
        choices=DossierDocument._meta.get_field("scan_exemption").choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the paper needs no scan (Circular 03/2025 Art. 5(2)).",
    )

    def validate(self, data: dict) -> dict:
        if not data.get("document") and not data.get("name", "").strip():
            raise serializers.ValidationError(
                {"document": ["Chọn một thành phần hồ sơ hoặc nhập tên giấy tờ."]}
            )
        return data


class DossierCreateSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=20)
    agency = serializers.CharField(
        max_length=40, help_text="The deciding agency's identifier code."
    )
    receiving_agency = serializers.CharField(
        max_length=40,
        required=False,
        help_text="Where it is received; by default the caller's one-stop desk.",
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    applicant = ApplicantSerializer()
    documents = HandedSerializer(many=True, allow_empty=True, max_length=MAX_DOCUMENTS)
    outcome = serializers.ChoiceField(choices=OUTCOMES, default="accept")
    missing = serializers.ListField(
        child=serializers.CharField(max_length=1000),
        required=False,
        default=list,
        max_length=MAX_DOCUMENTS,
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    result_delivery = serializers.ChoiceField(choices=Channel.choices, required=False)


class ActionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=40)
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2_147_483_647,
        help_text="The revision the caller saw: a change since then is refused (409).",
    )
    missing = serializers.ListField(
        child=serializers.CharField(max_length=1000), required=False, max_length=MAX_DOCUMENTS
    )
    reason = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    signer = serializers.CharField(max_length=255, required=False, allow_blank=True)
    date = serializers.DateField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    agency = serializers.CharField(max_length=40, required=False)
    days = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, max_value=9999, required=False
    )
    amount = serializers.IntegerField(min_value=0, max_value=10**13, required=False)
    assignee = serializers.IntegerField(min_value=1, max_value=2_147_483_647, required=False)
    new_due = serializers.DateTimeField(required=False)


def _iso(moment) -> str | None:
    """A moment as DRF's DateTimeField writes it: local time, ISO 8601, "Z" for UTC."""
    if moment is None:
        return None
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class DossierSerializer(BuiltOnceMixin, serializers.ModelSerializer):
    state = serializers.IntegerField(min_value=1, max_value=10)
    state_label = serializers.CharField(source="get_state_display")
    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="version.name")
    agency = serializers.CharField(source="deciding_agency.code")
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    holder = serializers.CharField(source="holder.code")
    revision = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    actions = serializers.SerializerMethodField(help_text="The actions the caller may take now.")

    class Meta:
        model = Dossier
        fields = [
            "code",
            "state",
            "state_label",
            "procedure",
            "procedure_name",
            "channel",
            "agency",
            "receiving_agency",
            "holder",
            "applicant_name",
            "received_at",
            "due_at",
            "legal_due_at",
            "late",
            "revision",
            "actions",
        ]

    def to_representation(self, dossier: Dossier) -> dict:
        """The fields above, written out directly (``list_row``): a list of fifty rows spent
        most of its time in DRF's per-field machinery. ``test_api`` checks it against the
        generic path."""
        if type(self) is not DossierSerializer:  # the detail adds fields: the generic path
            return super().to_representation(dossier)
        values = {name: _follow(dossier, name) for name in (*LIST_COLUMNS, *LABELS)}
        return list_row(values, caller_roles(self.context))

    def get_actions(self, dossier: Dossier) -> list[str]:
        return actions_for(
            dossier.state,
            dossier.receiving_agency_id,
            dossier.holder_id,
            caller_roles(self.context),
        )


ROW_FIELDS = (
    "code",
    "state",
    "channel",
    "applicant_name",
    "received_at",
    "due_at",
    "legal_due_at",
    "late",
    "revision",
)
# What a list reads of each dossier: its own columns; ``selectors.labelled`` adds the codes
# and the name of what they point to.
LIST_COLUMNS = ("id", *ROW_FIELDS, *(column for column, _m, _f in LABELS.values()))
STATE_LABELS = dict(State.choices)


def _follow(obj, path: str):
    """``values()``'s ``a__b`` read from an instance and its related ones."""
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


NOBODY = ()  # no roles: no actions


def caller_roles(context: dict):
    """The caller's roles, read once for a whole list (kept in ``context``): None for a
    superuser (every action), ``NOBODY`` for an anonymous or inactive caller."""
    if "roles" not in context:
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            context["roles"] = NOBODY
        else:
            context["roles"] = None if user.is_superuser else active_roles(user)
    return context["roles"]


def actions_for(state: int, receiving_agency_id: int, holder_id: int, roles) -> list[str]:
    """The actions of the transition table the caller may take now on such a dossier."""
    if roles is NOBODY:
        return []
    actions = []
    for action in transitions.allowed(state):
        permission = transitions.TABLE[(state, action)].permission
        agency_id = receiving_agency_id if permission in AT_THE_DESK else holder_id
        if roles is None or can_at(roles, permission, agency_id):
            actions.append(action)
    return actions


def list_row(row: dict, roles) -> dict:
    """A dossier of a list as ``DossierSerializer`` writes it, from ``values(*LIST_VALUES)``."""
    return {
        "code": row["code"],
        "state": row["state"],
        "state_label": str(STATE_LABELS[row["state"]]),
        "procedure": row["procedure__code"],
        "procedure_name": row["version__name"],
        "channel": row["channel"],
        "agency": row["deciding_agency__code"],
        "receiving_agency": row["receiving_agency__code"],
        "holder": row["holder__code"],
        "applicant_name": row["applicant_name"],
        "received_at": _iso(row["received_at"]),
        "due_at": _iso(row["due_at"]),
        "legal_due_at": _iso(row["legal_due_at"]),
        "late": row["late"],
        "revision": row["revision"],
        "actions": actions_for(row["state"], row["receiving_agency_id"], row["holder_id"], roles),
    }


class ScanSerializer(serializers.ModelSerializer):
    size = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    pages = serializers.IntegerField(min_value=1, max_value=2000, allow_null=True)
    vouched_by = serializers.CharField(source="vouched_by.username", allow_null=True, default=None)

    class Meta:
        model = DigitizedCopy
        fields = [
            "id",
            "kind",
            "name",
            "content_type",
            "size",
            "sha256",
            "pages",
            "vouched_by",
            "vouched_at",
        ]


class ScanUploadSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=True)
    pages = serializers.IntegerField(min_value=1, max_value=2000)
    document = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        help_text="The document handed in; without it, the scan is of the result.",
    )
    signature = serializers.CharField(required=False, allow_blank=True, default="")


class HandedInSerializer(serializers.ModelSerializer):
    scans = ScanSerializer(many=True)
    originals = serializers.IntegerField(**SMALL)
    copies = serializers.IntegerField(**SMALL)

    class Meta:
        model = DossierDocument
        fields = ["id", "required", "name", "originals", "copies", "scan_exemption", "scans"]


class StepSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    agency = serializers.CharField(source="agency.code")
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)

    class Meta:
        model = DossierStep
        fields = [
            "order",
            "agency",
            "actor",
            "action",
            "assignee",
            "started_at",
            "due_at",
            "finished_at",
            "outcome",
        ]


class EventSerializer(serializers.ModelSerializer):
    sequence = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    agency = serializers.CharField(source="agency.code")
    from_state = serializers.IntegerField(allow_null=True, min_value=1, max_value=10)
    to_state = serializers.IntegerField(min_value=1, max_value=10)
    step = serializers.IntegerField(allow_null=True, min_value=0, max_value=2_147_483_647)

    class Meta:
        model = DossierEvent
        fields = [
            "sequence",
            "at",
            "actor",
            "action",
            "from_state",
            "to_state",
            "agency",
            "step",
            "due_before",
            "due_after",
            "note",
            "data",
        ]


class ApplicantOutSerializer(serializers.Serializer):
    name = serializers.CharField(source="applicant_name")
    kind = serializers.CharField(source="applicant_kind")
    id_number = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    representative_name = serializers.CharField()


class DossierDetailSerializer(DossierSerializer):
    applicant = ApplicantOutSerializer(source="*")
    documents = HandedInSerializer(many=True, max_length=MAX_DOCUMENTS)
    steps = StepSerializer(many=True)
    journal = EventSerializer(many=True, source="events")
    result_scans = serializers.SerializerMethodField()

    @extend_schema_field(ScanSerializer(many=True))
    def get_result_scans(self, dossier: Dossier) -> list[dict]:
        scans = [s for s in dossier.scans.all() if s.kind == DigitizedCopy.Kind.RESULT]
        return ScanSerializer(scans, many=True).data

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "regime",
            "limit_text",
            "transfer_due_at",
            "originals_due_at",
            "resolved_at",
            "returned_at",
            "result_number",
            "result_date",
            "result_signer",
            "applicant",
            "documents",
            "result_scans",
            "steps",
            "journal",
        ]


class DossierQuerySerializer(serializers.Serializer):
    queue = serializers.ChoiceField(
        choices=list(QUEUES),
        required=False,
        help_text="The one-stop shop's queues: todo (waiting for the caller), soon (due within "
        "a working day), late — as on the officer's page.",
    )
    state = serializers.ChoiceField(choices=State.choices, required=False)
    agency = serializers.CharField(max_length=40, required=False)
    procedure = serializers.CharField(max_length=20, required=False)
    q = serializers.CharField(max_length=200, required=False)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    due_before = serializers.DateTimeField(required=False)
