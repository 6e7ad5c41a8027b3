from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.api.permissions import needs
from motcua.accounts.permissions import Action, can
from motcua.agencies.selectors import known_agency
from motcua.core.api import WRITE_ERRORS, ErrorSerializer
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.idempotency import idempotent
from motcua.reform import selectors, services, xlsx
from motcua.reform.api.serializers import (
    ImportedSerializer,
    ImportSerializer,
    ProgressSerializer,
    ReportInSerializer,
    ReportSerializer,
    TaskListSerializer,
)
from motcua.reform.models import ReformPlan, ReformTask

TAGS = ["reform"]
QUERY = [
    OpenApiParameter("year", int, description="The plan's year (default: this year)"),
    OpenApiParameter(
        "as_of", str, description="The day of the figures, YYYY-MM-DD (default: today)"
    ),
]


def _plan_and_day(request: Request) -> tuple[ReformPlan, dt.date]:
    errors = {}
    raw_year = request.query_params.get("year", "")
    year = timezone.localdate().year
    if raw_year:
        if raw_year.isdigit() and len(raw_year) == 4:
            year = int(raw_year)
        else:
            errors["year"] = [_("Enter a year.")]
    raw_day = request.query_params.get("as_of", "")
    day = timezone.localdate()
    if raw_day:
        try:
            day = parse_date(raw_day)
        except ValueError:
            day = None
        if day is None:
            errors["as_of"] = [_("Enter a date as YYYY-MM-DD.")]
    if errors:
        raise DomainError(_("The request contains invalid data."), code="invalid", fields=errors)
    plan = selectors.plan_of_year(year)
    if plan is None:
        raise NotFound(_("No reform plan for %(year)s.") % {"year": year})
    return plan, day


class ProgressView(APIView):
    """The reform plan's figures on a day: objectives, tasks by derived status, unit plans filed
    (API-CONTRACT.md), by area and by lead agency."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="reform_progress",
        parameters=QUERY,
        responses={200: ProgressSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        plan, day = _plan_and_day(request)
        return Response(ProgressSerializer(selectors.progress(plan, day)).data)


class TaskListView(APIView):
    """Every task of the year's plan with its status on the day."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="reform_tasks_list",
        parameters=QUERY,
        responses={200: TaskListSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        plan, day = _plan_and_day(request)
        states = sorted(selectors.task_states(plan, day), key=lambda s: s.task.order)
        return Response(TaskListSerializer({"results": states}).data)


class ReportView(APIView):
    """An agency reports its progress on a task it leads or helps with."""

    permission_classes = [needs(Action.REFORM_REPORT)]

    @extend_schema(
        operation_id="reform_tasks_report",
        request=ReportInSerializer,
        responses={201: ReportSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        task = get_object_or_404(ReformTask.objects.select_related("plan", "lead"), pk=pk)
        body = ReportInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        agency = known_agency(data.pop("agency"), "agency")
        if not can(request.user, Action.REFORM_REPORT, agency):
            raise PermissionDenied(_("You may not report for this agency."))
        report = services.report_progress(task, agency, by=request.user, **data)
        return Response(ReportSerializer(report).data, status=201)


class ImportView(APIView):
    """Import the plan's task table (the annex layout, XLSX); all rows or none."""

    permission_classes = [needs(Action.REFORM_MANAGE)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="reform_plans_import",
        request={"multipart/form-data": ImportSerializer},
        responses={201: ImportedSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        plan = get_object_or_404(ReformPlan, pk=pk)
        body = ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = xlsx.import_tasks(plan, body.validated_data["file"].read())
        return Response({"imported": made}, status=201)
