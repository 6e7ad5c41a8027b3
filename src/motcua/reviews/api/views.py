from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.api.permissions import needs
from motcua.accounts.permissions import Action, can
from motcua.agencies.models import Agency
from motcua.catalog.api.views import PERIOD, WRITE_ERRORS, period
from motcua.core.api import ErrorSerializer
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.idempotency import idempotent
from motcua.core.xlsx import XLSX_TYPE
from motcua.reviews import access, selectors, services, xlsx
from motcua.reviews.api.serializers import (
    ApproveSerializer,
    DraftListSerializer,
    DraftSerializer,
    PlanListSerializer,
    PlanSerializer,
    ReviewInSerializer,
    ReviewListSerializer,
    ReviewSerializer,
    ReviewStatisticsSerializer,
)
from motcua.reviews.models import (
    DraftRegulation,
    Recommendation,
    Review,
    ReviewPlan,
    SimplificationPlan,
)

TAGS = ["reviews"]


class MayRead(BasePermission):
    def has_permission(self, request, view) -> bool:
        return access.may_read(request.user)


def _reviews(request: Request):
    qs = access.scope(request.user, selectors.filed_between(*period(request)))
    return (
        qs.select_related("procedure", "version", "agency", "plan", "parameters")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("plan", "decision"),
            )
        )
        .order_by("reviewed_on", "procedure__code", "id")
    )


class ReviewStatisticsView(APIView):
    """The review figures of a period: procedures reviewed, recommendations by kind, plans
    approved, compliance cost before and after (API-CONTRACT.md)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="reviews_statistics",
        parameters=PERIOD,
        responses={200: ReviewStatisticsSerializer, 400: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        stats = selectors.statistics(*period(request))
        return Response(ReviewStatisticsSerializer(stats).data)


class ReviewListView(APIView):
    """Reviews filed in a period (by the caller's agencies, or all for the control office);
    filing one reviews a procedure on the standard form."""

    def get_permissions(self):
        return [MayRead()]

    @extend_schema(
        operation_id="reviews_list",
        parameters=PERIOD,
        responses={
            200: ReviewListSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response({"results": ReviewSerializer(_reviews(request), many=True).data})

    @extend_schema(
        operation_id="reviews_create",
        request=ReviewInSerializer,
        responses={201: ReviewSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        body = ReviewInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        agency = Agency.objects.filter(code=data.pop("agency")).first()
        if agency is None:
            raise DomainError(
                _("Unknown agency."), code="invalid", fields={"agency": [_("Unknown agency.")]}
            )
        if not can(request.user, Action.REVIEW_FILE, agency) and not can(
            request.user, Action.REVIEW_MANAGE
        ):
            raise PermissionDenied(_("You may not file reviews for this agency."))
        plan = None
        if data.get("plan"):
            plan = ReviewPlan.objects.filter(number=data["plan"]).first()
            if plan is None:
                raise DomainError(
                    _("Unknown review plan."),
                    code="invalid",
                    fields={"plan": [_("Unknown review plan.")]},
                )
        data.pop("plan", None)
        review = services.file_review(
            procedure_code=data.pop("procedure"),
            agency=agency,
            plan=plan,
            recommendations=data.pop("recommendations", []),
            by=request.user,
            **data,
        )
        return Response(ReviewSerializer(review).data, status=201)


class ReviewDetailView(APIView):
    def get_permissions(self):
        return [MayRead()]

    @extend_schema(
        operation_id="reviews_retrieve",
        responses={
            200: ReviewSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        review = get_object_or_404(access.scope(request.user, Review.objects.all()), pk=pk)
        return Response(ReviewSerializer(review).data)


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReviewExportView(APIView):
    def get_permissions(self):
        return [MayRead()]

    @extend_schema(
        operation_id="reviews_export",
        parameters=PERIOD,
        responses={
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request) -> HttpResponse:
        start, end = period(request)
        return _xlsx(xlsx.reviews(_reviews(request)), f"ra-soat-{start}-{end}.xlsx")


def _plans():
    return SimplificationPlan.objects.annotate(
        n_recommendations=Count("recommendations", filter=Q(recommendations__isnull=False))
    )


class PlanListView(APIView):
    """Simplification plans, newest first."""

    def get_permissions(self):
        return [MayRead()]

    @extend_schema(
        operation_id="simplification_plans_list",
        parameters=[OpenApiParameter("year", int, description="Only this year's plans")],
        responses={
            200: PlanListSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        plans = _plans()
        year = request.query_params.get("year")
        if year:
            if not year.isdigit() or len(year) > 4:
                raise DomainError(
                    _("Enter a year."), code="invalid", fields={"year": [_("Enter a year.")]}
                )
            plans = plans.filter(year=int(year))
        return Response({"results": PlanSerializer(plans, many=True).data})


class PlanApproveView(APIView):
    permission_classes = [needs(Action.REVIEW_MANAGE)]

    @extend_schema(
        operation_id="simplification_plans_approve",
        request=ApproveSerializer,
        responses={200: PlanSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        plan = get_object_or_404(SimplificationPlan, pk=pk)
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.approve_plan(plan, by=request.user, **body.validated_data)
        return Response(PlanSerializer(_plans().get(pk=pk)).data)


class PlanExportView(APIView):
    def get_permissions(self):
        return [MayRead()]

    @extend_schema(
        operation_id="simplification_plans_export",
        responses={
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        plan = get_object_or_404(SimplificationPlan, pk=pk)
        return _xlsx(xlsx.simplification_plan(plan), f"phuong-an-{plan.pk}.xlsx")


class DraftListView(APIView):
    """Draft regulations received in a period, with their procedures and the opinions."""

    def get_permissions(self):
        return [MayRead()]

    @extend_schema(
        operation_id="draft_regulations_list",
        parameters=PERIOD,
        responses={
            200: DraftListSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        start, end = period(request)
        drafts = (
            access.scope(request.user, DraftRegulation.objects.all(), "drafting_agency")
            .filter(received_on__gte=start, received_on__lte=end)
            .select_related("drafting_agency")
            .prefetch_related("procedures__procedure")
        )
        return Response({"results": DraftSerializer(drafts, many=True).data})
