"""The endpoint the national portal hands the province's dossiers to (``POST
/api/v1/national/dossiers``), with its own credential (``MOTCUA_NATIONAL_INBOUND_KEY``, sent as
``Authorization: Bearer <key>``; unset, every call is refused). Answers in the national portal's
terms, ``{"error_code": 0 | -1, "message"}``, and the API's (``code``, ``fields``, HTTP status)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import DomainError
from motcua.national import inbound


class NationalAnswerSerializer(serializers.Serializer):
    error_code = serializers.IntegerField(
        required=False,
        help_text="0: taken; -1: refused (absent when the edge refused the request before it)",
    )
    message = serializers.CharField()
    MaHoSo = serializers.CharField(required=False, help_text="The national dossier code")
    code = serializers.CharField(
        required=False, help_text="Taken: the province's dossier code; refused: the reason"
    )
    fields = serializers.DictField(  # type: ignore[assignment]  # the answer's name for them
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def _refusal(status: int, message: str, code: str, fields: dict | None = None) -> Response:
    body = {"error_code": -1, "message": message, "code": code, "fields": fields or {}}
    return Response(body, status=status)


def dossier_code(body: object) -> object:
    return body.get("MaHoSo") if isinstance(body, dict) else None


def _key_matches(request: Request) -> bool:
    key = settings.NATIONAL["INBOUND_KEY"]
    header = request.headers.get("Authorization", "")
    scheme, _space, given = header.partition(" ")
    return bool(key) and scheme.lower() == "bearer" and hmac.compare_digest(given, key)


class InboundDossierView(APIView):
    """A dossier submitted on the national portal: taken once per ``MaHoSo`` into the desk's
    queue of online submissions waiting for the check."""

    authentication_classes: list = []  # its own credential, checked below
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="national_dossiers_create",
        request=OpenApiTypes.OBJECT,
        responses={
            200: NationalAnswerSerializer,
            201: NationalAnswerSerializer,
            400: NationalAnswerSerializer,
            401: NationalAnswerSerializer,
            409: NationalAnswerSerializer,
        },
        tags=["national"],
        description="DongBoHoSoMC's fields (MaHoSo, MaTTHC, ChuHoSo, LoaiDoiTuong, SoDienThoai, "
        "Email, DiaChi), madonvi (the receiving unit) and TaiLieuNop[{TenTepDinhKem, NoiDung "
        "(base64)}]. The same body again is answered 200 with the same dossier.",
    )
    def post(self, request: Request) -> Response:
        if not _key_matches(request):
            return _refusal(401, _("Sign-in failed."), "authentication_failed")
        try:
            dossier, created = inbound.take(request.data)
        except DomainError as err:
            return _refusal(err.status_code, str(err.message), err.code, err.fields)
        message = _("Dossier received.") if created else _("Dossier already received.")
        return Response(
            {
                "error_code": 0,
                "message": message,
                "MaHoSo": dossier_code(request.data),
                "code": dossier.code,
            },
            status=201 if created else 200,
        )
