from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.api.permissions import needs
from motcua.accounts.permissions import Action, agencies_for, can
from motcua.agencies.selectors import known_agency
from motcua.catalog import selectors as catalog
from motcua.core.api import PERIOD, WRITE_ERRORS, ErrorSerializer, period, year_param
from motcua.core.idempotency import idempotent
from motcua.core.xlsx import XLSX_TYPE
from motcua.reviews import access, selectors, services, xlsx
from motcua.reviews.api.serializers import (
    ApproveSerializer,
    AssignmentInSerializer,
    DraftCreateSerializer,
    DraftListSerializer,
    DraftProcedureInSerializer,
    DraftSerializer,
    OpinionSerializer,
    OutcomeSerializer,
    PlanCreateSerializer,
    PlanListSerializer,
    PlanRecommendationsSerializer,
    PlanSerializer,
    RecommendationSerializer,
    ReviewInSerializer,
    ReviewListSerializer,
    ReviewPlanListSerializer,
    ReviewPlanSerializer,
    ReviewSerializer,
    ReviewStatisticsSerializer,
    RevisionSerializer,
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


def read_or_manage(request: Request) -> list[BasePermission]:
    """Reviewers and the control office read; the control office records."""
    if request is None or request.method in SAFE_METHODS:
        return [MayRead()]
    return [needs(Action.REVIEW_MANAGE)()]


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
        number = data.pop("plan", None)
        review = services.file_review(
            procedure_code=data.pop("procedure"),
            agency=known_agency(data.pop("agency"), "agency"),
            plan=selectors.known_review_plan(number) if number else None,
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
        return read_or_manage(self.request)

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
        if year := year_param(request):
            plans = plans.filter(year=year)
        return Response({"results": PlanSerializer(plans, many=True).data})

    @extend_schema(
        operation_id="simplification_plans_create",
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        body = PlanCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = services.create_simplification_plan(**body.validated_data)
        return Response(PlanSerializer(_plans().get(pk=plan.pk)).data, status=201)


class PlanRecommendationsView(APIView):
    """Gather current recommendations that are in no plan yet into a draft plan."""

    permission_classes = [needs(Action.REVIEW_MANAGE)]

    @extend_schema(
        operation_id="simplification_plans_recommendations_add",
        request=PlanRecommendationsSerializer,
        responses={200: PlanSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        plan = get_object_or_404(SimplificationPlan, pk=pk)
        body = PlanRecommendationsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.add_to_plan(plan, body.validated_data["recommendations"])
        return Response(PlanSerializer(_plans().get(pk=pk)).data)


class RevisionView(APIView):
    """A new revision of a recommendation (the only change once its plan is approved)."""

    permission_classes = [needs(Action.REVIEW_MANAGE)]

    @extend_schema(
        operation_id="recommendations_revise",
        request=RevisionSerializer,
        responses={201: RecommendationSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        rec = get_object_or_404(Recommendation, pk=pk)
        body = RevisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        new = services.revise_recommendation(rec, **body.validated_data)
        return Response(RecommendationSerializer(new).data, status=201)


class OutcomeView(APIView):
    """What became of a recommendation sent in an approved plan."""

    permission_classes = [needs(Action.REVIEW_MANAGE)]

    @extend_schema(
        operation_id="recommendations_outcome",
        request=OutcomeSerializer,
        responses={200: RecommendationSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        rec = get_object_or_404(Recommendation, pk=pk)
        body = OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        decision = catalog.known_decision(data["decision"]) if data["decision"] else None
        rec = services.record_outcome(rec, data["outcome"], note=data["note"], decision=decision)
        return Response(RecommendationSerializer(rec).data)


def _readable_agencies(user):
    return None if can(user, Action.REVIEW_MANAGE) else agencies_for(user, Action.REVIEW_FILE)


class ReviewPlanListView(APIView):
    """Review plans of a year with each line's progress (an agency sees its own lines); the
    control office records a plan."""

    def get_permissions(self):
        return read_or_manage(self.request)

    @extend_schema(
        operation_id="review_plans_list",
        parameters=[OpenApiParameter("year", int, description="Only this year's plans")],
        responses={
            200: ReviewPlanListSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        plans = ReviewPlan.objects.all()
        if year := year_param(request):
            plans = plans.filter(year=year)
        context = {"agencies": _readable_agencies(request.user)}
        return Response({"results": ReviewPlanSerializer(plans, many=True, context=context).data})

    @extend_schema(
        operation_id="review_plans_create",
        request=ReviewPlanSerializer,
        responses={201: ReviewPlanSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        body = ReviewPlanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        plan = services.create_plan(year=data["issued_on"].year, **data)
        return Response(ReviewPlanSerializer(plan).data, status=201)


class AssignmentsView(APIView):
    permission_classes = [needs(Action.REVIEW_MANAGE)]

    @extend_schema(
        operation_id="review_plans_assignments_create",
        request=AssignmentInSerializer,
        responses={201: ReviewPlanSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        plan = get_object_or_404(ReviewPlan, pk=pk)
        body = AssignmentInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.assign(
            plan,
            known_agency(data["agency"], "agency"),
            procedure_code=data["procedure"],
            field=catalog.known_field(data["field"]) if data["field"] else None,
            deadline=data["deadline"],
        )
        return Response(ReviewPlanSerializer(plan).data, status=201)


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
        return read_or_manage(self.request)

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

    @extend_schema(
        operation_id="draft_regulations_create",
        request=DraftCreateSerializer,
        responses={201: DraftSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        body = DraftCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["drafting_agency"] = known_agency(data["drafting_agency"], "drafting_agency")
        draft = services.register_draft(**data)
        return Response(DraftSerializer(draft).data, status=201)


def _draft(request: Request, pk: int) -> DraftRegulation:
    return get_object_or_404(
        access.scope(request.user, DraftRegulation.objects.all(), "drafting_agency"), pk=pk
    )


class DraftProceduresView(APIView):
    """The drafting agency lists a procedure of its draft with the impact assessment."""

    def get_permissions(self):
        return [MayRead()]

    @extend_schema(
        operation_id="draft_regulations_procedures_create",
        request=DraftProcedureInSerializer,
        responses={201: DraftSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        draft = _draft(request, pk)
        body = DraftProcedureInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        services.assess_draft_procedure(
            draft, procedure_code=data.pop("procedure"), by=request.user, **data
        )
        return Response(DraftSerializer(draft).data, status=201)


class OpinionView(APIView):
    """The control office's opinion on a draft and on each of its procedures."""

    permission_classes = [needs(Action.REVIEW_MANAGE)]

    @extend_schema(
        operation_id="draft_regulations_opinion",
        request=OpinionSerializer,
        responses={200: DraftSerializer, **WRITE_ERRORS},
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        draft = get_object_or_404(DraftRegulation, pk=pk)
        body = OpinionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.give_opinion(
            draft,
            opinion=data["opinion"],
            on=data["opinion_on"],
            procedures={row["id"]: (row["opinion"], row["note"]) for row in data["procedures"]},
            by=request.user,
        )
        draft.refresh_from_db()
        return Response(DraftSerializer(draft).data)
