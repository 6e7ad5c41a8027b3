from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.api import ErrorSerializer
from motcua.core.errors import DomainError
from motcua.workdays import selectors
from motcua.workdays.api.serializers import (
    DaysQuerySerializer,
    DaysSerializer,
    DueQuerySerializer,
    DueSerializer,
)
from motcua.workdays.calendar import CalendarError, hhmm
from motcua.workdays.models import OfficeSchedule


def _calendar_error(err: CalendarError) -> DomainError:
    messages = {
        "out_of_calendar_range": _("The date is outside the working calendar (%(first)s–%(last)s).")
        % {"first": settings.WORKDAYS_FIRST_YEAR, "last": settings.WORKDAYS_LAST_YEAR},
        "invalid_amount": _("The amount of time is not valid."),
    }
    return DomainError(
        messages.get(err.code, _("The calendar cannot compute this.")), code=err.code
    )


class DueView(APIView):
    """When is it due? Working days, working hours or calendar days from a receipt moment."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calendar_due",
        parameters=[DueQuerySerializer],
        responses={200: DueSerializer, 400: ErrorSerializer},
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        query = DueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        schedule = OfficeSchedule.DEFAULT_CODE
        if agency := data.get("agency"):
            found = selectors.schedule_for_agency(agency)
            if found is None:
                raise DomainError(
                    _("Unknown agency code: %(code)s.") % {"code": agency},
                    code="unknown_agency",
                    fields={"agency": [_("No agency has this identifier code.")]},
                )
            schedule = found
        cal = selectors.calendar(schedule=schedule)
        cutoff = hhmm(data["cutoff"]) if "cutoff" in data else None
        start = data["start"]
        try:
            if "days" in data:
                unit, amount = "working_days", data["days"]
                due = cal.add_working_days(start, amount, cutoff=cutoff)
            elif "hours" in data:
                unit, amount = "hours", data["hours"]
                due = cal.add_working_hours(start, amount, cutoff=cutoff)
            else:
                unit, amount = "calendar_days", data["calendar_days"]
                due = cal.add_calendar_days(start, amount)
            counted_from = cal.next_working_moment(start)
        except CalendarError as err:
            raise _calendar_error(err) from err
        return Response(
            {
                "due": due.isoformat(),
                "calendar_version": cal.version,
                "start": start.astimezone(cal.tz).isoformat(),
                "counted_from": counted_from.isoformat(),
                "amount": f"{amount.normalize():f}" if unit != "calendar_days" else str(amount),
                "unit": unit,
                "schedule": schedule,
            }
        )


class DaysView(APIView):
    """The official days off and make-up working days of a year, with their sources."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calendar_days",
        parameters=[DaysQuerySerializer],
        responses={200: DaysSerializer, 400: ErrorSerializer},
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        query = DaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        if not settings.WORKDAYS_FIRST_YEAR <= year <= settings.WORKDAYS_LAST_YEAR:
            raise DomainError(
                _("The year is outside the working calendar (%(first)s–%(last)s).")
                % {"first": settings.WORKDAYS_FIRST_YEAR, "last": settings.WORKDAYS_LAST_YEAR},
                code="out_of_calendar_range",
                fields={"year": [_("Year outside the calendar.")]},
            )
        return Response(selectors.days_of_year(year))
