from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.workdays.calendar import quarter_days

# A "+07:00" offset sent unencoded in a query string arrives as " 07:00".
_LOST_PLUS = re.compile(r" (\d{2}:?\d{2})$")


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentField(serializers.Field):
    """An ISO 8601 moment; without an offset it is read in the server's time zone."""

    default_error_messages = {
        "invalid": _("Enter a date and time in ISO 8601, e.g. 2026-01-15T09:00:00+07:00.")
    }

    def to_internal_value(self, data):
        text = _LOST_PLUS.sub(r"+\1", str(data).strip())
        try:
            value = parse_datetime(text)
            if value is None and (day := parse_date(text)) is not None:
                value = dt.datetime.combine(day, dt.time())
        except ValueError:
            value = None
        if value is None:
            self.fail("invalid")
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value

    def to_representation(self, value):
        return timezone.localtime(value).isoformat()


class DueQuerySerializer(serializers.Serializer):
    start = MomentField(help_text="Receipt moment, ISO 8601 (an offset is recommended).")
    days = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        required=False,
        min_value=Decimal(0),
        help_text="Working days, a multiple of 0.25.",
    )
    hours = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        required=False,
        min_value=Decimal(0),
        help_text="Working hours (whole minutes).",
    )
    calendar_days = serializers.IntegerField(required=False, min_value=0, max_value=3660)
    agency = serializers.CharField(
        required=False, max_length=40, help_text="Agency identifier code."
    )
    cutoff = serializers.TimeField(
        required=False,
        format="%H:%M",
        input_formats=["%H:%M"],
        help_text="A receipt after this hour counts from the next working day (e.g. 15:00).",
    )

    def validate_days(self, value: Decimal) -> Decimal:
        try:
            quarter_days(value)
        except ValueError as err:
            raise serializers.ValidationError(
                _("The number of working days must be a multiple of 0.25."), code="not_quarter"
            ) from err
        return value

    def validate_hours(self, value: Decimal) -> Decimal:
        if (value * 60) % 1:
            raise serializers.ValidationError(
                _("Hours must come to whole minutes."), code="not_minutes"
            )
        return value

    def validate(self, attrs: dict) -> dict:
        given = [name for name in ("days", "hours", "calendar_days") if name in attrs]
        if len(given) != 1:
            raise serializers.ValidationError(
                _("Give exactly one of days, hours or calendar_days."), code="one_amount"
            )
        if "calendar_days" in attrs and "cutoff" in attrs:
            raise serializers.ValidationError(
                {"cutoff": [_("A cut-off hour applies to working-time limits only.")]}
            )
        return attrs


class DueSerializer(serializers.Serializer):
    due = serializers.CharField(help_text="The due moment, ISO 8601 with offset.")
    calendar_version = serializers.CharField()
    start = serializers.CharField(help_text="The receipt moment as given.")
    counted_from = serializers.CharField(help_text="The working moment the count started from.")
    amount = serializers.CharField()
    unit = serializers.ChoiceField(choices=["working_days", "hours", "calendar_days"])
    schedule = serializers.CharField(help_text="The office schedule applied.")


class DaysQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2200)


class DayInfoSerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()
    # The API's name for where a day off comes from; it shadows DRF's Field.source attribute.
    source = serializers.CharField()  # type: ignore[assignment]


class DaysSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    calendar_version = serializers.CharField()
    days_off = DayInfoSerializer(many=True)
    makeup_days = DayInfoSerializer(many=True)
