"""The report API: dossier statistics as the official form names them, and every figure of the
periodic reform report (API-CONTRACT.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.agencies.models import Agency
from motcua.catalog.api.views import period as from_to
from motcua.catalog.models import Field
from motcua.core.api import ErrorSerializer
from motcua.core.errors import DomainError
from motcua.reports import periods, reform, statistics

PERIOD = [
    OpenApiParameter("from", str, description="First day, YYYY-MM-DD"),
    OpenApiParameter("to", str, description="Last day, YYYY-MM-DD"),
    OpenApiParameter(
        "period",
        str,
        description="Instead of from/to: 2023, 2023-H1, 2023-Q2 or 2023-06",
    ),
    OpenApiParameter(
        "cutoff",
        bool,
        description="With period: the reporting cut-off period (15th to 14th) instead of "
        "calendar days",
    ),
]
TAGS = ["reports"]


def requested_period(request: Request) -> periods.Period:
    key = request.query_params.get("period", "").strip()
    if not key:
        start, end = from_to(request)
        return periods.Period(start, end)
    cutoff = request.query_params.get("cutoff", "").lower() in ("1", "true", "yes")
    try:
        return periods.parse(key, cutoff=cutoff)
    except ValueError:
        message = _("Write the period as 2023, 2023-H1, 2023-Q2 or 2023-06.")
        raise DomainError(message, code="invalid", fields={"period": [message]}) from None


def requested_scope(request: Request) -> statistics.Scope:
    params, errors = request.query_params, {}
    agency = None
    if params.get("agency"):
        agency = Agency.objects.filter(code=params["agency"]).first()
        if agency is None:
            errors["agency"] = [_("Unknown agency.")]
    level = params.get("level", "")
    if level and level not in Agency.Level.values:
        errors["level"] = [_("Not a valid choice.")]
    field_id = None
    if params.get("field"):
        raw = params["field"]
        found = Field.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        found = found or Field.objects.filter(name=raw).first()
        if found is None:
            errors["field"] = [_("Unknown field.")]
        else:
            field_id = found.pk
    if errors:
        raise DomainError(_("The request contains invalid data."), code="invalid", fields=errors)
    return statistics.Scope(
        agency=agency,
        level=level,
        field_id=field_id,
        procedure_code=params.get("procedure", "").strip(),
    )


class DossierStatisticsView(APIView):
    """Dossiers of a period and scope, named as in the official reporting form: carried over,
    received (counter, online, post), resolved early / on time / late, in progress within time /
    overdue, refused, withdrawn, returned, online (full / partial), paid (online), digitized and
    reused, ratings."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="statistics_dossiers",
        parameters=[
            *PERIOD,
            OpenApiParameter("agency", str, description="The deciding agency's code"),
            OpenApiParameter("level", str, description="The deciding agency's level"),
            OpenApiParameter("field", str, description="A field's id or name"),
            OpenApiParameter("procedure", str, description="A procedure code"),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        period = requested_period(request)
        return Response(statistics.dossier_statistics(period, requested_scope(request)))


class ReformReportView(APIView):
    """Every figure of the periodic reform report for the period, as JSON: the catalog's
    decisions and procedures, the reviews, the reform plan's progress on the last day, the
    dossiers."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="reports_reform",
        parameters=PERIOD,
        responses={200: OpenApiTypes.OBJECT, 400: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response(reform.reform_report(requested_period(request)))
