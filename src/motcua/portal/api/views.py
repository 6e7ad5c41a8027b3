"""The portal's public API (API-CONTRACT.md, "Dossiers": ``GET track``)."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.api import ErrorSerializer
from motcua.portal import tracking
from motcua.portal.api.serializers import TrackQuerySerializer, TrackSerializer


class TrackView(APIView):
    """A dossier's status and appointment, for its code plus a second factor; rate-limited."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # public: no session, no CSRF, nobody's data

    @extend_schema(
        parameters=[TrackQuerySerializer],
        responses={
            200: TrackSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        query = TrackQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = tracking.track(
            query.validated_data["code"],
            query.validated_data["factor"],
            client=get_client_ip_address(request) or "-",
        )
        body = TrackSerializer(found).data
        return Response(body, headers={"Cache-Control": "no-store"})
