from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from motcua.agencies import selectors
from motcua.agencies.api.serializers import AgencyQuerySerializer, AgencySerializer
from motcua.agencies.models import Agency
from motcua.core.api import ErrorSerializer
from motcua.core.pagination import KeysetPagination


class CodeCursorPagination(KeysetPagination):
    ordering = "code"


class AgencyListView(ListAPIView):
    """Agencies, filtered by level, parent code and the date they were in existence."""

    permission_classes = [AllowAny]
    serializer_class = AgencySerializer
    pagination_class = CodeCursorPagination
    filter_backends: list = []

    def get_queryset(self):
        query = AgencyQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return selectors.agencies(
            level=data.get("level"), parent=data.get("parent"), as_of=data.get("as_of")
        ).prefetch_related("successors")

    @extend_schema(
        operation_id="agencies_list",
        parameters=[AgencyQuerySerializer],
        responses={200: AgencySerializer(many=True), 400: ErrorSerializer},
        tags=["agencies"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AgencyDetailView(RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = AgencySerializer
    lookup_field = "code"
    queryset = Agency.objects.select_related("parent").prefetch_related("successors")

    @extend_schema(
        operation_id="agencies_retrieve",
        responses={200: AgencySerializer, 404: ErrorSerializer},
        tags=["agencies"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
