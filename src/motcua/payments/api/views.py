"""Payment providers' server-to-server notices."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.api import ErrorSerializer
from motcua.core.parsers import JSONParser
from motcua.payments import services


class CallbackView(APIView):
    """A provider's notice that a payment ended (paid or failed). Signed by the provider; the
    same notice twice gets the same answer and changes nothing."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # the signature is the authentication
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            200: inline_serializer(
                "CallbackAnswer",
                {"order": serializers.CharField(), "state": serializers.CharField()},
            ),
            **{code: ErrorSerializer for code in (400, 403, 404, 409)},
        },
    )
    def post(self, request: Request, provider: str) -> Response:
        body = request.data if hasattr(request.data, "items") else {}
        payment = services.handle_callback(provider, body)
        return Response({"order": payment.reference, "state": payment.state})
