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

from motcua.accounts.api.permissions import needs
from motcua.accounts.permissions import Action
from motcua.agencies.models import Agency
from motcua.catalog.models import Field
from motcua.core.api import ErrorSerializer
from motcua.core.api import period as from_to
from motcua.core.errors import DomainError
from motcua.reports import documents, indicators, periods, reform, statistics

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
    for name in ("agency", "level", "field", "procedure"):
        if "\x00" in params.get(name, ""):  # no database stores it; PostgreSQL refuses it
            message = _("Not a valid choice.")
            raise DomainError(message, code="invalid", fields={name: [message]})
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


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReformReportView(APIView):
    """Every figure of the periodic reform report for the period, as JSON: the catalog's
    decisions and procedures, the reviews, the reform plan's progress on the last day, the
    dossiers and their trend by month, the province's Decision 766 score for the last month; or
    the report itself (``format=docx`` or ``pdf``), in the
    national administrative-document layout, as a draft the office edits. A draft of an official
    report: for those who read the reports (the public statistics stay public)."""

    permission_classes = [needs(Action.REPORTS_VIEW)]

    def perform_content_negotiation(self, request, force=False):
        # ``format`` chooses the document here, not a DRF renderer: errors stay JSON.
        from rest_framework.renderers import JSONRenderer

        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        operation_id="reports_reform",
        parameters=[
            *PERIOD,
            OpenApiParameter("format", str, enum=["json", "docx", "pdf"], description="json"),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, DOCX_TYPE): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request):
        from django.http import HttpResponse

        kind = request.query_params.get("format", "json") or "json"
        if kind not in ("json", "docx", "pdf"):
            message = _("Choose json, docx or pdf.")
            raise DomainError(message, code="invalid", fields={"format": [message]})
        period = requested_period(request)
        report = reform.reform_report(period)
        if kind == "json":
            return Response(report)
        issuer = Agency.objects.filter(level=Agency.Level.PROVINCE).valid_on(period.end).first()
        if kind == "docx":
            data, content_type = documents.reform_docx(report, issuer=issuer), DOCX_TYPE
        else:
            data, content_type = documents.reform_pdf(report, issuer=issuer), "application/pdf"
        response = HttpResponse(data, content_type=content_type)
        name = f"bao-cao-cchc-{period.start}-{period.end}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _scorecard_body(card) -> dict:
    return {
        "agency": card.agency.code if card.agency else None,
        "total": card.total,
        "groups": [
            {"code": g["code"], "name": str(g["label"]), "max": g["max"], "points": g["points"]}
            for g in card.groups
        ],
        "indicators": [
            {
                "id": v.indicator.id,
                "group": v.indicator.group,
                "name": str(v.indicator.name),
                "numerator": v.numerator,
                "denominator": v.denominator,
                "ratio": v.ratio,
                "max": v.indicator.max_points,
                "target": v.indicator.target,
                "points": v.points,
            }
            for v in card.values
        ],
    }


class IndicatorsView(APIView):
    """The Decision 766 indicators of a month with their points, for an agency or the province
    (then with the ranking of agencies)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="indicators",
        parameters=[
            OpenApiParameter("month", str, description="YYYY-MM (default: this month)"),
            OpenApiParameter("agency", str, description="An agency's code (default: province)"),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        from django.utils import timezone

        month = request.query_params.get("month", "").strip() or timezone.localdate().strftime(
            "%Y-%m"
        )
        if not periods.PATTERN.match(month) or len(month) != 7:
            message = _("Write the month as YYYY-MM.")
            raise DomainError(message, code="invalid", fields={"month": [message]})
        try:
            periods.calendar_period(month)
        except ValueError:
            message = _("Write the month as YYYY-MM.")
            raise DomainError(message, code="invalid", fields={"month": [message]}) from None
        scope = requested_scope(request)
        # The ranking first: the province's scorecard is then taken from its grouped counts.
        ranking = indicators.ranking(month) if scope.agency is None else None
        body = {"month": month, **_scorecard_body(indicators.scorecard(month, scope.agency))}
        if ranking is not None:
            body["ranking"] = [
                {
                    "rank": rank,
                    "agency": card.agency.code,
                    "name": card.agency.name,
                    "total": card.total,
                }
                for rank, card in enumerate(ranking, start=1)
            ]
        return Response(body)


class DrillDownView(APIView):
    """The dossiers behind one count of ``statistics/dossiers`` (codes and dates, nothing
    personal), for officers who read reports."""

    permission_classes = [needs(Action.REPORTS_VIEW)]

    @extend_schema(
        operation_id="statistics_dossiers_behind",
        parameters=[
            OpenApiParameter("count", str, description="A count's name, e.g. resolved_late"),
            *PERIOD,
            OpenApiParameter("agency", str, description="The deciding agency's code"),
            OpenApiParameter("limit", int, description="At most this many (default 100, ≤ 1000)"),
            OpenApiParameter("offset", int, description="Skip this many"),
        ],
        responses={
            200: OpenApiTypes.OBJECT,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        name = request.query_params.get("count", "")
        if name not in statistics.drill_names():
            message = _("Not a count of the statistics.")
            raise DomainError(message, code="invalid", fields={"count": [message]})
        try:
            limit = min(1000, max(1, int(request.query_params.get("limit", 100))))
            offset = max(0, int(request.query_params.get("offset", 0)))
        except ValueError:
            message = _("Enter a whole number.")
            raise DomainError(message, code="invalid", fields={"limit": [message]}) from None
        rows = statistics.dossiers_behind(
            name, requested_period(request), requested_scope(request)
        ).order_by("received_at", "pk")
        total = rows.count()
        page = rows.values(
            "code", "state", "channel", "received_at", "due_at", "resolved_at", "late"
        )[offset : offset + limit]
        return Response({"count": total, "results": list(page)})
