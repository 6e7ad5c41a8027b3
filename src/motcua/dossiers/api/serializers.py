from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from motcua.catalog.models import Channel
from motcua.core.api import SMALL
from motcua.dossiers.api import shapes
from motcua.dossiers.api.shapes import MAX_DOCUMENTS
from motcua.dossiers.models import SCAN_EXEMPTIONS, Dossier, State
from motcua.dossiers.selectors import QUEUES

OUTCOMES = ["accept", "request_supplement", "refuse"]


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
        choices=SCAN_EXEMPTIONS,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the paper needs no scan (Circular 03/2025 Art. 5(2)).",
    )

    def validate(self, data: dict) -> dict:
        if not data.get("document") and not data.get("name", "").strip():
            raise serializers.ValidationError(
                {"document": [_("Choose a document of the procedure or name the paper.")]}
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
    # many=True hands allow_empty and max_length to the list serializer (unknown to the stubs).
    documents = HandedSerializer(  # type: ignore[call-arg]
        many=True, allow_empty=True, max_length=MAX_DOCUMENTS
    )
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
    electronic = serializers.BooleanField(
        required=False,
        help_text="record_result: issue the result as a PDF signed by the deciding agency "
        "(refused with 409 signing_unavailable, and nothing recorded, when it cannot sign).",
    )
    agency = serializers.CharField(max_length=40, required=False)
    days = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, max_value=9999, required=False
    )
    amount = serializers.IntegerField(min_value=0, max_value=10**13, required=False)
    assignee = serializers.IntegerField(min_value=1, max_value=2_147_483_647, required=False)
    new_due = serializers.DateTimeField(required=False)


# The answers, generated from their one declaration (``api/shapes.py``): the OpenAPI schema's
# description, and DRF's generic path the tests compare the API's own writer with.
DossierSerializer = shapes.DOSSIER.serializer
DossierDetailSerializer = shapes.DETAIL.serializer
ScanSerializer = shapes.SCAN.serializer


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


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        max_length=255,
        required=False,
        allow_empty_file=True,
        help_text="The result's PDF. Without it, give the dossier code and the result number.",
    )
    dossier = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    result_number = serializers.CharField(
        required=False, allow_blank=True, max_length=100, default=""
    )


class VerdictSerializer(serializers.Serializer):
    issued_here = serializers.BooleanField(help_text="This system issued (or keeps) this result.")
    signature_valid = serializers.BooleanField(
        allow_null=True,
        help_text="Every signature intact, covering the whole file, by a trusted certificate; "
        "null without a file or a signature.",
    )
    signed_by = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    dossier = serializers.CharField()
    result_number = serializers.CharField()
    revoked = serializers.BooleanField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    replaced_by = serializers.CharField(help_text="The number of the result that replaced it.")
    test = serializers.BooleanField(help_text="Signed with a test certificate (no legal value).")


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
