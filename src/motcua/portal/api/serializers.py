from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class TrackQuerySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="The dossier code on the receipt slip.")
    factor = serializers.CharField(
        max_length=20,
        help_text="The phone number given at receipt, or the last digits of the ID number.",
        error_messages={"required": _("Give the phone number or the last digits of the ID.")},
    )


class TrackSerializer(serializers.Serializer):
    """Status and appointment only: nothing about the applicant."""

    code = serializers.CharField()
    state = serializers.IntegerField(help_text="1–10, domain/README.md §2.2.")
    state_name = serializers.CharField()
    procedure_code = serializers.CharField()
    procedure_name = serializers.CharField()
    agency_name = serializers.CharField(help_text="Where the dossier was received.")
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="The appointment.")
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    result_ready = serializers.BooleanField()
